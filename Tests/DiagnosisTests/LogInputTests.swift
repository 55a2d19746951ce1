import Diagnosis
import Foundation
import LineInput
import LighterProtocol
import Testing

/// The line-by-line inputs of `doctor` (standard input, `.gz`) on hostile bytes: no crash, and
/// the same reading as the chunked file reader and the in-memory one, down to the byte count.
@Suite struct LogInputTests {
    static let knownLines = [
        "2025-12-22 14:03:07,123 - hedge_bot_ETH - DEBUG - 📨 [LIGHTER WS] Received message type: update/order_book",
        "2025-12-22 14:03:07,124 - hedge_bot_ETH - INFO - ✅ Subscribed to account orders with auth token",
        "2025-12-22 14:03:08,000 - hedge_bot_ETH - ERROR - ⚠️ Failed to connect to Lighter websocket: [Errno 111] Connect call failed",
        "INFO:hedge_bot_ETH:[OPEN] [Lighter] [FILLED] 0.1 @ 3000",
        "2025-12-22 14:03:09,000 - hedge_bot_ETH - DEBUG - ðŸ“¨ [LIGHTER WS]   Order 0: id=7, status=open, filled=0.5",
    ]

    static func hostileLog(seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        var bytes: [UInt8] = []
        for _ in 0..<400 {
            switch random.int(in: 0...9) {
            case 0...5:
                bytes += Array(knownLines[Int(random.int(in: 0...Int64(knownLines.count - 1)))].utf8)
            case 6:
                bytes += (0..<Int(random.int(in: 0...300))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 7:
                bytes += Array(repeating: 0, count: Int(random.int(in: 1...100)))
            case 8:
                // Over the diagnoser's 64 KB, and now and then over the reader's 1 MiB.
                let count = random.int(in: 0...5) == 0 ? 1_100_000 : 70_000
                bytes += Array("2025-12-22 14:03:10,000 - hedge_bot_ETH - WARNING - Payload: ".utf8) + Array(repeating: UInt8(ascii: "z"), count: count)
            default:
                bytes += Array(knownLines[0].utf8.prefix(Int(random.int(in: 0...40))))
            }
            bytes += random.int(in: 0...3) == 0 ? [0x0D, 0x0A] : [0x0A]
        }
        // No newline after the last line.
        bytes += Array(knownLines[1].utf8)
        return bytes
    }

    static func viaLines(_ inputs: [String], standardInput: Int32 = 0) throws -> DiagnosisReport {
        var diagnoser = LogDiagnoser()
        for input in inputs {
            let uncounted = try LogInput.forEachLine(of: [input], standardInput: standardInput) { line, file, number in
                diagnoser.feed(line: line, file: file, lineNumber: number)
            }
            diagnoser.addUncountedBytes(uncounted)
        }
        return diagnoser.finish()
    }

    static func summary(_ report: DiagnosisReport) -> String {
        "\(report.input.lines) lines, \(report.input.bytes) bytes, \(report.input.longLines) long; scenario \(String(describing: report.scenario)) "
            + "\(report.candidates); \(report.findingIDs.map(\.rawValue).sorted()); "
            + report.checks.keys.sorted().map { "\($0)=\(report.checks[$0]?.status.rawValue ?? "")" }.joined(separator: ",")
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func standardInputGzipAndChunksReadTheSame(seed: UInt64) throws {
        let bytes = Self.hostileLog(seed: seed)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("loginput-\(seed)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bot.log").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        var chunked = LogDiagnoser()
        try chunked.feed(fileAt: path, name: "bot.log", workers: 2, chunkBytes: 64 * 1024)
        let expected = chunked.finish()
        #expect(expected.input.bytes == bytes.count)
        #expect(Self.summary(LogDiagnoser.diagnose(data: Data(bytes))) == Self.summary(expected))

        // A plain file read line by line.
        #expect(Self.summary(try Self.viaLines([path])) == Self.summary(expected))

        // Standard input: a pipe fed from another thread.
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writeEnd = fds[1]
        let writer = Thread {
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count, let base = buffer.baseAddress {
                    let n = write(writeEnd, base + offset, buffer.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        let viaStdin = try Self.viaLines(["-"], standardInput: fds[0])
        close(fds[0])
        #expect(Self.summary(viaStdin) == Self.summary(expected))

        // gzip.
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-k", "--", path]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(gzip.terminationStatus == 0)
        #expect(Self.summary(try Self.viaLines([path + ".gz"])) == Self.summary(expected))
    }

    @Test func unreadableInputsSayWhy() throws {
        #expect(throws: LogInput.Unreadable.self) { try LogInput.isRegularFile("/no/such/file.log") }
        #expect(throws: LogInput.Unreadable.self) { try LogInput.isRegularFile(FileManager.default.temporaryDirectory.path) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("loginput-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = directory.appendingPathComponent("not.gz").path
        try Data("plain text, not gzip\n".utf8).write(to: URL(fileURLWithPath: fake))
        do {
            _ = try Self.viaLines([fake])
            Issue.record("a file that is not gzip was read")
        } catch let error as LogInput.Unreadable {
            #expect(error.description.contains("not a readable gzip file"))
        }
    }
}
