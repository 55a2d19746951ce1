import LighterProtocol

/// Where the run is: written in the same transaction as whatever moved it, so a restart
/// resumes exactly there.
public struct EngineCheckpoint: Sendable, Hashable {
    public var phase: RunPhase
    public var stopReason: String?
    /// Rounds completed.
    public var roundsDone: Int
    /// The side the position is being built toward.
    public var direction: TradeSide
    /// The round in progress: its side, its quantity and what has filled of it.
    public var roundSide: TradeSide?
    public var roundTarget: FixedDecimal?
    public var roundFilled: FixedDecimal
    public var updatedMs: Int64

    public init(phase: RunPhase, stopReason: String? = nil, roundsDone: Int, direction: TradeSide, roundSide: TradeSide?,
                roundTarget: FixedDecimal?, roundFilled: FixedDecimal, updatedMs: Int64) {
        self.phase = phase; self.stopReason = stopReason; self.roundsDone = roundsDone; self.direction = direction
        self.roundSide = roundSide; self.roundTarget = roundTarget; self.roundFilled = roundFilled; self.updatedMs = updatedMs
    }

    /// The same place in the run, whenever written.
    func sameProgress(as other: EngineCheckpoint) -> Bool {
        var copy = other
        copy.updatedMs = updatedMs
        return copy == self
    }
}
