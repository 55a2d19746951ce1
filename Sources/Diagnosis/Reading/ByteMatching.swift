#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One log line as raw bytes. Every matcher is bounds-checked: a line is untrusted input.
typealias LineBytes = UnsafeBufferPointer<UInt8>

/// Whether `count` bytes at `a` and `b` are equal: eight at a time, inline. The keys, shapes and
/// patterns compared per line are short, where a `memcmp` call costs more than the comparing.
/// The bytes past the last whole word are compared as the word that ends with them (it overlaps
/// the one before), or, under eight bytes, as two overlapping halves: no byte loop.
@inline(__always)
func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
    if count >= 8 {
        var k = 0
        while k &+ 8 < count {
            if a.loadUnaligned(fromByteOffset: k, as: UInt64.self) != b.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
            k &+= 8
        }
        return a.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
    }
    if count >= 4 {
        return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
            && a.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
    }
    if count >= 2 {
        return a.loadUnaligned(as: UInt16.self) == b.loadUnaligned(as: UInt16.self)
            && a.loadUnaligned(fromByteOffset: count &- 2, as: UInt16.self) == b.loadUnaligned(fromByteOffset: count &- 2, as: UInt16.self)
    }
    return count <= 0 || a.load(as: UInt8.self) == b.load(as: UInt8.self)
}

enum ASCII {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let equals = UInt8(ascii: "=")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openParen = UInt8(ascii: "(")
    static let closeParen = UInt8(ascii: ")")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let semicolon = UInt8(ascii: ";")
    static let dash = UInt8(ascii: "-")
    static let slash = UInt8(ascii: "/")
    static let backslash = UInt8(ascii: "\\")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- zero < 10 }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool {
        b &- zero < 10 || (b | 0x20) &- UInt8(ascii: "a") < 6
    }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 {
        b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether `pattern` occurs at `index`. Compares eight bytes at a time: it runs for nearly
    /// every line, several times.
    @inline(__always)
    func has(_ pattern: StaticString, at index: Int) -> Bool {
        guard pattern.hasPointerRepresentation else {
            return pattern.withUTF8Buffer { p in
                guard index >= 0, index <= count - p.count else { return false }
                for k in 0..<p.count where self[index + k] != p[k] { return false }
                return true
            }
        }
        let n = pattern.utf8CodeUnitCount
        guard index >= 0, index <= count - n, let base = baseAddress else { return false }
        return bytesEqual(base + index, pattern.utf8Start, count: n)
    }

    /// Where `pattern` ends when it occurs at `index`, else nil. Rules read on from the index
    /// this returns, so that none counts a literal's characters.
    @inline(__always)
    func match(_ pattern: StaticString, at index: Int) -> Int? {
        has(pattern, at: index) ? index &+ pattern.byteCount : nil
    }

    /// `match`, when the literal must also end by `limit` (a window within the line).
    @inline(__always)
    func match(_ pattern: StaticString, at index: Int, limit: Int) -> Int? {
        guard let end = match(pattern, at: index), end <= limit else { return nil }
        return end
    }

    /// Where the first `pattern` in `from..<to` ends, or nil: `find` for a rule that reads on
    /// after the literal.
    @inline(__always)
    func findEnd(_ pattern: StaticString, from start: Int, to end: Int? = nil) -> Int? {
        find(pattern, from: start, to: end).map { $0 &+ pattern.byteCount }
    }

    /// The bytes of the first `pattern` in `from..<to`, or nil: where it starts and ends.
    @inline(__always)
    func findRange(_ pattern: StaticString, from start: Int, to end: Int? = nil) -> Range<Int>? {
        find(pattern, from: start, to: end).map { $0..<($0 &+ pattern.byteCount) }
    }

    /// Whether the number written at `index` (before `end`) is zero: `0`, `0.0000`, `-0`. Not
    /// a number is not zero.
    func isZeroAmount(at index: Int, end: Int) -> Bool {
        var i = index
        if i < end, self[i] == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while i < end, self[i] == UInt8(ascii: "0") || self[i] == UInt8(ascii: ".") {
            if self[i] == UInt8(ascii: "0") { digits += 1 }
            i += 1
        }
        return digits > 0 && (i >= end || !(UInt8(ascii: "1")...UInt8(ascii: "9")).contains(self[i]))
    }

    /// Like `has`, ignoring ASCII case (the pattern must be lowercase).
    func hasIgnoringCase(_ pattern: StaticString, at index: Int) -> Bool {
        pattern.withUTF8Buffer { p in
            guard index >= 0, index <= count - p.count else { return false }
            for k in 0..<p.count where ASCII.lower(self[index + k]) != p[k] { return false }
            return true
        }
    }

    /// The longest span `find` and `index(of:)` search inline, eight bytes a step; beyond it
    /// `memchr`'s vectors win despite the call.
    static var inlineSpan: Int { 64 }

    /// The first index of `pattern` in `from..<to`, or nil.
    @inline(__always)
    func find(_ pattern: StaticString, from start: Int, to end: Int? = nil) -> Int? {
        // A literal of one scalar has no pointer to its bytes: the closure form, rare.
        guard pattern.hasPointerRepresentation else {
            return pattern.withUTF8Buffer { p in find(p, from: start, to: end) }
        }
        return find(UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount), from: start, to: end)
    }

    /// `find` for the bytes of a pattern.
    @inline(__always)
    func find(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int?) -> Int? {
        let limit = Swift.min(end ?? count, count)
        guard let first = p.first, let base = baseAddress, let pb = p.baseAddress,
              start >= 0, limit - start >= p.count else { return nil }
        let lastStart = limit - p.count
        // Short spans (a field within a line) are searched inline, eight bytes a step: there a
        // call to `memchr` costs more than the search. Long ones go to `memchr`'s vectors.
        if lastStart - start > Self.inlineSpan { return Self.findLong(base, pb, count: p.count, first: first, from: start, lastStart: lastStart) }
        let raw = UnsafeRawPointer(base)
        let spread = UInt64(first) &* 0x0101_0101_0101_0101
        var i = start
        // Eight candidate starts at once, all at or before `lastStart`, so the load stays in bounds.
        while i + 8 <= lastStart + 1 {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ spread
            // A set high bit marks a byte equal to `first`; a borrow can mark a byte after a true
            // one too, which the comparison then rejects.
            var hits = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            while hits != 0 {
                let at = i &+ hits.trailingZeroBitCount >> 3
                if bytesEqual(base + at, pb, count: p.count) { return at }
                hits &= hits &- 1
            }
            i &+= 8
        }
        while i <= lastStart {
            if base[i] == first, bytesEqual(base + i, pb, count: p.count) { return i }
            i &+= 1
        }
        return nil
    }

    private static func findLong(_ base: UnsafePointer<UInt8>, _ pb: UnsafePointer<UInt8>, count n: Int, first: UInt8,
                                 from start: Int, lastStart: Int) -> Int? {
        var i = start
        while i <= lastStart {
            guard let hit = memchr(base + i, Int32(first), lastStart - i + 1) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if bytesEqual(base + at, pb, count: n) { return at }
            i = at + 1
        }
        return nil
    }

    /// The last index of `pattern` in `from..<to`, searched from the end: for fields a line
    /// writes last (`source=` in a fill line), where a forward search stops at every comma first.
    func lastIndex(of pattern: StaticString, from start: Int, to end: Int) -> Int? {
        pattern.withUTF8Buffer { p in
            let limit = Swift.min(end, count)
            guard let last = p.last, let base = baseAddress, let pb = p.baseAddress, start >= 0, limit - start >= p.count else {
                return nil
            }
            // Candidate starts, from the right: where the pattern's last byte is.
            var at = limit - p.count
            while at >= start {
                if base[at + p.count - 1] == last, bytesEqual(base + at, pb, count: p.count) { return at }
                at -= 1
            }
            return nil
        }
    }

    /// Where `pattern` ends when it occurs at `index` in any ASCII case (pattern lowercase), else nil.
    func matchIgnoringCase(_ pattern: StaticString, at index: Int) -> Int? {
        hasIgnoringCase(pattern, at: index) ? index + pattern.byteCount : nil
    }

    /// Whether `pattern` occurs in any ASCII case (pattern lowercase) just before `end`: for a
    /// label read backwards from its value.
    func hasIgnoringCase(_ pattern: StaticString, endingAt end: Int) -> Bool {
        let start = end - pattern.byteCount
        return start >= 0 && hasIgnoringCase(pattern, at: start)
    }

    /// Case-insensitive search (pattern lowercase). For rare lines only: a plain loop, though one
    /// that tests the first byte before the rest (a connect failure's line is searched for some
    /// twenty phrases).
    func findIgnoringCase(_ pattern: StaticString, from start: Int, to end: Int? = nil) -> Int? {
        let limit = Swift.min(end ?? count, count)
        let n = pattern.utf8CodeUnitCount
        guard start >= 0, n > 0, limit - start >= n else { return nil }
        return pattern.withUTF8Buffer { p in
            let first = p[0]
            for i in start...(limit - n) where ASCII.lower(self[i]) == first {
                var k = 1
                while k < n, ASCII.lower(self[i + k]) == p[k] { k += 1 }
                if k == n { return i }
            }
            return nil
        }
    }

    /// Index of the first byte at or after `index` that is not a space or tab.
    @inline(__always)
    func skipSpaces(from index: Int) -> Int {
        var i = index
        while i < count, self[i] == ASCII.space || self[i] == ASCII.tab { i += 1 }
        return i
    }

    /// The index of `byte` at or after `start` (before `end`), or nil. Inline over short spans,
    /// as `find`.
    @inline(__always)
    func index(of byte: UInt8, from start: Int, to end: Int? = nil) -> Int? {
        let limit = Swift.min(end ?? count, count)
        guard start >= 0, start < limit, let base = baseAddress else { return nil }
        if limit - start > Self.inlineSpan {
            guard let hit = memchr(base + start, Int32(byte), limit - start) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        let raw = UnsafeRawPointer(base)
        let spread = UInt64(byte) &* 0x0101_0101_0101_0101
        var i = start
        while i + 8 <= limit {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ spread
            // The lowest marked byte is a true one (a borrow only marks bytes after a true one).
            let hits = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if hits != 0 { return i &+ hits.trailingZeroBitCount >> 3 }
            i &+= 8
        }
        while i < limit {
            if base[i] == byte { return i }
            i &+= 1
        }
        return nil
    }

    /// A non-negative decimal integer at `index` (at most 18 digits): value and end index.
    func integer(at index: Int) -> (value: Int64, end: Int)? {
        var i = index
        var value: Int64 = 0
        while i < count, ASCII.isDigit(self[i]), i - index < 18 {
            value = value * 10 + Int64(self[i] - ASCII.zero)
            i += 1
        }
        return i > index ? (value, i) : nil
    }

    /// The decimal number at `index` (`4.9`, `12`); 0 when there is none.
    func decimal(at index: Int) -> Double {
        var value = 0.0
        var scale = 0.0
        var i = index
        while i < count {
            let b = self[i]
            if ASCII.isDigit(b) {
                if scale == 0 {
                    value = value * 10 + Double(b - ASCII.zero)
                } else {
                    value += Double(b - ASCII.zero) * scale
                    scale /= 10
                }
            } else if b == UInt8(ascii: "."), scale == 0 {
                scale = 0.1
            } else {
                break
            }
            i += 1
        }
        return value
    }

    /// A decimal number's sign: true when it has a non-zero digit before any non-number byte
    /// (`0.06` and `2` are positive, `0`, `0.000` and `none` are not).
    func isPositiveNumber(at index: Int) -> Bool {
        var i = index
        while i < count {
            let b = self[i]
            if ASCII.isDigit(b) {
                if b != ASCII.zero { return true }
            } else if b != UInt8(ascii: ".") {
                break
            }
            i += 1
        }
        return false
    }

    /// The end of a value that runs until a comma, space, closing bracket or quote.
    @inline(__always)
    func valueEnd(from start: Int, to end: Int? = nil) -> Int {
        let limit = Swift.min(end ?? count, count)
        // The stop bytes as bit sets: space " ' ) , ; below 64, ] } above.
        let below64: UInt64 = 1 << 32 | 1 << 34 | 1 << 39 | 1 << 41 | 1 << 44 | 1 << 59
        let above64: UInt64 = 1 << (93 - 64) | 1 << (125 - 64)
        var i = Swift.max(start, 0)
        // Ids and statuses are digits and letters: eight such bytes pass at once.
        if let base = baseAddress {
            while i &+ 8 <= limit, Self.plainWord(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { i &+= 8 }
        }
        while i < limit {
            let b = self[i]
            let stops = b < 64 ? (below64 >> UInt64(b)) & 1 : (b < 128 ? (above64 >> UInt64(b - 64)) & 1 : 0)
            if stops != 0 { break }
            i += 1
        }
        return Swift.max(i, start)
    }

    /// Whether each of the eight bytes of `word` is a digit, or ASCII above `;` other than `]` and
    /// `}`: none stops a value (`valueEnd`). Others (`-`, `.`, `/`, a stop) fail the word, which
    /// is then read a byte at a time. Sums that carry across bytes come only from bytes of 0x80
    /// and up, which fail the word anyway; an equality test may flag a byte wrongly only above
    /// one truly equal, which fails the word too.
    @inline(__always)
    static func plainWord(_ word: UInt64) -> Bool {
        let w = UInt64(littleEndian: word)
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        let atLeast30 = w &+ 0x5050_5050_5050_5050, atLeast3A = w &+ 0x4646_4646_4646_4646
        let atLeast3C = w &+ 0x4444_4444_4444_4444
        let digit = atLeast30 & ~atLeast3A
        func equal(_ byte: UInt64) -> UInt64 {
            let x = w ^ (byte &* ones)
            return (x &- ones) & ~x
        }
        let plain = (digit | atLeast3C) & ~w & ~equal(0x5D) & ~equal(0x7D) & high
        return plain == high
    }

    /// The value of `key` (e.g. `id=`) searched in `from..<to`: its byte range.
    @inline(__always)
    func value(after key: StaticString, from start: Int, to end: Int? = nil) -> Range<Int>? {
        guard let s = findEnd(key, from: start, to: end) else { return nil }
        let e = valueEnd(from: s, to: end)
        return s < e ? s..<e : nil
    }

    /// A 64-bit hash of a byte range, eight bytes a step: cheap identity for ids and type names.
    func hash(_ range: Range<Int>) -> UInt64 {
        let lower = Swift.max(range.lowerBound, 0)
        let upper = Swift.min(range.upperBound, count)
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: Swift.max(0, upper - lower))
        guard lower < upper, let base = baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = lower
        while i + 8 <= upper {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100_0000_01b3
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < upper {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
        return h ^ (h >> 32)
    }

    /// Whether the bytes in `range` equal `pattern`.
    func equals(_ range: Range<Int>, _ pattern: StaticString) -> Bool {
        range.count == pattern.byteCount && has(pattern, at: range.lowerBound)
    }
}

extension StaticString {
    /// The literal's length in UTF-8 bytes, whichever way it is stored (a literal of one scalar
    /// has no pointer, and `utf8CodeUnitCount` traps on it).
    @inline(__always)
    var byteCount: Int {
        hasPointerRepresentation ? utf8CodeUnitCount : withUTF8Buffer { $0.count }
    }
}
