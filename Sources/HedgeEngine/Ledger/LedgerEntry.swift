/// One write to the ledger. The engine returns them with its actions; they are committed in one
/// transaction before any action is taken.
public enum LedgerEntry: Sendable, Hashable {
    /// Inserts or replaces the order (by venue and client id).
    case order(LedgerOrder)
    case fill(LedgerFill)
    case link(PairLink)
    case checkpoint(EngineCheckpoint)
    case alert(EngineAlert)
}
