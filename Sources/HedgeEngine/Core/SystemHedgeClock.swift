import Foundation

/// The system's wall and monotonic clocks.
public struct SystemHedgeClock: HedgeClock {
    public init() {}

    public func now() -> EngineTime {
        EngineTime(wallMs: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)),
                   monotonicNs: DispatchTime.now().uptimeNanoseconds)
    }
}
