/// A moment, read once per event: the wall clock for the ledger and for durations between
/// events, the monotonic clock for latencies.
public struct EngineTime: Sendable, Hashable {
    /// Milliseconds since the epoch.
    public var wallMs: Int64
    /// Nanoseconds on a monotonic clock (meaningful only within one process).
    public var monotonicNs: UInt64

    /// A moment from both clocks' readings (a test clock makes them up).
    public init(wallMs: Int64, monotonicNs: UInt64) {
        self.wallMs = wallMs
        self.monotonicNs = monotonicNs
    }
}
