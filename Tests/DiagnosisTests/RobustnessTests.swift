import LighterProtocol
import Foundation
import Testing
@testable import Diagnosis

/// Input is untrusted: random bytes, cut lines, huge lines, NULs and broken UTF-8 must never
/// crash the reader or the diagnoser, and chunk boundaries must not change the verdict.
@Suite struct RobustnessTests {
    @Test func randomBytesNeverCrash() {
        var rng = SeededRandom(seed: 0x5EED)
        // Bytes that matter to the parser are over-represented.
        let interesting: [UInt8] = Array("\n\r\0 -:[]{}\"'=,0123456789DEBUGINFOWARNING".utf8) + [0xC3, 0xB0, 0xC5, 0xB8, 0xE2, 0x80, 0xF0, 0x9F, 0xFF]
        for round in 0..<60 {
            var bytes: [UInt8] = []
            let length = Int.random(in: 0..<6000, using: &rng)
            bytes.reserveCapacity(length)
            for _ in 0..<length {
                bytes.append(Bool.random(using: &rng) ? UInt8.random(in: 0...255, using: &rng)
                                                       : interesting[Int.random(in: 0..<interesting.count, using: &rng)])
            }
            var diagnoser = LogDiagnoser()
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let size = min(raw.count - offset, Int.random(in: 1...700, using: &rng))
                    diagnoser.feed(chunk: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + size)]), file: "fuzz\(round)")
                    offset += size
                }
            }
            let report = diagnoser.finish()
            #expect(report.input.bytes >= 0)
            #expect(!report.jsonData().isEmpty)
            #expect(!report.renderText(color: false).isEmpty)
        }
    }

    @Test func mutatedFixtureLinesNeverCrash() throws {
        var rng = SeededRandom(seed: 42)
        let text = try Fixtures.data("python-fk-s6-debug.mojibake-crlf.log") + Fixtures.data("ours-s3-reject-auth.log")
        let lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var diagnoser = LogDiagnoser()
        for (n, line) in lines.enumerated() {
            var bytes = Array(line)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
            case 1: if !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &rng)] = 0 }
            case 2: if !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &rng)] = 0xFF }
            case 3: bytes = Array(bytes.suffix(Int.random(in: 0...bytes.count, using: &rng)))
            case 4: bytes += bytes
            default: break
            }
            bytes.withUnsafeBufferPointer { diagnoser.feed(line: $0, file: "mutated", lineNumber: n + 1) }
        }
        let report = diagnoser.finish()
        #expect(report.input.lines == lines.count)
    }

    @Test func hugeAndHostileLines() throws {
        var diagnoser = LogDiagnoser()
        // 1 MB in one line: only its head is examined.
        var huge = Array("2025-12-22 14:03:07,123 - hedge_bot_ETH - WARNING - 📨 [LIGHTER WS] Payload: ".utf8)
        huge += Array(repeating: UInt8(ascii: "a"), count: 1 << 20)
        huge.append(UInt8(ascii: "\n"))
        diagnoser.feed(data: Data(huge), file: "huge")
        // 1 MB of NULs, no newline at all.
        diagnoser.feed(data: Data(repeating: 0, count: 1 << 20), file: "nul")
        diagnoser.endOfFile("nul")
        // Invalid UTF-8 in the middle of a known line, and an escape sequence.
        var broken = Array("2025-12-22 14:03:08,000 - hedge_bot_ETH - ERROR - ⚠️ Failed to connect to Lighter websocket: ".utf8)
        broken += [0xFF, 0xFE, 0xC3, 0x28, 0x1B, 0x5B, 0x33, 0x31, 0x6D]
        broken += Array(" [Errno 111] Connect call failed\n".utf8)
        diagnoser.feed(data: Data(broken), file: "broken")
        let report = diagnoser.finish()
        #expect(report.input.longLines == 2)
        let failure = try #require(report.finding(.connectFailed))
        #expect(failure.kind == "refused")
        let text = try #require(failure.evidence.first?.text)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("\u{FFFD}"))
        #expect(text.utf8.count < 400)
    }

    @Test func directLinesMayKeepTheirLineEnds() {
        var diagnoser = LogDiagnoser()
        let lines = [
            "2025-12-22 14:03:07,123 - hedge_bot_ETH - ERROR - ⚠️ Failed to connect to Lighter websocket: timed out during opening handshake\r\n",
            "", "\n", "\r", "INFO:hedge_bot_ETH:", "DEBUG:", "2025-12-22 14:03:07,123 - ", "{\"time\":\"2026",
            "{\"time\":\"2026-11-27T10:29:58.964Z\",\"level\":\"info\"",
        ]
        for (n, line) in lines.enumerated() {
            Array(line.utf8).withUnsafeBufferPointer { diagnoser.feed(line: $0, file: "direct", lineNumber: n + 1) }
        }
        let report = diagnoser.finish()
        #expect(report.finding(.connectFailed)?.kind == "timeout")
        #expect(report.input.lines == lines.count)
    }

    /// Chunks cut anywhere (inside a CRLF, inside an emoji) give the same report as one piece.
    @Test(arguments: ["python-fk-s6-debug.mojibake-crlf.log", "ours-reconnect-storm.log", "python-up-fallback.console.mojibake.log"])
    func chunkBoundariesDoNotMatter(_ fixture: String) throws {
        let data = try Fixtures.data(fixture)
        let whole = LogDiagnoser.diagnose(data: data, file: fixture)
        var rng = SeededRandom(seed: UInt64(data.count))
        for _ in 0..<3 {
            var diagnoser = LogDiagnoser()
            var offset = 0
            while offset < data.count {
                let size = min(data.count - offset, Int.random(in: 1...97, using: &rng))
                diagnoser.feed(data: data.subdata(in: offset..<(offset + size)), file: fixture)
                offset += size
            }
            diagnoser.endOfFile(fixture)
            #expect(diagnoser.finish() == whole)
        }
    }

    @Test func splitterNumbersLinesAndCutsLongOnes() {
        var splitter = LogLineSplitter(maxLineBytes: 8)
        var seen: [(String, Int)] = []
        let input = Array("ab\nc".utf8) + Array("d\r\n0123456789abcdef\n\nlast".utf8)
        input.withUnsafeBytes { raw in
            splitter.push(UnsafeRawBufferPointer(rebasing: raw[0..<4])) { seen.append((String(decoding: $0, as: UTF8.self), $1)) }
            splitter.push(UnsafeRawBufferPointer(rebasing: raw[4..<raw.count])) { seen.append((String(decoding: $0, as: UTF8.self), $1)) }
        }
        splitter.finish { seen.append((String(decoding: $0, as: UTF8.self), $1)) }
        #expect(seen.map(\.0) == ["ab", "cd\r", "01234567", "", "last"])
        #expect(seen.map(\.1) == [1, 2, 3, 4, 5])
        #expect(splitter.longLines == 1)
    }
}
