import ArgumentParser
import Diagnosis
import Foundation
import LineInput

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Read hedge-bot logs (ours or the Python bot's) and say which of the guide's scenarios it is.",
        discussion: """
        Reads every log in one streaming pass: our format, the Python bot's file format \
        (`date - hedge_bot_TICKER - LEVEL - message`) and console format (`LEVEL:name:message`), UTF-8 \
        or Windows-1252 mojibake (ðŸ“¨), CRLF, .gz, `-` for standard input. Prints the scenario (1-6) the \
        evidence supports with the lines that show it, findings with stable ids, and the guide's six \
        quick checks (done right: its message-type check cuts the wrong field).

        An INFO log of the reference bot lacks the per-message lines (they are DEBUG): their absence \
        proves nothing, and doctor says what to log next instead of guessing.

        Exit status: 0 healthy, 1 a problem found, 2 unreadable input or bad usage.

        Checks: connection, auth, order-updates, fills, message-types, unexpected.
        """)

    @Argument(help: "Log files; `-` reads standard input; .gz is decompressed.")
    var logs: [String]

    @Flag(help: "JSON instead of text.")
    var json = false

    @Option(help: "The market the bot hedges on; updates for other markets become a finding.")
    var market: Int?

    @Option(help: "Print one quick check: connection, auth, order-updates, fills, message-types, unexpected.")
    var check: String?

    @Option(help: "Also write a self-contained HTML report with a timeline chart.")
    var html: String?

    @Flag(help: "No colour even on a terminal.")
    var noColor = false

    func validate() throws {
        guard !logs.isEmpty else { throw ValidationError("give at least one log file, or - for standard input") }
        if let market, market < 0 { throw ValidationError("--market must not be negative") }
        if let html {
            // The report must not overwrite a log it reads.
            var target = stat()
            if stat(html, &target) == 0 {
                for log in logs where log != "-" {
                    var input = stat()
                    if stat(log, &input) == 0, input.st_dev == target.st_dev, input.st_ino == target.st_ino {
                        throw ValidationError("--html \(html) is the log \(log): the report would overwrite it")
                    }
                }
            }
        }
    }

    func run() throws {
        var options = DiagnosisOptions()
        options.expectedMarket = market
        var diagnoser = LogDiagnoser(options: options)
        do {
            for log in logs {
                if try LogInput.isRegularFile(log) {
                    // Both cores: a regular file can be read in chunks at any offset.
                    try diagnoser.feed(fileAt: log, name: log, workers: ProcessInfo.processInfo.activeProcessorCount)
                    continue
                }
                let uncounted = try LogInput.forEachLine(of: [log]) { line, file, number in
                    diagnoser.feed(line: line, file: file, lineNumber: number)
                }
                diagnoser.addUncountedBytes(uncounted)
                diagnoser.endOfFile(log == "-" ? "<stdin>" : log)
            }
        } catch {
            StandardStreams.err("lighter-hedge doctor: \(error)\n")
            throw ExitCode(2)
        }
        let report = diagnoser.finish()
        if let html {
            do { try report.renderHTML().write(toFile: html, atomically: true, encoding: .utf8) } catch {
                StandardStreams.err("lighter-hedge doctor: cannot write \(html): \(error.localizedDescription)\n")
                throw ExitCode(2)
            }
        }
        if let check {
            guard let found = report.check(named: check) else {
                StandardStreams.err("lighter-hedge doctor: unknown check '\(check)'; known: \(report.checks.keys.sorted().joined(separator: ", "))\n")
                throw ExitCode(2)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                StandardStreams.out((try? encoder.encode(found)) ?? Data())
                StandardStreams.out("\n")
            } else {
                print(found.renderText(color: useColor))
            }
        } else if json {
            StandardStreams.out(report.jsonData())
            StandardStreams.out("\n")
        } else {
            print(report.renderText(color: useColor))
            if let html { print("HTML report: \(html)") }
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    var useColor: Bool { !noColor && !json && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
}
