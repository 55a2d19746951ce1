import LighterProtocol

/// A summary of the run for a status line.
public struct EngineStatus: Sendable, Hashable {
    /// Where the run is as a whole.
    public var phase: RunPhase
    /// What the engine is doing now, in one word.
    public var state: EngineState
    /// Rounds of quoting completed.
    public var roundsDone: Int
    /// The maker venue's position from the fills counted, in the base asset: signed, + long.
    public var makerPosition: FixedDecimal
    /// The hedge venue's position from the fills counted, in the base asset: signed, + long.
    public var hedgePosition: FixedDecimal
    /// `makerPosition + hedgePosition`: what is not hedged, signed (+ net long); zero when hedged.
    public var nakedExposure: FixedDecimal
    /// Hedge orders whose outcome, or some of whose fills, the engine still awaits.
    public var hedgesInFlight: Int
    /// From the maker fill reaching the engine to the hedge handed to the adapter, last time.
    public var lastHedgeDispatchMicros: Int64?
    /// Why the engine stopped itself, naming the exposure; nil while it has not.
    public var stopReason: String?
    /// The quote on the maker venue (placed, resting or being canceled); nil when none.
    public var quote: LedgerOrder? = nil
}
