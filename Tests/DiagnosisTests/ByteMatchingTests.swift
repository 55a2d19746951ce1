import LighterProtocol
import Testing
@testable import Diagnosis

/// The word-at-a-time byte matchers against byte-by-byte definitions.
@Suite struct ByteMatchingTests {
    /// `valueEnd` as a byte loop: the first space, quote, apostrophe, `)`, `,`, `;`, `]` or `}`.
    static func naiveValueEnd(_ bytes: [UInt8], from start: Int, to end: Int) -> Int {
        let stops: Set<UInt8> = [0x20, 0x22, 0x27, 0x29, 0x2C, 0x3B, 0x5D, 0x7D]
        var i = max(start, 0)
        while i < min(end, bytes.count), !stops.contains(bytes[i]) { i += 1 }
        return max(i, start)
    }

    /// A byte that `plainWord` lets pass: a digit, or ASCII above `;` other than `]` and `}`.
    static func isPlain(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || ((0x3C...0x7F).contains(b) && b != 0x5D && b != 0x7D)
    }

    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    /// Every byte value at every place of a word of digits or letters: the word passes exactly
    /// when that byte is plain.
    @Test func plainWordTellsEveryByte() {
        for filler in [UInt8(ascii: "7"), UInt8(ascii: "q"), UInt8(ascii: "Z")] {
            for place in 0..<8 {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[place] = UInt8(value)
                    #expect(LineBytes.plainWord(Self.word(bytes)) == Self.isPlain(UInt8(value)), "byte \(value) at \(place)")
                }
            }
        }
        // Two odd bytes at once, high bytes among them (their sums carry into the next byte).
        var random = SeededRandom(seed: 3)
        for _ in 0..<20_000 {
            let bytes: [UInt8] = (0..<8).map { _ in random.int(in: 0...3) == 0 ? UInt8(truncatingIfNeeded: random.next()) : UInt8(ascii: "5") }
            #expect(LineBytes.plainWord(Self.word(bytes)) == bytes.allSatisfy(Self.isPlain), "\(bytes)")
        }
    }

    /// `valueEnd` over random text rich in stop bytes, digits, letters and high bytes, from every
    /// start to several ends.
    @Test func valueEndAgreesWithAByteLoop() {
        var random = SeededRandom(seed: 9)
        let alphabet: [UInt8] = Array("0123456789abcdefXYZ_-./:=]}),;'\" \u{7F}".utf8) + [0x80, 0xC3, 0xF0, 0x9F, 0x00]
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 40, 100] {
            for _ in 0..<40 {
                // Runs of plain bytes, so that whole words pass.
                let bytes: [UInt8] = (0..<length).map { _ in
                    random.int(in: 0...9) < 8 ? UInt8(ascii: "4") : alphabet[Int(random.int(in: 0...Int64(alphabet.count - 1)))]
                }
                bytes.withUnsafeBufferPointer { line in
                    for start in 0...length {
                        for end in [start, min(length, start + 5), min(length, start + 16), length, length + 3] {
                            #expect(line.valueEnd(from: start, to: end) == Self.naiveValueEnd(bytes, from: start, to: end),
                                    "\(bytes) from \(start) to \(end)")
                        }
                    }
                }
            }
        }
    }

    /// `bytesEqual` for every length up to 40, equal and with one byte changed at each place.
    @Test func bytesEqualAgreesWithAByteLoop() {
        var random = SeededRandom(seed: 21)
        for length in 0...40 {
            let a: [UInt8] = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            a.withUnsafeBytes { pa in
                var same = a
                same.withUnsafeBytes { pb in
                    if let x = pa.baseAddress, let y = pb.baseAddress { #expect(bytesEqual(x, y, count: length)) }
                }
                for place in 0..<length {
                    same = a
                    same[place] ^= 0x20
                    same.withUnsafeBytes { pb in
                        if let x = pa.baseAddress, let y = pb.baseAddress { #expect(!bytesEqual(x, y, count: length), "length \(length), place \(place)") }
                    }
                }
            }
        }
    }

    /// `findIgnoringCase` as a byte loop: the first start whose bytes, ASCII-lowercased, are the
    /// pattern's.
    static func naiveFindIgnoringCase(_ bytes: [UInt8], _ pattern: [UInt8], from start: Int, to end: Int) -> Int? {
        let limit = min(end, bytes.count)
        guard start >= 0, !pattern.isEmpty, limit - start >= pattern.count else { return nil }
        for i in start...(limit - pattern.count) {
            let lowered = bytes[i..<(i + pattern.count)].map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
            if lowered == pattern { return i }
        }
        return nil
    }

    /// `findIgnoringCase` on lines that hold a pattern (in any case) with a byte changed, dropped
    /// or repeated at each place, from several starts to several ends.
    @Test func findIgnoringCaseAgreesWithAByteLoop() {
        let patterns: [StaticString] = ["no pong", "keepalive ping timeout", "auth", "x", "name or service not known"]
        for pattern in patterns {
            let p = pattern.withUTF8Buffer { Array($0) }
            var lines: [[UInt8]] = []
            for text in ["", "a ", "NO PONG; ", "received 1008 (policy violation) "] {
                let prefix = Array(text.utf8)
                let upper = p.map { (0x61...0x7A).contains($0) ? $0 & ~0x20 : $0 }
                for body in [p, upper] {
                    lines.append(prefix + body + Array(" tail".utf8))
                    for place in body.indices {
                        for change in [UInt8(ascii: "Q"), 0x20, 0x80, body[place] ^ 0x20] {
                            var changed = body
                            changed[place] = change
                            lines.append(prefix + changed + body)
                        }
                        var shorter = body
                        shorter.remove(at: place)
                        lines.append(prefix + shorter)
                        var longer = body
                        longer.insert(body[place], at: place)
                        lines.append(prefix + longer)
                    }
                }
            }
            for bytes in lines {
                bytes.withUnsafeBufferPointer { line in
                    for start in [0, 1, 3, bytes.count / 2] {
                        for end in [bytes.count, bytes.count - 1, bytes.count - 5, start + p.count, bytes.count + 3] {
                            #expect(line.findIgnoringCase(pattern, from: start, to: end)
                                        == Self.naiveFindIgnoringCase(bytes, p, from: start, to: end), "\(bytes) from \(start) to \(end)")
                        }
                    }
                }
            }
        }
    }
}
