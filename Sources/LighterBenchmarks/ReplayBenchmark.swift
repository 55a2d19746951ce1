import Foundation
import LighterClient
import LighterProtocol

/// Replay throughput over a generated recording: the full pipeline (decode, books, fill
/// tracker) against two baselines from the same run: reading the lines only, and decoding
/// each frame with Foundation's JSONSerialization.
public enum ReplayBenchmark {
    /// Replay throughput beside its two baselines, one run each on the same recording.
    public struct Report: Sendable {
        /// Lines in the recording.
        public var frames: Int
        /// The recording's size on disk.
        public var fileBytes: Int
        /// Frames per second through the whole replay: decode, books, fill tracker.
        public var replayFramesPerSecond: Double
        /// Lines per second read and dropped: the ceiling.
        public var readOnlyFramesPerSecond: Double
        /// Frames per second decoded by JSONSerialization from memory.
        public var serializationFramesPerSecond: Double
        /// Fills the replay found: about one per 1,000 frames, as the recording is written.
        public var fills: Int

        /// The report as the CLI prints it, with the ratios.
        public var summary: String {
            func rate(_ value: Double) -> String { String(format: "%.0f", value) }
            func ratio(_ value: Double) -> String { String(format: "%.2f", value) }
            return """
            recording: \(frames) frames, \(String(format: "%.1f", Double(fileBytes) / 1_000_000)) MB (our format, auth redacted)
            read lines only:            \(rate(readOnlyFramesPerSecond)) frames/s   [baseline: the ceiling]
            JSONSerialization decode:   \(rate(serializationFramesPerSecond)) frames/s   [baseline: Foundation]
            replay (decode+books+fills): \(rate(replayFramesPerSecond)) frames/s, \(fills) fills found
            replay / read-only: \(ratio(replayFramesPerSecond / readOnlyFramesPerSecond)); replay / JSONSerialization: \(ratio(replayFramesPerSecond / serializationFramesPerSecond))x
            """
        }
    }

    /// Writes `count` frames: book updates on two markets with a snapshot each, and every
    /// 1,000th frame an account_orders update with a partial fill.
    public static func writeRecording(path: String, count: Int) throws {
        let (snapshot0, updates0) = BookBenchmark.makeFrames(count: count / 2 + 1, levels: 2, seed: 11)
        let (snapshot1, updates1) = BookBenchmark.makeFrames(count: count / 2 + 1, levels: 2, seed: 12)
        let encoder = FrameEncoder()
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        var time: Int64 = 1_774_884_082_326
        func line(_ frame: String) {
            time += 7
            buffer += "{\"t\":\(time),\"frame\":"
            JSONWriter.appendEscaped(frame, to: &buffer)
            buffer += "}\n"
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
            if buffer.utf8.count > (1 << 20) - 4096 {
                handle.write(Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer.utf8))
    }

    /// Writes a recording of `count` frames to a temporary file (deleted after), then times reading
    /// it, replaying it, and decoding its first `serializationFrames` frames with JSONSerialization.
    public static func run(frames count: Int, serializationFrames: Int, progress: (String) -> Void) throws -> Report {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lighter-hedge-replay-bench-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        progress("writing a recording of \(count) frames to \(path) ...")
        try writeRecording(path: path, count: count)
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let clock = ContinuousClock()

        var lines = 0
        let readTime = try clock.measure {
            try RecordingReader.forEach(path: path) { _, _ in lines += 1 }
        }
        progress("read only: \(readTime)")

        var summary = ReplaySummary()
        let replayTime = try clock.measure { summary = try ReplayPipeline.replay(path: path, account: 7) }
        progress("replay: \(replayTime)")

        // The baseline decodes a sample already in memory, so that only decoding is timed.
        var sample: [Data] = []
        try RecordingReader.forEach(path: path) { _, text in
            if sample.count < serializationFrames { sample.append(Data(text.utf8)) }
        }
        let decoded = sample.count
        let serializationTime = clock.measure {
            for data in sample { _ = try? JSONSerialization.jsonObject(with: data) }
        }
        progress("JSONSerialization (\(decoded) frames): \(serializationTime)")
        return Report(frames: lines, fileBytes: fileBytes,
                      replayFramesPerSecond: Double(summary.frames) / replayTime.seconds,
                      readOnlyFramesPerSecond: Double(lines) / readTime.seconds,
                      serializationFramesPerSecond: Double(decoded) / serializationTime.seconds,
                      fills: summary.fills.count)
    }
}
