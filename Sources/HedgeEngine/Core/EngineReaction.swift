/// The engine's answer to one event: ledger writes first, then actions.
public struct EngineReaction: Sendable, Hashable {
    public var ledger: [LedgerEntry] = []
    public var actions: [EngineAction] = []

    public init() {}

    mutating func alert(_ level: EngineAlert.Level, _ message: String, at ms: Int64) {
        let alert = EngineAlert(level: level, message: message, atMs: ms)
        ledger.append(.alert(alert))
        actions.append(.alert(alert))
    }
}
