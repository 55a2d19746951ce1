import LighterProtocol

/// A summary of the run for a status line.
public struct EngineStatus: Sendable, Hashable {
    public var phase: RunPhase
    public var state: EngineState
    public var roundsDone: Int
    public var makerPosition: FixedDecimal
    public var hedgePosition: FixedDecimal
    public var nakedExposure: FixedDecimal
    public var hedgesInFlight: Int
    /// From the maker fill reaching the engine to the hedge handed to the adapter, last time.
    public var lastHedgeDispatchMicros: Int64?
    public var stopReason: String?
}
