import LighterProtocol

/// The engine's generator: seeded, so that a run with the same seed replays the same books,
/// fills and ids.
typealias SimRandom = SeededRandom
