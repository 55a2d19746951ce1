import Foundation
import LighterProtocol
import Logging

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
