/// Where the run is, as a whole.
public enum RunPhase: String, Sendable, Hashable, Codable {
    /// Rounds of quotes, building toward `maxPosition` and unwinding.
    case running
    /// Rounds done: quoting only to bring the position back to flat.
    case closing
    /// Asked to stop: no new quotes; the open quote canceled, what is naked hedged, then done.
    case stopping
    /// The hedge venue could not hedge within the budget: the naked leg is being closed on the
    /// maker venue.
    case flattening
    /// Stopped by the engine itself (budget, kill switch); the reason names the exposure.
    case stopped
    /// Finished: every round done and hedged, or stopped on request with nothing naked.
    case done

    /// No further venue actions.
    public var isTerminal: Bool { self == .stopped || self == .done }
}
