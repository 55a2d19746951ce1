import Foundation
import LighterProtocol
import LighterTestSupport
import Testing
@testable import Diagnosis

/// Reading a log in parts (on several cores) must give the report one pass gives: same
/// verdict, findings, evidence line numbers, checks and timeline.
@Suite struct PartReadingTests {
    /// The report of `data` read as parts cut after the given line counts, absorbed in order.
    /// `timelineWidth`: the bucket width the parts' timelines start at.
    static func partsReport(_ data: Data, file: String, cuts: [Int], options: DiagnosisOptions = DiagnosisOptions(),
                            timelineWidth: Int = 1) -> DiagnosisReport {
        let bytes = [UInt8](data)
        var lineStarts = [0]
        for (i, b) in bytes.enumerated() where b == ASCII.lf && i + 1 < bytes.count { lineStarts.append(i + 1) }
        var bounds = cuts.filter { $0 > 0 && $0 < lineStarts.count }.map { lineStarts[$0] }
        bounds = [0] + Array(Set(bounds)).sorted() + [bytes.count]
        var diagnoser = LogDiagnoser(options: options)
        bytes.withUnsafeBytes { all in
            for k in 0..<(bounds.count - 1) where bounds[k] < bounds[k + 1] {
                let slice = UnsafeRawBufferPointer(rebasing: all[bounds[k]..<bounds[k + 1]])
                let part = LogDiagnoser.scanPart(slice, file: file, options: options, timelineWidth: timelineWidth)
                diagnoser.absorb(part, bytes: slice)
            }
        }
        return diagnoser.finish()
    }

    static func text(_ report: DiagnosisReport) -> String { String(decoding: report.jsonData(), as: UTF8.self) }

    /// Every fixture, cut in two (see `cutPoints`), and in parts of one and of three lines. It
    /// runs off the cooperative pool: the network tests beside it need those threads within
    /// their timeouts.
    @Test func everyFixtureCutAtEveryLineGivesTheSameReport() async throws {
        let names = try Fixtures.names()
        let inputs = try names.map { ($0, try Fixtures.data($0)) }
        let mismatches = await offCooperativePool { () -> [String] in
            var found: [String] = []
            for (name, data) in inputs {
                let whole = Self.text(LogDiagnoser.diagnose(data: data, file: name))
                let lines = data.reduce(0) { $0 + ($1 == ASCII.lf ? 1 : 0) }
                if let cut = Self.cutPoints(lines: lines).first(where: { Self.text(Self.partsReport(data, file: name, cuts: [$0])) != whole }) {
                    found.append("\(name) cut after line \(cut)")
                }
                // Many small parts: every line its own, and parts of three.
                if Self.text(Self.partsReport(data, file: name, cuts: Array(1...max(1, lines)))) != whole {
                    found.append("\(name) one line a part")
                }
                if Self.text(Self.partsReport(data, file: name, cuts: Array(stride(from: 3, to: lines, by: 3)))) != whole {
                    found.append("\(name) three lines a part")
                }
            }
            return found
        }
        #expect(!names.isEmpty)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    /// Where a fixture is cut in two: after every line of a short one; in a long one, after each
    /// of its first and last 30 lines and at 60 points spread between (every line of every
    /// fixture is quadratic, and takes CPU the tests beside it need).
    static func cutPoints(lines: Int) -> [Int] {
        let last = max(1, lines)
        guard last > 120 else { return Array(1...last) }
        let spread = stride(from: 31, to: last - 30, by: max(1, (last - 60) / 60))
        return Array(1...30) + Array(spread) + Array((last - 29)...last)
    }

    /// Fill candidates meet across parts: a partial fill or a `filled` status in one part, its
    /// fill line (or a later `filled`) in another, in either order.
    @Test func fillsMeetAcrossParts() {
        let prefix = "2026-11-27 10:00:00,000 - lighter_hedge_ETH - DEBUG - 📨 [LIGHTER WS] "
        let info = "2026-11-27 10:00:01,000 - lighter_hedge_ETH - INFO - ✅ [LIGHTER WS] "
        let lines = [
            prefix + "  Order 0: id=1, status=open, side=buy, size=1, price=10, filled=0.5, client_id=1",
            prefix + "  Order 0: id=2, status=filled, side=buy, size=1, price=10, filled=1, client_id=2",
            prefix + "  Order 0: id=3, status=open, side=buy, size=1, price=10, filled=0.2, client_id=3",
            info + "Order FILLED: id=1, client_id=1, market=0, side=buy, size=1, price=10, filled=0.5, avg=10, status=open, source=account_orders",
            prefix + "  Order 0: id=3, status=filled, side=buy, size=1, price=10, filled=1, client_id=3",
            prefix + "  Order 0: id=4, status=canceled, side=buy, size=1, price=10, filled=0.3, client_id=4",
            info + "Order FILLED: id=5, client_id=5, market=0, side=buy, size=1, price=10, filled=1, avg=10, status=filled, source=account_orders",
            prefix + "  Order 0: id=5, status=open, side=buy, size=1, price=10, filled=0.4, client_id=5",
        ]
        let data = Data(lines.joined(separator: "\n").utf8)
        let whole = LogDiagnoser.diagnose(data: data, file: "fills.log")
        // Orders 2 and 3 reached `filled` without a fill line; 4 kept a partial fill.
        let ids = Set(whole.findings.map(\.id))
        #expect(ids.contains(.fillNotProcessed))
        #expect(ids.contains(.partialFillIgnored))
        for cut in 1..<lines.count {
            #expect(Self.text(Self.partsReport(data, file: "fills.log", cuts: [cut])) == Self.text(whole), "cut after \(cut)")
        }
    }

    /// The threaded file reader, with chunks far smaller than a line and larger than the file,
    /// on a log with CRLF, a line longer than `maxLineBytes`, NULs and no final newline.
    @Test(arguments: [1, 7, 64, 333, 4096, 1 << 20])
    func fileReaderMatchesOnePass(chunkBytes: Int) throws {
        var data = Data()
        for name in ["ours-s6-healthy.debug.log", "python-fk-s6-debug.mojibake-crlf.log", "python-up-fallback.console.mojibake.log",
                     "ours-reconnect-storm.log", "python-fk-s5-partial-ignored.mojibake.log",
                     "python-fk-real-s4-account-silent.cut.debug.log", "ours-account-stream-gap.edited.mojibake.log"] {
            data.append(try Fixtures.data(name))
        }
        data.append(Data("2026-11-27 10:00:00,000 - hedge_bot_ETH - INFO - ".utf8))
        data.append(Data(repeating: UInt8(ascii: "x"), count: 3000))
        data.append(Data("\n\u{0}\u{0}\n\n".utf8))
        data.append(try Fixtures.data("python-up-no-pong.mojibake.log"))
        data.append(Data("2026-11-27 10:00:00,000 - hedge_bot_ETH - INFO - no newline at the end".utf8))
        let options = DiagnosisOptions(maxLineBytes: 1000)
        let whole = Self.text(LogDiagnoser.diagnose(data: data, file: "mixed.log", options: options))

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parts-\(UUID().uuidString).log")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        for workers in [1, 2, 3] {
            var diagnoser = LogDiagnoser(options: options)
            try diagnoser.feed(fileAt: url.path, name: "mixed.log", workers: workers, chunkBytes: chunkBytes)
            #expect(Self.text(diagnoser.finish()) == whole, "\(workers) workers, chunks of \(chunkBytes)")
        }
    }

    @Test func emptyAndMissingFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString).log")
        try Data().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var diagnoser = LogDiagnoser()
        try diagnoser.feed(fileAt: url.path, name: "empty.log")
        let report = diagnoser.finish()
        #expect(report.input.lines == 0)
        #expect(report.scenario == nil)
        var other = LogDiagnoser()
        #expect(throws: FileReadError.self) { try other.feed(fileAt: url.path + ".missing", name: "missing.log") }
    }
}

/// A line read through a learnt header shape must read exactly as a line parsed in full.
@Suite struct HeaderTemplateTests {
    /// Reads `lines` in order as the quick pass does (a shape learnt from each line it misses),
    /// expecting every matched line to read as its full parse; returns how many matched.
    static func matchedLinesAgree(_ lines: [[UInt8]], name: String) -> Int {
        var checked = 0
        var templates = HeaderTemplates()
        var cache = MinuteCache()
        var matchCache = MinuteCache()
        for raw in lines {
            var bytes = raw
            if bytes.last == 13 { bytes.removeLast() }
            bytes.withUnsafeBufferPointer { line in
                let header = LogHeader.parse(line, minuteCache: &cache)
                let text = TextStart.locate(in: line, from: header.messageStart, to: header.messageEnd)
                if let known = templates.match(line, minuteCache: &matchCache) {
                    checked += 1
                    #expect(known.header.layout == header.layout && known.header.level == header.level
                            && known.header.writer == header.writer && known.header.messageStart == header.messageStart
                            && known.header.messageEnd == header.messageEnd && known.header.second == header.second
                            && known.kind == HeaderKindCounts.kind(header), "\(name): \(String(decoding: line, as: UTF8.self))")
                    #expect(known.text.position == text.position && known.text.tagged == text.tagged
                            && known.text.mojibake == text.mojibake, "\(name): \(String(decoding: line, as: UTF8.self))")
                } else {
                    templates.learn(line, header: header, text: text)
                }
            }
        }
        return checked
    }

    @Test func aMatchedShapeReadsAsAFullParse() throws {
        var checked = 0
        for name in try Fixtures.names() {
            checked += Self.matchedLinesAgree(try Fixtures.data(name).split(separator: 10).map(Array.init), name: name)
        }
        #expect(checked > 1000)
    }

    /// Lines that start like the ones before them but are not: the minute and date checked once
    /// per minute must not let a line through whose seconds or milliseconds break the shape, and
    /// levels and emoji that alternate (each looked up by its own hint) must not lend a line
    /// another's shape.
    @Test func linesLikeTheLastOnesReadAsAFullParse() {
        let file = [
            "2026-11-29 20:08:43,956 - hedge_bot_ETH - DEBUG - 📨 [LIGHTER WS] Received message type: update/order_book",
            "2026-11-29 20:08:43,957 - hedge_bot_ETH - INFO - 📨 [LIGHTER WS]   Order 0: id=1, status=open",
            "2026-11-29 20:08:43,958 - hedge_bot_ETH - INFO - ✅ [LIGHTER WS] Order FILLED: id=1",
            "2026-11-29 20:08:43,959 - hedge_bot_ETH - INFO - [1] [OPEN] [Lighter] [FILLED]: 0.1 @ 3000",
            "2026-11-29 20:08:43,960 - hedge_bot_ETH - INFO - 📨 [LIGHTER WS] Market 0: 1 orders",
            "2026-11-29 20:08:43,961 - hedge_bot_ETH - INFO - ✅ [LIGHTER WS] Order FILLED: id=2",
            "2026-11-29 20:08:43,962 - hedge_bot_ETH - DEBUG - 📨 [LIGHTER WS] Order book update - offset: 1",
            // The same minute, the seconds or milliseconds not digits, a space in the milliseconds.
            "2026-11-29 20:08:4x,963 - hedge_bot_ETH - DEBUG - 📨 [LIGHTER WS] Order book update - offset: 2",
            "2026-11-29 20:08:43 963 - hedge_bot_ETH - DEBUG - 📨 [LIGHTER WS] Order book update - offset: 3",
            "2026-11-29 20:08:43 - hedge_bot_ETH - DEBUG - 📨 [LIGHTER WS] Order book update - offset: 4",
            "2026-11-29 20:08;43,964 - hedge_bot_ETH - DEBUG - 📨 [LIGHTER WS] Order book update - offset: 5",
            // Another level, logger and minute; a line cut short; the shape with no tag after it.
            "2026-11-29 20:09:00,001 - hedge_bot_ETH - WARNING - 📨 [LIGHTER WS] UNEXPECTED MESSAGE TYPE: connected",
            "2026-11-29 20:09:00,002 - lighter_hedge_ETH - DEBUG - 📨 [LIGHTER WS] Received message type: update/order_book",
            "2026-11-29 20:09:00,003 - hedge_bot_ETH - DEBUG - 📨",
            "2026-11-29 20:09:00,004 - hedge_bot_ETH - DEBUG - 📨 [LIGHTER WS]",
            "2026-11-29 20:09:00,005 - hedge_bot_ETH - DEBUG - 📨 Connected to Lighter websocket",
            "2026-11-29 20:09:00,006 - hedge_bot_ETH - DEBUG - 📨 [LIGHTER WS] Received message type: update/order_book",
        ]
        let console = [
            "DEBUG:hedge_bot_ETH:📨 [LIGHTER WS] Received message type: update/order_book",
            "INFO:hedge_bot_ETH:📨 [LIGHTER WS]   Order 0: id=1, status=open",
            "INFO:hedge_bot_ETH:✅ [LIGHTER WS] Order FILLED: id=1",
            "INFO:hedge_bot_ETH:[1] [OPEN] [Lighter] [FILLED]: 0.1 @ 3000",
            "INFO:hedge_bot_ETH:📨 [LIGHTER WS] Market 0: 1 orders",
            "WARN:hedge_bot_ETH:📨 [LIGHTER WS] UNEXPECTED MESSAGE TYPE: connected",
            "WARNING:hedge_bot_ETH:📨 [LIGHTER WS] UNEXPECTED MESSAGE TYPE: connected",
            "INFO:other_logger:📨 [LIGHTER WS] Market 0: 1 orders",
            "INFO:hedge_bot_ETH:✅ [LIGHTER WS] Order FILLED: id=2",
        ]
        for (name, lines) in [("file", file), ("console", console)] {
            // Twice over: the second pass meets every shape learnt.
            let all = (lines + lines + lines.map { $0.mojibake }).map { Array($0.utf8) }
            #expect(Self.matchedLinesAgree(all, name: name) > lines.count, "\(name)")
        }
    }
}
