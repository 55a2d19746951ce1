/// Where the engine reads the time: the system's, or a test's that only moves when told.
public protocol HedgeClock: Sendable {
    /// The current moment; the engine reads it once per event.
    func now() -> EngineTime
}
