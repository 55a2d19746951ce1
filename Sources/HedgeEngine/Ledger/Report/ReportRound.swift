/// One of the engine's rounds (one quote's worth of size, across its cancel-replaces): the
/// pairs whose opening fills came from orders of that round, added up.
public struct ReportRound: Sendable, Hashable, Codable {
    /// The round, from 0; nil gathers fills of orders the engine did not send.
    public var round: Int?
    /// Its pairs added up.
    public var sum: ReportSum
}
