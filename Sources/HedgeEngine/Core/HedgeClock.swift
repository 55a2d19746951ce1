/// Where the engine reads the time: the system's, or a test's that only moves when told.
public protocol HedgeClock: Sendable {
    func now() -> EngineTime
}
