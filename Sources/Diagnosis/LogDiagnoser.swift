import Foundation

/// Reads hedge-bot logs line by line, in one pass and bounded memory, and gives the guide's
/// verdict. Feed lines (or chunks) from any number of files, then call `finish()`.
///
///     var diagnoser = LogDiagnoser()
///     diagnoser.feed(line: bytes, file: "bot.log", lineNumber: 1)
///     let report = diagnoser.finish()
public struct LogDiagnoser: Sendable {
    public let options: DiagnosisOptions
    var state: DiagnosisState
    private var splitter: LogLineSplitter
    /// The file whose chunks the splitter holds a line of (`feed(chunk:file:)`).
    var splitterFile: String?

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
        return copy.state.report()
    }

    /// Diagnoses a whole text (tests, small inputs).
    public static func diagnose(text: String, file: String = "log", options: DiagnosisOptions = DiagnosisOptions()) -> DiagnosisReport {
        diagnose(data: Data(text.utf8), file: file, options: options)
    }

    public static func diagnose(data: Data, file: String = "log", options: DiagnosisOptions = DiagnosisOptions()) -> DiagnosisReport {
        var diagnoser = LogDiagnoser(options: options)
        diagnoser.feed(data: data, file: file)
        diagnoser.endOfFile(file)
        return diagnoser.finish()
    }
}
