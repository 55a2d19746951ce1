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
}
