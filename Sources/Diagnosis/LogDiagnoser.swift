import Foundation

/// The doctor's entry point: reads hedge-bot logs (ours or the reference Python bot's, in any
/// of their layouts) in one pass and bounded memory, and gives the diagnostic guide's verdict.
/// Feed lines, chunks or whole files from any number of files, then call `finish()`.
///
///     var diagnoser = LogDiagnoser(options: DiagnosisOptions(expectedMarket: 0))
///     try diagnoser.feed(fileAt: "logs/bot.log", name: "bot.log", workers: 4)  // a regular file, on several cores
///     diagnoser.feed(data: pipedBytes, file: "stdin")                          // or bytes, cut anywhere
///     diagnoser.endOfFile("stdin")
///     let report = diagnoser.finish()
///     print(report.renderText(color: false))   // or report.jsonData(), report.renderHTML()
///
/// The verdict does not depend on how the input was cut: one line at a time, chunks, or parts
/// read on other cores give the same report.
public struct LogDiagnoser: Sendable {
    /// The options every line is read with.
    public let options: DiagnosisOptions
    var state: DiagnosisState
    private var splitter: LogLineSplitter
    /// The file whose chunks the splitter holds a line of (`feed(chunk:file:)`).
    var splitterFile: String?

    /// A diagnoser that has read nothing yet.
    public init(options: DiagnosisOptions = DiagnosisOptions()) {
        self.options = options
        state = DiagnosisState(options: options)
        splitter = LogLineSplitter(maxLineBytes: options.maxLineBytes)
    }

    /// One line, without or with its line ending (`\n`, `\r\n`).
    public mutating func feed(line: UnsafeBufferPointer<UInt8>, file: String, lineNumber: Int) {
        state.feed(line: line, file: file, lineNumber: lineNumber)
    }

    /// Bytes of the input that no line fed by `feed(line:)` carried, so that the byte count is
    /// the input's: each such line counts its bytes and one newline, and a reader may have
    /// dropped `\r`s, the rest of over-long lines, or the newline a last line lacked (-1).
    public mutating func addUncountedBytes(_ count: Int) {
        state.bytes += count
    }

    /// Lines from any source, in order.
    public mutating func feed<Lines: Sequence>(lines: Lines) where Lines.Element == LogLine {
        for line in lines {
            line.bytes.withUnsafeBufferPointer { state.feed(line: $0, file: line.file, lineNumber: line.lineNumber) }
        }
    }

    /// A chunk of a file's bytes, cut anywhere. Lines are numbered per file; call
    /// `endOfFile(_:)` (or start another file) to flush a last line without a newline.
    public mutating func feed(chunk: UnsafeRawBufferPointer, file: String) {
        if splitterFile != file { endOfCurrentFile() }
        splitterFile = file
        // Swapped out so that the closure may mutate `state` while the splitter runs.
        var local = LogLineSplitter(maxLineBytes: 1)
        swap(&local, &splitter)
        local.push(chunk) { line, number in state.feed(line: line, file: file, lineNumber: number) }
        swap(&local, &splitter)
    }

    /// `feed(chunk:file:)` for bytes held in `Data`.
    public mutating func feed(data: Data, file: String) {
        data.withUnsafeBytes { feed(chunk: $0, file: file) }
    }

    /// Flushes the last line of `file` when it had no newline.
    public mutating func endOfFile(_ file: String) {
        if splitterFile == file { endOfCurrentFile() }
    }

    /// Flushes the splitter's last line of `splitterFile`, if any.
    mutating func endOfCurrentFile() {
        guard let file = splitterFile else { return }
        var local = LogLineSplitter(maxLineBytes: options.maxLineBytes)
        swap(&local, &splitter)
        let unterminated = local.finish { line, number in state.feed(line: line, file: file, lineNumber: number) }
        // Every line was counted with its newline; the last one had none.
        if unterminated { state.bytes -= 1 }
        state.longLines += local.longLines
        state.bytes += local.droppedBytes
        splitterFile = nil
    }

    /// The verdict on everything fed so far.
    public func finish() -> DiagnosisReport {
        var copy = self
        copy.endOfCurrentFile()
        return Judge(copy.state).report()
    }

    /// Diagnoses a whole text (tests, small inputs).
    public static func diagnose(text: String, file: String = "log", options: DiagnosisOptions = DiagnosisOptions()) -> DiagnosisReport {
        diagnose(data: Data(text.utf8), file: file, options: options)
    }

    /// Diagnoses a whole input held in memory (tests, small inputs, a pipe read to its end).
    public static func diagnose(data: Data, file: String = "log", options: DiagnosisOptions = DiagnosisOptions()) -> DiagnosisReport {
        var diagnoser = LogDiagnoser(options: options)
        diagnoser.feed(data: data, file: file)
        diagnoser.endOfFile(file)
        return diagnoser.finish()
    }
}
