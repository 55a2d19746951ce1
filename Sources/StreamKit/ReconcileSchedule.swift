/// How often a stream client asks the venue's REST history for what its streams may have
/// missed, and how it judges what REST finds: the same rules on every venue.
public struct ReconcileSchedule: Sendable, Hashable {
    /// Reconciliation runs this often while the account has open orders, recent activity or
    /// no standing private stream, so that a stream that goes silent loses nothing ...
    public var activeInterval: Duration = .seconds(5)
    /// ... and this often otherwise.
    public var idleInterval: Duration = .seconds(60)
    /// How far before the last reconciled moment a reconciliation pages back: covers a venue
    /// clock that differs from ours and records written late or out of order.
    public var overlap: Duration = .seconds(60)
    /// A fill found only through REST counts as an account-stream gap when the stream has not
    /// shown it within this long (a younger one may simply not have reached the socket yet).
    public var streamGrace: Duration = .seconds(2)

    /// The defaults above.
    public init() {}
}
