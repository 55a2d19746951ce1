import ArgumentParser
import Foundation
import LighterClient
import Logging

/// The logging flags shared by `watch` and `demo`.
struct LogOptions: ParsableArguments {
    @Option(help: "Log file. The format is the reference bot's, so the guide's greps work on it.")
    var logFile: String?

    @Option(help: "Log level: debug writes the guide's per-message lines; info still shows confirmations, fills, server errors, reconnects and a health line.")
    var logLevel = "info"

    @Option(help: "text (the reference bot's format) or json (one object a line).")
    var logFormat = "text"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("unknown --log-level '\(logLevel)'; use trace, debug, info, notice, warning, error or critical")
        }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format is text or json") }
    }

    /// A logger writing to the file (and to standard output when `echo`).
    func makeLogger(name: String, defaultFile: String, echo: Bool) throws -> (Logger, String) {
        let path = logFile ?? defaultFile
        let file: FileLogSink
        do { file = try FileLogSink(path: path) } catch {
            throw ValidationError("cannot write the log file: \(error)")
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let json = logFormat == "json"
        func handler(_ sink: any LogSink) -> any LogHandler {
            json ? JSONLinesLogHandler(name: name, sink: sink, logLevel: level)
                 : PythonStyleLogHandler(name: name, sink: sink, logLevel: level)
        }
        let logger = Logger(label: name) { _ in
            echo ? MultiplexLogHandler([handler(file), handler(QueuedOutputSink())]) : handler(file)
        }
        return (logger, path)
    }
}
