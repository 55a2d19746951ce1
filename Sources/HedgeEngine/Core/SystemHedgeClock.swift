import Foundation

/// The system's wall and monotonic clocks.
public struct SystemHedgeClock: HedgeClock {
    /// The process's clocks.
    public init() {}

    /// The wall clock in milliseconds since the epoch, and the uptime clock (`DispatchTime`) in nanoseconds.
    public func now() -> EngineTime {
        EngineTime(wallMs: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)),
                   monotonicNs: DispatchTime.now().uptimeNanoseconds)
    }
}
