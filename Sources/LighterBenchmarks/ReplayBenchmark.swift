import Foundation
import LighterClient
import LighterProtocol

/// Replay throughput over two generated files, each against baselines measured in the same run:
/// reading its frames only (one thread, frame bytes unescaped but nothing decoded: the ceiling),
/// the replay on one thread, and Foundation's JSONSerialization decoding a sample of its frames.
///
/// - our recording (`watch --record`): book updates of two markets (2 levels each) and every
///   1,000th frame an account update with a partial fill;
/// - a raw capture (one frame a line, as websocat saves it) of one market's book: 60 levels a
///   side, 1-3 changed levels a frame, about 250 bytes a frame.
public enum ReplayBenchmark {
    /// One file's replay rates beside its baselines, each the best of five runs.
    public struct Measurement: Sendable {
        /// What the file holds, as the report names it.
        public var name: String
        /// Frames in the file.
        public var frames: Int
        /// The file's size on disk.
        public var fileBytes: Int
        /// Frames per second read and dropped on one thread: the ceiling.
        public var readOnlyFramesPerSecond: Double
        /// Frames per second through the whole replay on one thread.
        public var oneThreadFramesPerSecond: Double
        /// Frames per second through the whole replay on `workers` threads.
        public var replayFramesPerSecond: Double
        /// Frames per second decoded by JSONSerialization from memory.
        public var serializationFramesPerSecond: Double
        /// Threads the parallel replay decoded on.
        public var workers: Int
        /// Fills the replay found.
        public var fills: Int

        /// The measurement as the CLI prints it, with the ratios.
        public var summary: String {
            func rate(_ value: Double) -> String { String(format: "%.0f", value) }
            func ratio(_ value: Double) -> String { String(format: "%.2f", value) }
            return """
            \(name): \(frames) frames, \(String(format: "%.1f", Double(fileBytes) / 1_000_000)) MB, \(String(format: "%.0f", Double(fileBytes) / Double(max(1, frames)))) bytes a line
              read frames only, 1 thread:   \(rate(readOnlyFramesPerSecond)) frames/s   [baseline: the ceiling]
              JSONSerialization decode:     \(rate(serializationFramesPerSecond)) frames/s   [baseline: Foundation]
              replay, 1 thread:             \(rate(oneThreadFramesPerSecond)) frames/s
              replay, \(workers) threads:            \(rate(replayFramesPerSecond)) frames/s, \(fills) fills found
              replay / read-only: \(ratio(replayFramesPerSecond / readOnlyFramesPerSecond)); \
            replay / 1 thread: \(ratio(replayFramesPerSecond / oneThreadFramesPerSecond)); \
            replay / JSONSerialization: \(ratio(replayFramesPerSecond / serializationFramesPerSecond))x
            """
        }
    }

    /// Both files' measurements.
    public struct Report: Sendable {
        /// Our own recording's.
        public var recording: Measurement
        /// The raw capture's.
        public var capture: Measurement
        /// Both summaries, one after the other.
        public var summary: String { recording.summary + "\n" + capture.summary }
    }

    /// Writes `count` frames: book updates on two markets with a snapshot each, and every
    /// 1,000th frame an account_orders update with a partial fill.
    public static func writeRecording(path: String, count: Int) throws {
        let (snapshot0, updates0) = BookBenchmark.makeFrames(count: count / 2 + 1, levels: 2, seed: 11)
        let (snapshot1, updates1) = BookBenchmark.makeFrames(count: count / 2 + 1, levels: 2, seed: 12)
        let encoder = FrameEncoder()
        let writer = try LineFileWriter(path: path)
        var time: Int64 = 1_774_884_082_326
        func line(_ frame: String) {
            time += 7
            var text = "{\"t\":\(time),\"frame\":"
            JSONWriter.appendEscaped(frame, to: &text)
            text += "}\n"
            writer.append(text)
        }
        line(snapshot0)
        line(snapshot1.replacingOccurrences(of: "order_book:0", with: "order_book:1"))
        var orderFill: Int64 = 0
        for index in 0..<(count - 2) {
            if index % 1000 == 999 {
                orderFill += 1
                let order = Order(orderIndex: 281_474_976_710_656 + Int64(index / 1000 % 50), clientOrderIndex: 1, marketIndex: 0,
                                  ownerAccountIndex: 7, initialBaseAmount: 1000, price: 3000,
                                  remainingBaseAmount: FixedDecimal(units: (1000 - orderFill % 1000) * FixedDecimal.unitScale),
                                  isAsk: false, filledBaseAmount: FixedDecimal(units: (orderFill % 1000) * FixedDecimal.unitScale),
                                  filledQuoteAmount: FixedDecimal(units: (orderFill % 1000) * 3000 * FixedDecimal.unitScale),
                                  status: .open)
                line(encoder.encode(.accountOrders(AccountOrdersFrame(source: .accountOrders, isSnapshot: false,
                    channel: "account_orders:0", account: 7, nonce: Int64(index), orders: ["0": [order]]))))
            } else if index % 2 == 0 {
                line(updates0[index / 2])
            } else {
                line(updates1[index / 2].replacingOccurrences(of: "order_book:0", with: "order_book:1"))
            }
        }
        try writer.close()
    }

    /// Writes a raw capture of `count` frames of one market's book: a snapshot of 60 levels a
    /// side, then chained updates of 1-3 changed levels (one change in eight a delete).
    public static func writeCapture(path: String, count: Int) throws {
        let (snapshot, updates) = BookBenchmark.makeFrames(count: max(0, count - 1), levels: 0, seed: 13, depth: 60, changing: 1...3)
        let writer = try LineFileWriter(path: path)
        writer.append(snapshot + "\n")
        for update in updates { writer.append(update + "\n") }
        try writer.close()
    }

    /// Writes both files, `count` frames each, to temporary files (deleted after), then measures
    /// each: reading, replaying on one thread and on every core, and decoding `serializationFrames`
    /// of its frames with JSONSerialization.
    public static func run(frames count: Int, serializationFrames: Int, progress: (String) -> Void) throws -> Report {
        let directory = FileManager.default.temporaryDirectory
        let recording = directory.appendingPathComponent("lighter-hedge-replay-bench-\(getpid()).jsonl").path
        let capture = directory.appendingPathComponent("lighter-hedge-replay-bench-\(getpid())-raw.jsonl").path
        defer {
            try? FileManager.default.removeItem(atPath: recording)
            try? FileManager.default.removeItem(atPath: capture)
        }
        progress("writing a recording of \(count) frames to \(recording) ...")
        try writeRecording(path: recording, count: count)
        progress("writing a raw capture of \(count) book frames to \(capture) ...")
        try writeCapture(path: capture, count: count)
        return Report(recording: try measure("our recording (2 markets, 2 levels a frame, account updates)", path: recording,
                                             account: 7, serializationFrames: serializationFrames, progress: progress),
                      capture: try measure("raw capture (1 market, 60 levels a side, 1-3 changed a frame)", path: capture,
                                           account: nil, serializationFrames: serializationFrames, progress: progress))
    }

    /// The best of five runs of each, alternating, so that a slow moment of a shared machine
    /// weighs on all of them alike.
    static func measure(_ name: String, path: String, account: Int64?, serializationFrames: Int,
                        progress: (String) -> Void) throws -> Measurement {
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let clock = ContinuousClock()
        var frames = 0
        var summary = ReplaySummary()
        var best = (read: Double.infinity, one: Double.infinity, all: Double.infinity)
        for run in 1...5 {
            let read = try clock.measure {
                frames = 0
                try RecordingReader.forEachFrame(path: path) { _, _ in frames += 1 }
            }
            let one = try clock.measure { summary = try ReplayPipeline.replay(path: path, account: account, workers: 1) }
            let all = try clock.measure { summary = try ReplayPipeline.replay(path: path, account: account, workers: workers) }
            progress("\(name), run \(run): read only \(read), replay on 1 thread \(one), on \(workers) \(all)")
            best = (min(best.read, read.seconds), min(best.one, one.seconds), min(best.all, all.seconds))
        }
        // The baseline decodes a sample already in memory, so that only decoding is timed.
        var sample: [Data] = []
        try RecordingReader.forEachFrame(path: path) { _, bytes in
            if sample.count < serializationFrames { sample.append(Data(buffer: bytes)) }
        }
        let serializationTime = clock.measure {
            for data in sample { _ = try? JSONSerialization.jsonObject(with: data) }
        }
        progress("\(name): JSONSerialization (\(sample.count) frames): \(serializationTime)")
        return Measurement(name: name, frames: frames, fileBytes: fileBytes,
                           readOnlyFramesPerSecond: Double(frames) / best.read,
                           oneThreadFramesPerSecond: Double(summary.frames) / best.one,
                           replayFramesPerSecond: Double(summary.frames) / best.all,
                           serializationFramesPerSecond: Double(sample.count) / serializationTime.seconds,
                           workers: workers, fills: summary.fills.count)
    }
}

/// Text lines to a file, a megabyte at a time.
private final class LineFileWriter {
    private let handle: FileHandle
    private var buffer = ""

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    func append(_ text: String) {
        buffer += text
        if buffer.utf8.count > (1 << 20) - 4096 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer.utf8))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
    }
}
