/// Everything the engine reacts to, as one ordered stream.
public enum EngineEvent: Sendable, Hashable {
    /// Once, first: cancels maker orders and resolves hedge orders left open by a previous run.
    case start
    case maker(MakerVenueEvent)
    case hedge(HedgeVenueEvent)
    /// Time passed: ages, staleness and budgets are checked.
    case tick
    /// The operator asked to stop: cancel the quote, hedge what is naked, finish.
    case stopRequested
}
