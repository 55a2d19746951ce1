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
        let opened: FileLogSink
        do { opened = try FileLogSink(path: path) } catch {
            throw ValidationError("cannot write the log file: \(error)")
        }
        // A regular file takes each line at once (and keeps it through a crash); a pipe, FIFO
        // or terminal may stop reading and must not stall the client.
        var info = stat()
        let regular = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        let file: any LogSink = regular ? opened : QueuedLogSink(opened)
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
