/// Something an operator should read: a line for the log, a row in the ledger.
public struct EngineAlert: Sendable, Hashable, CustomStringConvertible {
    /// How urgent: `critical` when the engine stopped or cannot act, `warning` when it needs a look.
    public enum Level: String, Sendable, Hashable, Codable {
        case info
        case warning
        case critical
    }

    /// Its urgency.
    public var level: Level
    /// What happened, in one line for a person.
    public var message: String
    /// The engine's wall clock when raised, milliseconds since the epoch.
    public var atMs: Int64

    /// An alert raised at `atMs`.
    public init(level: Level, message: String, atMs: Int64) {
        self.level = level
        self.message = message
        self.atMs = atMs
    }

    /// `LEVEL: message`, as the log prints it.
    public var description: String { "\(level.rawValue.uppercased()): \(message)" }
}
