import Foundation
import Journaling
import LighterProtocol
import Logging

/// Wall-clock helpers for log lines. Times are UTC: a log read next to the venue's (UTC)
/// timestamps or by a user in another zone needs no conversion.
public enum LogClock {
    /// Milliseconds since the Unix epoch.
    @Sendable public static func nowMilliseconds() -> Int64 {
        WallClock.nowMilliseconds()
    }

    /// `2025-12-22 14:03:07,123`: Python logging's `asctime` (there in local time, here UTC).
    public static func pythonTimestamp(milliseconds: Int64) -> String {
        let t = Parts(milliseconds: milliseconds)
        return "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2)) \(pad(t.hour, 2)):\(pad(t.minute, 2)):"
            + "\(pad(t.second, 2)),\(pad(t.millisecond, 3))"
    }

    /// `2025-12-22T14:03:07.123Z`.
    public static func iso8601(milliseconds: Int64) -> String {
        let t = Parts(milliseconds: milliseconds)
        return "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2))T\(pad(t.hour, 2)):\(pad(t.minute, 2)):"
            + "\(pad(t.second, 2)).\(pad(t.millisecond, 3))Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String { CivilTime.pad(value, width) }

    /// Calendar fields of a UTC instant, computed directly (no formatter, no locale, no lock).
    struct Parts {
        var year, month, day, hour, minute, second, millisecond: Int

        init(milliseconds ms: Int64) {
            let (days, msOfDay) = CivilTime.floorDivide(Int(ms), 86_400_000)
            millisecond = msOfDay % 1000
            second = msOfDay / 1000 % 60
            minute = msOfDay / 60_000 % 60
            hour = msOfDay / 3_600_000
            (year, month, day) = CivilTime.date(days: days)
        }
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

/// Metadata merging shared by both handlers: handler metadata, then the provider's, then the
/// call's (later wins), with secret keys blanked.
enum LogMetadata {
    static func merged(handler: Logger.Metadata, provider: Logger.MetadataProvider?,
                       event: Logger.Metadata?) -> Logger.Metadata {
        var result = handler
        if let provided = provider?.get(), !provided.isEmpty { result.merge(provided) { _, new in new } }
        if let event, !event.isEmpty { result.merge(event) { _, new in new } }
        for key in result.keys where LogRedaction.secretMetadataKeys.contains(key) {
            result[key] = .string(LogRedaction.placeholder)
        }
        return result
    }
}

/// How one log event becomes one line of text.
public protocol LogLineFormat: Sendable {
    static func format(milliseconds: Int64, name: String, level: Logger.Level, message: String,
                       metadata: Logger.Metadata, error: (any Error)?) -> String
}

/// A swift-log handler that writes each event as one line, in `Format`, to a sink.
public struct LineLogHandler<Format: LogLineFormat>: LogHandler {
    /// Events below this level are dropped (by swift-log, before `log(event:)`).
    public var logLevel: Logger.Level
    /// The handler's own metadata, merged under the provider's and the event's.
    public var metadata: Logger.Metadata = [:]
    /// Metadata added to every event, e.g. from a task local.
    public var metadataProvider: Logger.MetadataProvider?
    /// The logger name column: `lighter_hedge_ETH` (the Python bot's is `hedge_bot_ETH`).
    public let name: String
    /// Where the lines go.
    public let sink: any LogSink
    let clock: @Sendable () -> Int64

    /// A handler writing `Format` lines named `name` to `sink`; `clock` gives each line's time (ms).
    public init(name: String, sink: any LogSink, logLevel: Logger.Level = .info,
                metadataProvider: Logger.MetadataProvider? = nil,
                clock: @escaping @Sendable () -> Int64 = LogClock.nowMilliseconds) {
        self.name = name; self.sink = sink; self.logLevel = logLevel
        self.metadataProvider = metadataProvider; self.clock = clock
    }

    /// The handler metadata value under `key`.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats the event (secret metadata blanked) and writes it as one line.
    public func log(event: LogEvent) {
        let all = LogMetadata.merged(handler: metadata, provider: metadataProvider, event: event.metadata)
        sink.write(line: Format.format(milliseconds: clock(), name: name, level: event.level,
                                     message: event.message.description, metadata: all, error: event.error))
    }

    /// One line, without the newline.
    public static func format(milliseconds: Int64, name: String, level: Logger.Level, message: String,
                              metadata: Logger.Metadata = [:], error: (any Error)? = nil) -> String {
        Format.format(milliseconds: milliseconds, name: name, level: level, message: message, metadata: metadata, error: error)
    }
}

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

/// `--log-format json`: one object per line,
/// `{"time":"…Z","level":"info","logger":"…","message":"…","metadata":{…}}`, for log shippers.
/// Levels keep swift-log's names (`notice`, `trace`) since nothing greps for Python's here.
public typealias JSONLinesLogHandler = LineLogHandler<JSONLinesLogFormat>

/// One JSON object per line, for log collectors.
public enum JSONLinesLogFormat: LogLineFormat {
    /// One JSON object: time (ISO 8601 UTC), level, logger, message (redacted), metadata and error.
    public static func format(milliseconds: Int64, name: String, level: Logger.Level, message: String,
                              metadata: Logger.Metadata, error: (any Error)?) -> String {
        var out = "{\"time\":"
        JSONWriter.appendEscaped(LogClock.iso8601(milliseconds: milliseconds), to: &out)
        out += ",\"level\":"
        JSONWriter.appendEscaped(level.rawValue, to: &out)
        out += ",\"logger\":"
        JSONWriter.appendEscaped(name, to: &out)
        out += ",\"message\":"
        JSONWriter.appendEscaped(LogRedaction.redact(message), to: &out)
        out += ",\"metadata\":"
        appendValue(.dictionary(metadata), to: &out)
        if let error {
            out += ",\"error\":"
            JSONWriter.appendEscaped(LogRedaction.redact("\(error)"), to: &out)
        }
        out += "}"
        return out
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to out: inout String) {
        switch value {
        case .string(let s):
            JSONWriter.appendEscaped(LogRedaction.redact(s), to: &out)
        case .stringConvertible(let c):
            JSONWriter.appendEscaped(LogRedaction.redact(c.description), to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                appendValue(item, to: &out)
            }
            out += "]"
        case .dictionary(let dict):
            out += "{"
            for (i, key) in dict.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                JSONWriter.appendEscaped(key, to: &out)
                out += ":"
                if let v = dict[key] { appendValue(v, to: &out) } else { out += "null" }
            }
            out += "}"
        }
    }
}
