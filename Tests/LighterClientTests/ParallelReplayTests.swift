import Foundation
import LighterClient
import LighterProtocol
import LighterTestSupport
import Testing

/// A replay read in chunks on several threads must give the summary one thread reading line by
/// line gives: frames by type, books, gaps, fills, times, byte counts. The inputs are the
/// simulator's sessions and the hand-made stream of the recording tests, written as our
/// recordings, as raw captures and mixed, with the chunks cut everywhere.
@Suite struct ParallelReplayTests {
    static func directory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-replay-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The summary of reading `path` line by line on this thread (the reader `replay` used before
    /// it read in chunks), timings aside.
    static func oneThread(_ path: String, account: Int64?, market: Int?) throws -> ReplaySummary {
        var pipeline = ReplayPipeline(account: account, market: market)
        try RecordingReader.forEachFrame(path: path) { timeMs, bytes in pipeline.feed(bytes: bytes, timeMs: timeMs) }
        var summary = pipeline.finish()
        summary.elapsedSeconds = 0
        summary.fileBytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        return summary
    }

    static func chunked(_ path: String, account: Int64?, market: Int?, workers: Int, chunkBytes: Int) throws -> ReplaySummary {
        var summary = try ReplayPipeline.replay(path: path, account: account, market: market, workers: workers, chunkBytes: chunkBytes)
        summary.elapsedSeconds = 0
        return summary
    }

    static func expectSame(_ path: String, label: String, chunkSizes: [Int]) throws {
        for (account, market) in [(nil, nil), (Int64(5), 0), (Int64(6), 1)] as [(Int64?, Int?)] {
            let expected = try oneThread(path, account: account, market: market)
            for workers in [1, 2, 3] {
                for chunkBytes in chunkSizes {
                    let summary = try chunked(path, account: account, market: market, workers: workers, chunkBytes: chunkBytes)
                    #expect(summary == expected, "\(label): account \(account.map(String.init) ?? "-"), market \(market.map(String.init) ?? "-"), \(workers) workers, chunks of \(chunkBytes)")
                    if summary != expected { return }
                }
            }
        }
    }

    @Test func aSimulatedSessionRecordedAndCaptured() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let frames = SessionFrames.make(seed: 3, ticks: 300)
        #expect(frames.count > 500)
        let recorded = dir.appendingPathComponent("session.jsonl").path
        let recorder = try FrameRecorder(path: recorded)
        for frame in frames { recorder.record(frame.text, timeMs: frame.timeMs) }
        recorder.close()
        let captured = dir.appendingPathComponent("capture.jsonl").path
        try Data(frames.map(\.text).joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: captured))

        let summary = try Self.oneThread(recorded, account: nil, market: nil)
        #expect(summary.frames == frames.count && summary.undecodable == 0 && !summary.fills.isEmpty && summary.markets.count == 3)
        try Self.expectSame(recorded, label: "recording", chunkSizes: [64, 1_000, 4_096, 65_536, 1 << 20])
        try Self.expectSame(captured, label: "capture", chunkSizes: [64, 777, 4_096, 65_536, 1 << 20])
    }

    /// Our lines and raw ones mixed, CRLF, blank and space-padded lines, lines that are no frame,
    /// a frame cut short, no newline at the end.
    @Test func aMixedFileWithEveryKindOfLine() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let frames = SessionFrames.make(seed: 4, ticks: 80)
        let path = dir.appendingPathComponent("mixed.jsonl").path
        let recorder = try FrameRecorder(path: path)
        for (i, frame) in frames.prefix(frames.count / 2).enumerated() {
            recorder.record(frame.text, timeMs: frame.timeMs)
            if i % 50 == 0 { recorder.record(RecordingTests.stream[i / 50 % RecordingTests.stream.count], timeMs: frame.timeMs) }
        }
        recorder.close()
        var tail = ""
        for (i, frame) in frames.dropFirst(frames.count / 2).enumerated() {
            tail += frame.text + (i % 7 == 0 ? "\r\n" : "\n")
            if i % 13 == 0 { tail += "\n   \t\r\n" }
            if i % 17 == 0 { tail += "not a frame at all\n{\"t\":12,\"frame\":\"broken \\x\"}\n   " + frame.text + "   \n" }
            if i % 19 == 0 { tail += String(frame.text.prefix(frame.text.count / 2)) + "\n" }
        }
        tail += RecordingTests.stream.joined(separator: "\r\n")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(tail.utf8))
        try handle.close()

        let summary = try Self.oneThread(path, account: nil, market: nil)
        #expect(summary.undecodable > 5 && summary.framesByType.count > 5)
        try Self.expectSame(path, label: "mixed", chunkSizes: [64, 97, 1_000, 4_096, 1 << 20])
    }

    @Test func emptyAndOneLineFiles() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in [("empty", ""), ("newline", "\n"), ("one", RecordingTests.stream[1]), ("blank", "  \r\n\n")] {
            let path = dir.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            try Self.expectSame(path, label: name, chunkSizes: [64, 1 << 20])
        }
        #expect(throws: (any Error).self) { try ReplayPipeline.replay(path: dir.appendingPathComponent("missing").path) }
    }
}
