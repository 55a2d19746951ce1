/// Something an operator should read: a line for the log, a row in the ledger.
public struct EngineAlert: Sendable, Hashable, CustomStringConvertible {
    public enum Level: String, Sendable, Hashable, Codable {
        case info
        case warning
        case critical
    }

    public var level: Level
    public var message: String
    public var atMs: Int64

    public init(level: Level, message: String, atMs: Int64) {
        self.level = level
        self.message = message
        self.atMs = atMs
    }

    public var description: String { "\(level.rawValue.uppercased()): \(message)" }
}
