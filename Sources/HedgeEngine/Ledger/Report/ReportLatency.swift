/// Hedge latency as the ledger recorded it, measured by the engine on a monotonic clock from
/// the moment a maker fill reached it (fills restored after a restart carry none).
public struct ReportLatency: Sendable, Hashable, Codable {
    /// Maker fill seen → the hedge order decided and handed on: the ledger's hedge orders. Zero
    /// for a hedge sent in reaction to the fill itself; a re-hedge of an IOC's remainder waits
    /// for the first order's outcome.
    public var toHedgeSent: LatencyPercentiles
    /// Maker fill seen → the hedge's fill seen: the ledger's hedge fills.
    public var toHedgeFill: LatencyPercentiles
}
