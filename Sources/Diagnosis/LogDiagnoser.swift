import Foundation
import LineEnds
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a bot's stream lives, as the commands a report suggests need it: the host, the HTTP(S)
/// base of the same server and the stream's path. Parsed by the caller (the client's own URL
/// rules), not here.
public struct StreamEndpoint: Sendable, Hashable {
    public var host: String
    public var httpBase: String
    public var path: String

    public init(host: String, httpBase: String, path: String) {
        self.host = host; self.httpBase = httpBase; self.path = path
    }

    public static let mainnet = StreamEndpoint(host: "mainnet.zklighter.elliot.ai",
                                               httpBase: "https://mainnet.zklighter.elliot.ai", path: "/stream")
}

public struct DiagnosisOptions: Sendable, Hashable {
    /// Evidence lines kept per finding and per sign (the rest are counted).
    public var evidencePerFinding: Int
    /// Only this much of a line is examined.
    public var maxLineBytes: Int
    /// Evidence text is cut to this many bytes.
    public var evidenceTextBytes: Int
    /// The timeline keeps at most this many buckets, widening them as needed; 600 or more let
    /// the report regroup them into 60-120 of a round width.
    public var maxTimelineBuckets: Int
    /// The perpetual market the bot should hedge on, when known; otherwise the log's own
    /// configuration lines decide.
    public var expectedMarket: Int?
    /// The endpoint the bot connects to, when known (probe knows it); the next steps for a
    /// failed connection name its host. Otherwise they name Lighter's mainnet.
    public var endpoint: StreamEndpoint?

    public init(evidencePerFinding: Int = 5, maxLineBytes: Int = 64 * 1024, evidenceTextBytes: Int = 320,
                maxTimelineBuckets: Int = 720, expectedMarket: Int? = nil, endpoint: StreamEndpoint? = nil) {
        self.evidencePerFinding = max(1, evidencePerFinding)
        self.maxLineBytes = max(256, maxLineBytes)
        self.evidenceTextBytes = max(40, evidenceTextBytes)
        self.maxTimelineBuckets = max(2, maxTimelineBuckets)
        self.expectedMarket = expectedMarket
        self.endpoint = endpoint
    }
}

/// A run of lines read by `LogDiagnoser.scanPart`: the order-free facts, and where the lines
/// left to the ordered rules are.
public struct ScannedPart: Sendable {
    /// A line for the ordered rules, packed small: a busy log leaves one line in eight.
    struct Deferred: Sendable {
        private var start: Int32
        private var count: Int32
        private var number: Int32
        private var textStart: Int32
        private var messageStart: Int32
        private var messageEnd: Int32
        /// `Int.min`: the line has no timestamp.
        private var second: Int
        private var layout: UInt8
        private var level: UInt8
        private var writer: UInt8
        private var tagged: Bool

        /// Parts hold at most a chunk (under 2^31 bytes, see `ChunkedFile`).
        init(start: Int, line: OrderedLine, number: Int) {
            self.start = Int32(truncatingIfNeeded: start)
            count = Int32(truncatingIfNeeded: line.bytes.count)
            self.number = Int32(truncatingIfNeeded: number)
            textStart = Int32(truncatingIfNeeded: line.textStart)
            messageStart = Int32(truncatingIfNeeded: line.header.messageStart)
            messageEnd = Int32(truncatingIfNeeded: line.header.messageEnd)
            second = line.header.second ?? Int.min
            layout = UInt8(line.header.layout.rawValue)
            level = UInt8(line.header.level.rawValue)
            writer = UInt8(line.header.writer.rawValue)
            tagged = line.tagged
        }

        var lineNumber: Int { Int(number) }

        /// The line again, in the part's bytes at `base` (nil if it does not fit in `available`).
        func line(in base: UnsafePointer<UInt8>, available: Int) -> OrderedLine? {
            let lower = Int(start)
            let length = Int(count)
            guard lower >= 0, length >= 0, lower + length <= available,
                  let layout = LineLayout(rawValue: Int(layout)), let level = LogLevel(rawValue: Int(level)),
                  let writer = LineWriter(rawValue: Int(writer)) else { return nil }
            let header = LogHeader(layout: layout, level: level, writer: writer, second: second == Int.min ? nil : second,
                                   messageStart: Int(messageStart), messageEnd: Int(messageEnd))
            return OrderedLine(bytes: LineBytes(start: base + lower, count: length), header: header,
                               textStart: Int(textStart), tagged: tagged)
        }
    }

    public let file: String
    var state: DiagnosisState
    var ordered: [Deferred]

    /// Extra bytes of the part's last line, beyond those it read (a line cut at `maxLineBytes`).
    public mutating func addDroppedBytes(_ count: Int) { state.bytes += count }
}

/// One line with where it came from, for `LogDiagnoser.feed(lines:)`.
public struct LogLine: Sendable, Hashable {
    public var file: String
    public var lineNumber: Int
    public var bytes: [UInt8]

    public init(file: String, lineNumber: Int, bytes: [UInt8]) {
        self.file = file; self.lineNumber = lineNumber; self.bytes = bytes
    }
}

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
    private var splitterFile: String?

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

    private mutating func endOfCurrentFile() {
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

    // MARK: Parts read apart

    /// Reads a run of whole lines of `file` with the order-free rules only, apart from the rest
    /// of the log (on another core); `absorb(_:bytes:)` then adds it, in file order. The last
    /// line may lack its newline. A part is at most 2 GiB (the file reader's chunks are MBs).
    ///
    /// `timelineWidth` is the timeline's bucket width so far (`timelineBucketSeconds`) when the
    /// part is read after others: the part starts there rather than at one second.
    public static func scanPart(_ bytes: UnsafeRawBufferPointer, file: String,
                                options: DiagnosisOptions = DiagnosisOptions(), timelineWidth: Int = 1) -> ScannedPart {
        var state = DiagnosisState(options: options)
        state.timeline = TimelineBuilder(maxBuckets: options.maxTimelineBuckets, startingWidth: timelineWidth)
        state.tracksFilledStatus = true
        state.enterFile(file)
        var ordered: [ScannedPart.Deferred] = []
        // About one line in eight is left to the ordered rules in a busy log.
        ordered.reserveCapacity(bytes.count / 1024)
        let all = bytes.bindMemory(to: UInt8.self)
        guard let base = all.baseAddress else { return ScannedPart(file: file, state: state, ordered: ordered) }
        state.partBaseAddress = Int(bitPattern: base)
        var start = 0
        var number = 0
        // Line ends are found a batch at a time, in one vector pass, ahead of the rules.
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: 256) { ends in
            guard let endsBase = ends.baseAddress else { return }
            while start < all.count {
                var found = line_ends_find(base, all.count, start, endsBase, ends.count)
                if found == 0 {
                    // The last line, with no newline after it (every line is counted with one).
                    ends[0] = Int64(all.count)
                    found = 1
                    state.bytes -= 1
                }
                for k in 0..<found {
                    let end = Int(ends[k])
                    number += 1
                    if let rest = state.scan(LineBytes(start: base + start, count: end - start), lineNumber: number),
                       let restBase = rest.bytes.baseAddress {
                        ordered.append(ScannedPart.Deferred(start: base.distance(to: restBase), line: rest, number: number))
                    }
                    start = end + 1
                }
            }
        }
        state.settleCandidateLines(base: base)
        return ScannedPart(file: file, state: state, ordered: ordered)
    }

    /// Adds a part read by `scanPart`, after everything fed so far; `bytes` must be the bytes it
    /// read. Parts of a file are absorbed in file order, and a file is read either in parts or
    /// line by line, not both.
    public mutating func absorb(_ part: ScannedPart, bytes: UnsafeRawBufferPointer) {
        if splitterFile != nil { endOfCurrentFile() }
        if state.currentFile != part.file { state.enterFile(part.file) }
        let offset = state.currentFileLines
        state.absorb(part.state, lineOffset: offset)
        state.currentFileLines += part.state.lines
        let all = bytes.bindMemory(to: UInt8.self)
        guard let base = all.baseAddress else { return }
        // The part's timeline marks that survived the merge still point into its bytes.
        state.timeline.settleMarks(base: base, limit: options.evidenceTextBytes)
        for deferred in part.ordered {
            guard let rest = deferred.line(in: base, available: all.count) else { continue }
            state.readInOrder(rest, lineNumber: offset + deferred.lineNumber)
        }
    }

    /// The timeline's bucket width so far, in seconds (see `scanPart`).
    public var timelineBucketSeconds: Int { state.timeline.bucketSeconds }

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
