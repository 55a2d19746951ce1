import Foundation
import Logging

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
