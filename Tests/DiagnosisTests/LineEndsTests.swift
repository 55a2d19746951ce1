import LighterProtocol
import LineEnds
import Testing

/// The vector newline search against a byte-by-byte one: every start offset, capacities that
/// cut a 64-byte block in the middle, buffers shorter and longer than a block, newlines dense,
/// sparse and absent.
@Suite struct LineEndsTests {
    static func naiveEnds(_ bytes: [UInt8], from: Int, capacity: Int) -> [Int64] {
        var ends: [Int64] = []
        var i = from
        while i < bytes.count, ends.count < capacity {
            if bytes[i] == UInt8(ascii: "\n") { ends.append(Int64(i)) }
            i += 1
        }
        return ends
    }

    static func vectorEnds(_ bytes: [UInt8], from: Int, capacity: Int) -> [Int64] {
        var ends = [Int64](repeating: -1, count: capacity + 1)
        let found = bytes.withUnsafeBufferPointer { buffer in
            ends.withUnsafeMutableBufferPointer { out in
                // An empty array may have no base address; the function must not read it then.
                line_ends_find(buffer.baseAddress, buffer.count, from, out.baseAddress, capacity)
            }
        }
        // Nothing is written past what the call says it found.
        #expect(ends[found...].allSatisfy { $0 == -1 })
        return Array(ends[..<found])
    }

    @Test(arguments: [0, 1, 2, 8, 40, 100])
    func agreesWithAByteByByteSearch(newlinesPerHundred: Int) {
        var random = SeededRandom(seed: UInt64(newlinesPerHundred) + 11)
        for count in [0, 1, 31, 32, 63, 64, 65, 127, 128, 129, 300] {
            let bytes: [UInt8] = (0..<count).map { _ in
                random.int(in: 0...99) < Int64(newlinesPerHundred) ? UInt8(ascii: "\n") : UInt8(truncatingIfNeeded: random.next() | 0x10)
            }
            for from in 0...count {
                for capacity in [0, 1, 3, 64, 1000] {
                    let got = Self.vectorEnds(bytes, from: from, capacity: capacity)
                    let want = Self.naiveEnds(bytes, from: from, capacity: capacity)
                    #expect(got == want, "count \(count), from \(from), capacity \(capacity)")
                    if got != want { return }
                }
            }
        }
    }

    /// Called again after its last end, as the reader does, it walks a buffer's lines in order.
    @Test func resumingAfterTheLastEndVisitsEveryLine() {
        var random = SeededRandom(seed: 5)
        let bytes: [UInt8] = (0..<10_000).map { _ in random.int(in: 0...30) == 0 ? UInt8(ascii: "\n") : UInt8(ascii: "x") }
        var all: [Int64] = []
        var from = 0
        while true {
            let batch = Self.vectorEnds(bytes, from: from, capacity: 7)
            all += batch
            guard batch.count == 7, let last = batch.last else { break }
            from = Int(last) + 1
        }
        #expect(all == Self.naiveEnds(bytes, from: 0, capacity: .max))
    }
}
