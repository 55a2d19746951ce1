import LineInput
import Foundation
import Testing
@testable import LighterClient
import LighterProtocol

private func recordingDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("recording-tests-\(UUID().uuidString)")
}

private func writeFile(_ text: String, in dir: URL, name: String = "capture.jsonl") throws -> String {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

private func dec(_ text: String) -> FixedDecimal {
    guard let value = FixedDecimal(text) else { fatalError("bad decimal literal \(text)") }
    return value
}

@Suite struct RecordingTests {
    @Test func recordThenReadBack() throws {
        let dir = recordingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sub/rec.jsonl").path
        let frames = [
            #"{"type":"connected","session_id":"abc"}"#,
            #"{"error":{"code":30005,"message":"a \"quoted\" é ☃ 𝄞 \\ back\nslash\ttab"}}"#,
            #"{"type":"ping"}"#,
        ]
        let recorder = try FrameRecorder(path: path)
        for (i, frame) in frames.enumerated() { recorder.record(frame, timeMs: 1_767_225_600_000 + Int64(i)) }
        recorder.close()
        recorder.record("after close is dropped")
        #expect(recorder.framesRecorded == 3)

        let raw = try String(contentsOfFile: path, encoding: .utf8)
        #expect(raw.hasPrefix(#"{"t":1767225600000,"frame":"{\"type\":\"connected\""#))
        #expect(raw.split(separator: "\n").count == 3)
        let entries = try RecordingReader.entries(path: path)
        #expect(entries.map(\.text) == frames)
        #expect(entries.map(\.timeMs) == [1_767_225_600_000, 1_767_225_600_001, 1_767_225_600_002])
        // Each line is plain JSON any tool can read.
        for line in raw.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?.keys.sorted() == ["frame", "t"])
        }
    }

    @Test func recorderStampsTheCurrentTimeAndFlushesOnDemand() throws {
        let dir = recordingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("rec.jsonl").path
        let recorder = try FrameRecorder(path: path)
        let before = FrameRecorder.nowMs()
        recorder.record(#"{"type":"pong"}"#)
        recorder.flush()
        let entries = try RecordingReader.entries(path: path)
        #expect(entries.count == 1)
        #expect((entries.first?.timeMs ?? 0) >= before)
        recorder.close()
    }

    @Test func plainCaptureLinesHaveNoTimes() throws {
        let dir = recordingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = [#"{"channel":"order_book:0","type":"update/order_book"}"#, #"{"type":"ping"}"#,
                     #"{"t":5,"frame":"x","extra":1}"#, #"{"t":5}"#, "not json", #"{"frame":1,"t":2}"#]
        let path = try writeFile(lines.joined(separator: "\n") + "\n", in: dir)
        let entries = try RecordingReader.entries(path: path)
        #expect(entries.map(\.text) == lines)
        #expect(entries.allSatisfy { $0.timeMs == nil })
    }

    @Test func crlfBlankLinesAndMixedFormats() throws {
        let dir = recordingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "{\"type\":\"ping\"}\r\n\r\n   \r\n{\"frame\":\"{\\\"type\\\":\\\"pong\\\"}\",\"t\":7}\r\n\n"
            + "  {\"t\":8.9,\"frame\":\"{}\"}  \r\n{\"t\":null,\"frame\":{\"type\":\"ping\"}}\r\n{\"type\":\"pong\"}"
        let path = try writeFile(text, in: dir)
        let entries = try RecordingReader.entries(path: path)
        #expect(entries == [
            .init(timeMs: nil, text: #"{"type":"ping"}"#),
            .init(timeMs: 7, text: #"{"type":"pong"}"#),
            .init(timeMs: 8, text: "{}"),
            .init(timeMs: nil, text: #"{"type":"ping"}"#),
            .init(timeMs: nil, text: #"{"type":"pong"}"#),
        ])
        #expect(RecordingReader.parse(line: "  \t ") == nil)
        #expect(RecordingReader.parse(line: #"{"t":3,"frame":"\u00e9\ud834\udd1e\ud800"}"#)?.text == "é𝄞\u{FFFD}")
    }

    @Test func longLinesAndTinyBuffers() throws {
        let dir = recordingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let long = "{\"type\":\"x\",\"pad\":\"" + String(repeating: "a", count: 2_500_000) + "\"}"
        let short = (0..<50).map { "{\"n\":\($0)}" }
        let path = try writeFile(([long] + short + [long]).joined(separator: "\r\n"), in: dir)
        let entries = try RecordingReader.entries(path: path)
        #expect(entries.count == 52)
        #expect(entries.first?.text == long && entries.last?.text == long)
        #expect(entries[1...50].map(\.text) == short)

        // The line reader itself, with a buffer smaller than any line.
        var reader = try LineReader(path: path, chunkSize: 16)
        var lengths: [Int] = []
        var unterminated = 0
        try reader.forEachLine { line, terminated in
            lengths.append(line.count)
            if !terminated { unterminated += 1 }
        }
        #expect(lengths == [long.utf8.count] + short.map(\.utf8.count) + [long.utf8.count])
        #expect(unterminated == 1)
        #expect(reader.lineNumber == 52)
    }

    @Test func authIsRedactedBeforeRecording() throws {
        let dir = recordingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("rec.jsonl").path
        let token = "1767225600:5:3:" + String(repeating: "ab", count: 80)
        let recorder = try FrameRecorder(path: path, authTokens: [token])
        recorder.record(#"{"type":"subscribe","channel":"account_all_orders:5","auth":"\#(token)"}"#, timeMs: 1)
        recorder.record(#"{"error":{"code":20013,"message":"invalid auth: \#(token)"}}"#, timeMs: 2)
        let rotated = "1767254400:5:3:" + String(repeating: "cd", count: 80)
        recorder.redact(token: rotated)
        recorder.record(#"{"error":{"message":"echo \#(rotated)"}}"#, timeMs: 3)
        recorder.close()

        let raw = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!raw.contains("abab"))
        #expect(!raw.contains("cdcd"))
        let entries = try RecordingReader.entries(path: path)
        #expect(entries[0].text == #"{"type":"subscribe","channel":"account_all_orders:5","auth":"<redacted>"}"#)
        #expect(entries[1].text.contains("1767225600:5:3:<redacted>"))
        #expect(entries[2].text.contains("1767254400:5:3:<redacted>"))
    }

    @Test func randomTextSurvivesRecordingExactly() throws {
        let dir = recordingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("rec.jsonl").path
        let alphabet: [Character] = ["a", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "é", "☃", "𝄞", "{", "}", " "]
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        let texts = (0..<300).map { _ in String((0..<(next() % 40)).map { _ in alphabet[next() % alphabet.count] }) }
        let recorder = try FrameRecorder(path: path)
        for (i, text) in texts.enumerated() { recorder.record(text, timeMs: Int64(i)) }
        recorder.close()
        let entries = try RecordingReader.entries(path: path)
        // Empty and all-space texts still come back: the line around them is not blank.
        #expect(entries.map(\.text) == texts)
        #expect(entries.map(\.timeMs) == texts.indices.map { Int64($0) })
        // The general path (spaces, other key order) agrees with the fast one.
        #expect(RecordingReader.parse(line: #"{ "frame" : "a\"b\u00e9" , "t" : 12 }"#) == .init(timeMs: 12, text: "a\"bé"))
        #expect(RecordingReader.parse(line: #"{"t":1,"frame":"bad \x escape"}"#)?.timeMs == nil)
    }

    @Test func missingFileThrows() {
        #expect(throws: (any Error).self) { try RecordingReader.entries(path: "/nonexistent/dir/x.jsonl") }
    }

    // MARK: - Replay

    /// Market 0: snapshot, update, a gap, an update while unsynced, a fresh snapshot and one
    /// more update. Market 1: snapshot then a gap, never resynced. Then our partial fill on
    /// the order channel and the trades behind it.
    static let stream: [String] = [
        #"{"type":"connected","session_id":"s1"}"#,
        #"{"channel":"order_book:0","offset":1,"order_book":{"code":0,"asks":[{"price":"3001.00","size":"1.0000"}],"bids":[{"price":"2999.00","size":"2.0000"}],"offset":1,"nonce":100},"type":"subscribed/order_book"}"#,
        #"{"channel":"order_book:0","offset":2,"order_book":{"code":0,"asks":[],"bids":[{"price":"3000.00","size":"1.5000"}],"offset":2,"nonce":101,"begin_nonce":100},"type":"update/order_book"}"#,
        #"{"channel":"order_book:1","offset":1,"order_book":{"code":0,"asks":[{"price":"101.00","size":"3.0000"}],"bids":[{"price":"100.00","size":"3.0000"}],"offset":1,"nonce":7},"type":"subscribed/order_book"}"#,
        #"{"channel":"order_book:0","offset":3,"order_book":{"code":0,"asks":[{"price":"3000.50","size":"1.0000"}],"bids":[],"offset":3,"nonce":106,"begin_nonce":105},"type":"update/order_book"}"#,
        #"{"channel":"order_book:0","offset":4,"order_book":{"code":0,"asks":[],"bids":[{"price":"2000.00","size":"9.0000"}],"offset":4,"nonce":107,"begin_nonce":106},"type":"update/order_book"}"#,
        #"{"channel":"order_book:1","offset":2,"order_book":{"code":0,"asks":[],"bids":[],"offset":2,"nonce":9,"begin_nonce":8},"type":"update/order_book"}"#,
        #"{"channel":"order_book:0","offset":5,"order_book":{"code":0,"asks":[{"price":"3002.00","size":"1.0000"}],"bids":[{"price":"2998.00","size":"4.0000"}],"offset":5,"nonce":110},"type":"subscribed/order_book"}"#,
        #"{"channel":"order_book:0","offset":6,"order_book":{"code":0,"asks":[{"price":"3002.00","size":"0.0000"},{"price":"3001.50","size":"0.5000"}],"bids":[],"offset":6,"nonce":111,"begin_nonce":110},"type":"update/order_book"}"#,
        #"{"type":"update/account_orders","channel":"account_orders:0","account":5,"nonce":3,"orders":{"0":[{"order_index":281474976710657,"client_order_index":7,"order_id":"281474976710657","client_order_id":"7","market_index":0,"owner_account_index":5,"initial_base_amount":"2.0000","price":"3001.00","nonce":1,"remaining_base_amount":"1.5000","is_ask":false,"base_size":20000,"base_price":300100,"filled_base_amount":"0.5000","filled_quote_amount":"1500.000000","side":"","type":"limit","time_in_force":"good-till-time","reduce_only":false,"trigger_price":"0.00","order_expiry":1780360584479,"status":"open","trigger_status":"na","trigger_time":0,"parent_order_index":0,"updated_at":1767225600123}]}}"#,
        #"{"type":"update/account_all_trades","channel":"account_all_trades:5","trades":{"0":[{"trade_id":9001,"tx_hash":"aa","type":"trade","market_id":0,"size":"0.5000","price":"3000.00","usd_amount":"1500.000000","ask_id":111,"bid_id":281474976710657,"ask_client_id":0,"bid_client_id":7,"ask_account_id":9,"bid_account_id":5,"is_maker_ask":true,"block_height":10,"timestamp":1767225600100},{"trade_id":9002,"tx_hash":"ab","type":"trade","market_id":0,"size":"0.2500","price":"3004.00","usd_amount":"751.000000","ask_id":112,"bid_id":281474976710657,"ask_client_id":0,"bid_client_id":7,"ask_account_id":9,"bid_account_id":5,"is_maker_ask":true,"block_height":11,"timestamp":1767225600200}]}}"#,
        #"{"channel":"trade:0","liquidation_trades":[],"nonce":5,"trades":[],"type":"update/trade"}"#,
        #"{"type":"ping"}"#,
        #"{"type":"update/order_bo"#,
    ]

    @Test func replayOfAHandMadeStream() throws {
        let dir = recordingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Half recorded by us, half a plain capture, as after switching tools mid-session.
        let path = dir.appendingPathComponent("rec.jsonl").path
        let recorder = try FrameRecorder(path: path)
        for (i, frame) in Self.stream.prefix(7).enumerated() { recorder.record(frame, timeMs: 1000 + Int64(i)) }
        recorder.close()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((Self.stream.dropFirst(7).joined(separator: "\r\n") + "\r\n\r\n").utf8))
        try handle.close()

        let summary = try ReplayPipeline.replay(path: path)
        #expect(summary.frames == Self.stream.count)
        #expect(summary.undecodable == 1)
        #expect(summary.framesByType == [
            "connected": 1, "subscribed/order_book": 3, "update/order_book": 5, "update/account_orders": 1,
            "update/account_all_trades": 1, "update/trade": 1, "ping": 1,
        ])
        #expect(summary.firstTimeMs == 1000 && summary.lastTimeMs == 1006)
        #expect(summary.account == 5)
        #expect(summary.gaps == 2)
        #expect(summary.markets.map(\.market) == [0, 1])
        let m0 = summary.markets[0]
        #expect(m0.synced)
        #expect(m0.bestBid == PriceLevel(price: dec("2998"), size: dec("4")))
        #expect(m0.bestAsk == PriceLevel(price: dec("3001.5"), size: dec("0.5")))
        #expect(m0.snapshots == 2 && m0.updatesApplied == 2 && m0.gaps == 1 && m0.updatesWhileUnsynced == 1)
        let m1 = summary.markets[1]
        #expect(!m1.synced && m1.gaps == 1 && m1.bestBid == nil && m1.bestAsk == nil)

        #expect(summary.fills.count == 2)
        let first = try #require(summary.fills.first)
        #expect(first.orderIndex == 281_474_976_710_657 && first.clientOrderIndex == 7)
        #expect(first.size == dec("0.5") && first.price == dec("3000") && first.source == .accountOrders)
        #expect(first.timeMs == 1_767_225_600_123 && first.status == "open" && !first.recovered)
        let second = try #require(summary.fills.last)
        #expect(second.size == dec("0.25") && second.price == dec("3004") && second.source == .accountAllTrades)
        #expect(second.cumulativeFilled == dec("0.75") && second.cumulativeQuote == dec("2251"))
        #expect(second.clientOrderIndex == 7 && second.status == "open" && second.timeMs == 1_767_225_600_200)
        #expect(summary.bytes > 0 && summary.elapsedSeconds > 0 && summary.framesPerSecond > 0)
    }

    @Test func replayMarketFilterAndAccountParameter() {
        var pipeline = ReplayPipeline(account: 6, market: 1)
        for frame in Self.stream { pipeline.feed(frame) }
        let summary = pipeline.finish()
        #expect(summary.filteredOut == 7)
        #expect(summary.markets.map(\.market) == [1])
        #expect(summary.account == 6)
        // Account 6 owns nothing here.
        #expect(summary.fills.isEmpty)
        #expect(summary.framesByType["update/order_book"] == 1)

        var ours = ReplayPipeline(account: 5, market: 0)
        for frame in Self.stream { ours.feed(frame) }
        #expect(ours.finish().fills.map(\.size) == [dec("0.5"), dec("0.25")])
    }
}

@Suite struct LineReaderLimitTests {
    @Test func overLongLinesAreCutAndTheRestSkipped() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let long = String(repeating: "x", count: 100)
        try ("first\n" + long + "\nlast\r\n" + long).write(toFile: path, atomically: true, encoding: .utf8)
        var reader = try LineReader(path: path, chunkSize: 16, maxLineBytes: 32)
        var lines: [(String, Bool)] = []
        try reader.forEachLine { bytes, terminated in lines.append((String(decoding: bytes, as: UTF8.self), terminated)) }
        #expect(lines.map(\.0) == ["first", String(repeating: "x", count: 32), "last", String(repeating: "x", count: 32)])
        #expect(lines.map(\.1) == [true, false, true, false])
        #expect(reader.truncatedLines == 2)
        #expect(reader.lineNumber == 4)
    }

    @Test func readsFromADescriptor() throws {
        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        let text = Array("a\nb\n".utf8)
        #expect(write(pipeEnds[1], text, text.count) == text.count)
        close(pipeEnds[1])
        var reader = LineReader(fileDescriptor: pipeEnds[0], name: "<pipe>", closeWhenDone: true)
        var lines: [String] = []
        try reader.forEachLine { bytes, _ in lines.append(String(decoding: bytes, as: UTF8.self)) }
        #expect(lines == ["a", "b"])
    }
}
