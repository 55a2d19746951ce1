/// The engine's answer to one event: ledger writes first, then actions.
public struct EngineReaction: Sendable, Hashable {
    /// Entries to commit in one transaction before any action is taken.
    public var ledger: [LedgerEntry] = []
    /// What to do once the entries are committed, in order.
    public var actions: [EngineAction] = []

    /// Nothing to write, nothing to do.
    public init() {}

    mutating func alert(_ level: EngineAlert.Level, _ message: String, at ms: Int64) {
        let alert = EngineAlert(level: level, message: message, atMs: ms)
        ledger.append(.alert(alert))
        actions.append(.alert(alert))
    }
}
