/// A forward-only JSON reader over UTF-8 bytes, written for Lighter's hot path: order-book
/// and account frames decode with no intermediate tree and no `String` for numbers.
///
/// It validates what it reads (strings, numbers, literals, nesting) and bounds nesting depth,
/// so hostile input yields a `FrameDecodingError`, never a crash or deep recursion.
package struct JSONReader {
    package let bytes: UnsafeBufferPointer<UInt8>
    package var index: Int
    /// Deep enough for any Lighter frame; shallow enough that `skipValue` cannot exhaust the stack.
    package static let maxDepth = 64

    package init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.index = 0
    }

    @inline(__always)
    func fail(_ reason: String) -> FrameDecodingError { FrameDecodingError(reason: reason, offset: index) }

    @inline(__always)
    package mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next non-space byte, without consuming it.
    @inline(__always)
    package mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(FrameDecodingError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else {
            throw fail("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    /// True once only whitespace remains.
    package mutating func atEnd() -> Bool { peek() == nil }

    // MARK: Objects and arrays

    /// Reads an object, calling `body` with each key's raw bytes (keys are compared, not
    /// unescaped: Lighter's keys are plain ASCII). `body` must consume the value.
    @inline(__always)
    package mutating func readObject(_ body: (inout JSONReader, JSONKey) throws(FrameDecodingError) -> Void) throws(FrameDecodingError) {
        try expect(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") { index += 1; return }
        while true {
            let key = try readKey()
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return }
            throw fail("expected ',' or '}'")
        }
    }

    /// Reads an array, calling `body` once per element; `body` must consume the element.
    @inline(__always)
    package mutating func readArray(_ body: (inout JSONReader) throws(FrameDecodingError) -> Void) throws(FrameDecodingError) {
        try expect(UInt8(ascii: "["))
        if peek() == UInt8(ascii: "]") { index += 1; return }
        while true {
            try body(&self)
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return }
            throw fail("expected ',' or ']'")
        }
    }

    @inline(__always)
    mutating func readKey() throws(FrameDecodingError) -> JSONKey {
        let range = try readRawString()
        return JSONKey(base: bytes.baseAddress.unsafelyUnwrapped + range.lowerBound, count: range.count)
    }

    // MARK: Strings

    /// Reads a string and returns the byte range of its contents, escapes left as written.
    /// Validates escapes and rejects raw control characters.
    @inline(__always)
    package mutating func readRawString() throws(FrameDecodingError) -> Range<Int> {
        try expect(UInt8(ascii: "\""))
        let start = index
        skipPlainStringBytes()
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { break }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    guard index + 4 < bytes.count else { throw fail("truncated \\u escape") }
                    for offset in 1...4 where Self.hexValue(bytes[index + offset]) == nil {
                        throw fail("bad \\u escape")
                    }
                    index += 5
                default:
                    throw fail("bad escape")
                }
                continue
            }
            if byte < 0x20 { throw fail("control character in string") }
            index += 1
        }
        throw fail("unterminated string")
    }

    /// Moves past the bytes of a string that need no look (not a quote, a backslash or a control
    /// character), eight at a time: keys, prices and types are short runs of them.
    @inline(__always)
    mutating func skipPlainStringBytes() {
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            // A byte below 0x20 (a control character); bytes of 0x80 and up are set aside by `~word`.
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
            let marks = special & highs
            if marks != 0 {
                // The first marked byte is a true one: the loop below looks at it.
                index &+= marks.trailingZeroBitCount >> 3
                return
            }
            index &+= 8
        }
    }

    /// Reads a string and returns it unescaped.
    package mutating func readString() throws(FrameDecodingError) -> String {
        let range = try readRawString()
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if !slice.contains(UInt8(ascii: "\\")) { return String(decoding: slice, as: UTF8.self) }
        return Self.unescape(slice)
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Unescapes validated string contents; lone surrogates become U+FFFD.
    static func unescape(_ slice: UnsafeBufferPointer<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(slice.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 3 < slice.count else { return nil }
            var value: UInt32 = 0
            for k in 0..<4 {
                guard let h = hexValue(slice[at + k]) else { return nil }
                value = value << 4 | h
            }
            return value
        }
        func append(_ scalar: Unicode.Scalar) { out.append(contentsOf: Array(String(Character(scalar)).utf8)) }
        while i < slice.count {
            let byte = slice[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < slice.count else { out.append(byte); i += 1; continue }
            let kind = slice[i + 1]
            i += 2
            switch kind {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard let high = hex4(i) else { append("\u{FFFD}"); continue }
                i += 4
                if (0xD800..<0xDC00).contains(high), i + 1 < slice.count, slice[i] == UInt8(ascii: "\\"),
                   slice[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2), (0xDC00..<0xE000).contains(low) {
                    i += 6
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    append(Unicode.Scalar(combined) ?? "\u{FFFD}")
                } else {
                    append(Unicode.Scalar(high) ?? "\u{FFFD}")
                }
            default: out.append(kind)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Numbers and literals

    /// The byte range of a JSON number, validated against the JSON grammar.
    @inline(__always)
    mutating func readNumberRange() throws(FrameDecodingError) -> Range<Int> {
        skipWhitespace()
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let intStart = index
        while index < bytes.count, bytes[index] &- 48 < 10 { index += 1 }
        guard index > intStart else { throw fail("expected a number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fracStart = index
            while index < bytes.count, bytes[index] &- 48 < 10 { index += 1 }
            guard index > fracStart else { throw fail("bad number") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let expStart = index
            while index < bytes.count, bytes[index] &- 48 < 10 { index += 1 }
            guard index > expStart else { throw fail("bad exponent") }
        }
        return start..<index
    }

    /// An integer; also accepts one written as a string (`"123"`), as Lighter does for ids.
    @inline(__always)
    package mutating func readInt64() throws(FrameDecodingError) -> Int64 {
        let quoted = peek() == UInt8(ascii: "\"")
        let range = quoted ? try readRawString() : try readNumberRange()
        var value: Int64 = 0
        var i = range.lowerBound
        var negative = false
        if i < range.upperBound, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < range.upperBound else { throw fail("expected an integer") }
        // Up to 18 digits cannot overflow: eight at a time, unchecked (timestamps have 13 to 16).
        if range.upperBound - i <= 18, let digits = Self.digitsValue(bytes, from: i, to: range.upperBound) {
            return negative ? -digits : digits
        }
        while i < range.upperBound {
            let digit = bytes[i] &- 48
            guard digit < 10 else { throw fail("expected an integer") }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(Int64(digit)) : m.addingReportingOverflow(Int64(digit))
            if o1 || o2 { throw fail("integer overflow") }
            value = a
            i += 1
        }
        return value
    }

    /// The value of the digits `from..<to` (at most 18), or nil when a byte is not a digit.
    @inline(__always)
    static func digitsValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int64? {
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var value: UInt64 = 0
        var i = start
        while i + 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            // Eight digits: every byte 0x30-0x39, which `+ 0x46` carries into the high bit of no byte.
            let low = word &- 0x3030_3030_3030_3030
            guard (word & 0xF0F0_F0F0_F0F0_F0F0) == 0x3030_3030_3030_3030,
                  ((low &+ 0x7676_7676_7676_7676) & 0x8080_8080_8080_8080) == 0 else { return nil }
            value = value &* 100_000_000 &+ eightDigits(low)
            i &+= 8
        }
        while i < end {
            let digit = base[i] &- 48
            guard digit < 10 else { return nil }
            value = value &* 10 &+ UInt64(digit)
            i &+= 1
        }
        return Int64(bitPattern: value)
    }

    /// Eight digit values (0-9, first in the lowest byte) as one number: pairs, then fours, then
    /// the eight, by multiplications that keep every partial sum in its own lanes.
    @inline(__always)
    static func eightDigits(_ lanes: UInt64) -> UInt64 {
        let pairs = (lanes &* 10) &+ (lanes >> 8)
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let high: UInt64 = 100 + (1_000_000 << 32)
        let low: UInt64 = 1 + (10_000 << 32)
        return ((pairs & mask) &* high &+ ((pairs >> 16) & mask) &* low) >> 32
    }

    package mutating func readInt() throws(FrameDecodingError) -> Int {
        Int(try readInt64())
    }

    /// An exact decimal written as a string (`"2979.64"`) or a plain number; empty string is zero
    /// (Lighter sends `""` for an empty side's price).
    @inline(__always)
    package mutating func readFixed() throws(FrameDecodingError) -> FixedDecimal {
        let quoted = peek() == UInt8(ascii: "\"")
        let range = quoted ? try readRawString() : try readNumberRange()
        if range.isEmpty && quoted { return .zero }
        guard let value = FixedDecimal.parse(UnsafeBufferPointer(rebasing: bytes[range])) else {
            index = range.lowerBound
            throw fail("not an exact decimal")
        }
        return value
    }

    package mutating func readBool() throws(FrameDecodingError) -> Bool {
        switch peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        // Some venues write flags as 0/1.
        case UInt8(ascii: "0"), UInt8(ascii: "1"): return try readInt64() != 0
        default: throw fail("expected a boolean")
        }
    }

    /// Consumes `null` and returns true, or returns false without consuming anything.
    package mutating func readNull() throws(FrameDecodingError) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func literal(_ word: StaticString) throws(FrameDecodingError) {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("truncated literal") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for k in 0..<count where bytes[index + k] != expected[k] { throw fail("bad literal") }
        index += count
    }

    /// Skips any value, validating it; returns its byte range.
    @discardableResult
    package mutating func skipValue(depth: Int = 0) throws(FrameDecodingError) -> Range<Int> {
        guard depth < Self.maxDepth else { throw fail("nesting too deep") }
        guard let byte = peek() else { throw fail("expected a value") }
        let start = index
        switch byte {
        case UInt8(ascii: "{"):
            try readObject { (reader: inout JSONReader, _: JSONKey) throws(FrameDecodingError) in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try readArray { (reader: inout JSONReader) throws(FrameDecodingError) in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): _ = try readRawString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try readNumberRange()
        }
        return start..<index
    }
}
