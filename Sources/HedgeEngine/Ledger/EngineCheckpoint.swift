import LighterProtocol

/// Where the run is: written in the same transaction as whatever moved it, so a restart
/// resumes exactly there.
public struct EngineCheckpoint: Sendable, Hashable {
    /// Where the run was as a whole.
    public var phase: RunPhase
    /// Why the engine had stopped itself; nil unless it had.
    public var stopReason: String?
    /// Rounds completed.
    public var roundsDone: Int
    /// The side the position is being built toward.
    public var direction: TradeSide
    /// The round in progress: its side, its quantity and what has filled of it.
    public var roundSide: TradeSide?
    /// The round's quantity to fill; nil between rounds.
    public var roundTarget: FixedDecimal?
    /// What of the round has filled (zero between rounds).
    public var roundFilled: FixedDecimal
    /// The engine's wall clock when written, milliseconds since the epoch.
    public var updatedMs: Int64

    /// A checkpoint from its parts, as the engine writes it and the ledger reads it back.
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
