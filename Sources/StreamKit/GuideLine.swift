import Logging

/// One log line of a client's vocabulary (on Lighter, the diagnostic guide's), before it meets
/// a `Logger`: built by pure functions, tested as values, written at its own level.
public struct GuideLine: Sendable, Hashable, CustomStringConvertible {
    /// The level the line is written at.
    public var level: Logger.Level
    /// The text, already cleaned of secrets and control characters.
    public var message: String

    /// A line at `level`.
    public init(_ level: Logger.Level, _ message: String) {
        self.level = level; self.message = message
    }

    /// `level message`, for tests and debugging.
    public var description: String { "\(level) \(message)" }
}

extension Logger {
    /// Writes one guide line at its own level.
    public func log(_ line: GuideLine, file: String = #fileID, function: String = #function, line number: UInt = #line) {
        log(level: line.level, Logger.Message(stringLiteral: line.message), file: file, function: function, line: number)
    }

    /// Writes guide lines in order, each at its own level.
    public func log(_ lines: [GuideLine], file: String = #fileID, function: String = #function, line number: UInt = #line) {
        for line in lines where line.level >= logLevel {
            log(level: line.level, Logger.Message(stringLiteral: line.message), file: file, function: function, line: number)
        }
    }
}
