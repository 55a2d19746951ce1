/// What the engine is doing, in one word, for the status line and tests.
public enum EngineState: Sendable, Hashable {
    /// Before `.start`.
    case starting
    /// Ready to quote but held back by the reason (a venue unhealthy, a stale book, …).
    case paused(String)
    /// Between quotes (a round's pause, a retry delay).
    case waiting
    /// A quote rests, nothing of it filled.
    case quoting
    case makerPartlyFilled
    case makerFilled
    /// A cancel is out, the order's final execution awaited.
    case canceling
    /// Naked exposure being hedged.
    case hedging
    case flattening
    case stopping
    case stopped(String)
    case done
}
