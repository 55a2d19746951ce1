import Foundation
import Logging

/// Writes the Python hedge bot's file format, so its users' greps and habits carry over:
///
///     2025-12-22 14:03:07,123 - lighter_hedge_ETH - INFO - ✅ [LIGHTER WS] Order FILLED: id=…
///
/// (`%(asctime)s - %(name)s - %(levelname)s - %(message)s`, times in UTC.) Metadata follows the
/// message as ` key=value` pairs in key order. Everything after the level goes through
/// `LogRedaction.redact`.
public typealias PythonStyleLogHandler = LineLogHandler<PythonLogFormat>

/// The Python hedge bot's line format.
public enum PythonLogFormat: LogLineFormat {
    /// `2025-12-22 14:03:07,123 - name - INFO - message key=value … error=…`, redacted, on one line.
    public static func format(milliseconds: Int64, name: String, level: Logger.Level, message: String,
                              metadata: Logger.Metadata, error: (any Error)?) -> String {
        var tail = message
        for key in metadata.keys.sorted() {
            if let value = metadata[key] { tail += " \(key)=\(value)" }
        }
        if let error { tail += " error=\(error)" }
        return "\(LogClock.pythonTimestamp(milliseconds: milliseconds)) - \(name) - \(level.pythonName) - "
            + oneLine(LogRedaction.redact(tail))
    }

    /// One event, one line: a pretty-printed payload would otherwise split across lines that
    /// greps see apart from their timestamp and level.
    static func oneLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 10 || $0 == 13 }) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\r")
    }
}

extension Logger.Level {
    /// Python's level name: trace folds into DEBUG and notice into INFO, so that greps written
    /// for the Python bot (`- INFO -`) keep working.
    public var pythonName: String {
        switch self {
        case .trace, .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }
}
