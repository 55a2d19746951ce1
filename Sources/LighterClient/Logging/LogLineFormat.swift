import Logging

/// How one log event becomes one line of text.
public protocol LogLineFormat: Sendable {
    static func format(milliseconds: Int64, name: String, level: Logger.Level, message: String,
                       metadata: Logger.Metadata, error: (any Error)?) -> String
}
