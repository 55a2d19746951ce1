import LineInput
import LighterProtocol
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads frame recordings: our `FrameRecorder` format (`{"t":…,"frame":"…"}` per line) and
/// plain captures (one raw frame per line, as websocat or a Python client saves them), even
/// mixed in one file. A line is ours when it is a JSON object whose keys are exactly `t` and
/// `frame`; anything else is taken as a raw frame. Blank lines are skipped, CRLF is fine,
/// and the file is streamed, never loaded whole.
package enum RecordingReader {
    /// The longest line read whole.
    package static let maxFrameBytes = 64 << 20

    package struct Entry: Sendable, Hashable {
        /// When the frame was recorded (ms since the epoch); nil for plain captures.
        package var timeMs: Int64?
        package var text: String
        package init(timeMs: Int64?, text: String) { self.timeMs = timeMs; self.text = text }
    }

    /// Calls `body` with each frame in the file.
    package static func forEach(path: String, _ body: (_ timeMs: Int64?, _ text: String) throws -> Void) throws {
        try forEachFrame(path: path) { timeMs, bytes in
            try body(timeMs, String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Every frame in the file: for tests and small files.
    package static func entries(path: String) throws -> [Entry] {
        var entries: [Entry] = []
        try forEach(path: path) { entries.append(Entry(timeMs: $0, text: $1)) }
        return entries
    }

    /// Classifies one line of text; nil for a blank line.
    package static func parse(line: String) -> Entry? {
        var line = line
        var scratch: [UInt8] = []
        return line.withUTF8 { bytes in
            parse(line: bytes, scratch: &scratch) { Entry(timeMs: $0, text: String(decoding: $1, as: UTF8.self)) }
        }
    }

    /// The hot path: each frame's UTF-8 bytes, valid only during the call, with no copy for
    /// plain captures and one unescape into a reused buffer for our format.
    package static func forEachFrame(path: String,
                                    _ body: (_ timeMs: Int64?, _ frame: UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        // A frame is far smaller; a file with no newline (a device, a binary file) must not be
        // read into memory whole. A longer line arrives cut and fails to decode.
        var reader = try LineReader(path: path, maxLineBytes: maxFrameBytes)
        var scratch: [UInt8] = []
        try reader.forEachLine { line, _ in
            try parse(line: line, scratch: &scratch, body)
        }
    }

    /// Classifies one line (terminator already removed) and hands the frame bytes to `body`;
    /// nil for a blank line.
    static func parse<R>(line: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8],
                         _ body: (Int64?, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        var first = 0
        var last = line.count
        while first < last, isSpace(line[first]) { first += 1 }
        while last > first, isSpace(line[last - 1]) { last -= 1 }
        guard first < last else { return nil }
        let trimmed = UnsafeBufferPointer(rebasing: line[first..<last])
        guard trimmed[0] == UInt8(ascii: "{") else { return try body(nil, trimmed) }
        // Unescaped text is never longer than its escaped form.
        if scratch.count < trimmed.count { scratch = [UInt8](repeating: 0, count: max(trimmed.count, 4096) * 2) }

        // Fast path: exactly what FrameRecorder writes, decoded in one pass.
        let fast: (timeMs: Int64, length: Int)? = scratch.withUnsafeMutableBufferPointer { out in
            guard let target = out.baseAddress else { return nil }
            return recorderLine(trimmed, into: target)
        }
        if let fast {
            return try scratch.withUnsafeBufferPointer {
                try body(fast.timeMs, UnsafeBufferPointer(rebasing: $0[0..<fast.length]))
            }
        }

        guard let ours = ourLine(trimmed) else { return try body(nil, trimmed) }
        switch ours.frame {
        case .raw(let range):
            return try body(ours.timeMs, UnsafeBufferPointer(rebasing: trimmed[range]))
        case .escaped(let range):
            let length: Int? = scratch.withUnsafeMutableBufferPointer { out in
                guard let target = out.baseAddress else { return nil }
                return unescapeString(trimmed, from: range.lowerBound, into: target)?.length
            }
            guard let length else { return try body(nil, trimmed) }
            return try scratch.withUnsafeBufferPointer { try body(ours.timeMs, UnsafeBufferPointer(rebasing: $0[0..<length])) }
        }
    }

    /// `{"t":<digits>,"frame":"<escaped>"}` exactly, unescaped into `out`; nil for anything
    /// else (other key order, spaces, `null`), which the general path then handles.
    static func recorderLine(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>)
        -> (timeMs: Int64, length: Int)? {
        let prefix: StaticString = "{\"t\":"
        let middle: StaticString = ",\"frame\":\""
        guard matches(prefix, in: bytes, at: 0) else { return nil }
        var index = prefix.utf8CodeUnitCount
        var time: Int64 = 0
        let digitsStart = index
        while index < bytes.count, bytes[index] &- 48 < 10, index - digitsStart < 18 {
            time = time &* 10 &+ Int64(bytes[index] &- 48)
            index += 1
        }
        guard index > digitsStart, matches(middle, in: bytes, at: index) else { return nil }
        index += middle.utf8CodeUnitCount
        guard let (length, end) = unescapeString(bytes, from: index, into: out),
              end == bytes.count - 1, bytes[end] == UInt8(ascii: "}") else { return nil }
        return (time, length)
    }

    @inline(__always)
    static func matches(_ literal: StaticString, in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count, let base = bytes.baseAddress else { return false }
        return memcmp(base + index, literal.utf8Start, count) == 0
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    enum FrameRange {
        /// A JSON string's contents, escapes as written.
        case escaped(Range<Int>)
        /// A frame stored as an embedded object rather than a string: its raw text.
        case raw(Range<Int>)
    }

    private struct NotOurs: Error {}

    /// `{"t":…,"frame":…}` with exactly those keys, or nil. Bails out at the first other key,
    /// which for a raw Lighter frame is its first key, so plain captures cost next to nothing.
    static func ourLine(_ bytes: UnsafeBufferPointer<UInt8>) -> (timeMs: Int64?, frame: FrameRange)? {
        // Ours starts with the key `t` or `frame`; a raw frame with another (`type`, `channel`):
        // told apart here without a reader.
        var first = 1
        while first < bytes.count, isSpace(bytes[first]) { first += 1 }
        guard matches("\"t\"", in: bytes, at: first) || matches("\"frame\"", in: bytes, at: first) else { return nil }
        var reader = JSONReader(bytes)
        var sawTime = false
        var timeMs: Int64?
        var frame: FrameRange?
        do throws(FrameDecodingError) {
            try reader.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
                if key == "t", !sawTime {
                    sawTime = true
                    if try r.readNull() { return }
                    let range = try r.skipValue()
                    guard let value = leadingInteger(UnsafeBufferPointer(rebasing: r.bytes[range])) else {
                        throw FrameDecodingError(reason: "t is not a number", offset: range.lowerBound)
                    }
                    timeMs = value
                } else if key == "frame", frame == nil {
                    switch r.peek() {
                    case UInt8(ascii: "\""): frame = .escaped(try r.readRawString())
                    case UInt8(ascii: "{"): frame = .raw(try r.skipValue())
                    default: throw FrameDecodingError(reason: "frame is not text", offset: r.index)
                    }
                } else {
                    throw FrameDecodingError(reason: "not a recording line", offset: r.index)
                }
            }
            guard reader.atEnd() else { return nil }
        } catch {
            return nil
        }
        guard sawTime, let frame else { return nil }
        return (timeMs, frame)
    }

    /// The integer part of a JSON number (`1767225600123`, `1767225600123.4`); nil when it
    /// does not fit or is not a number.
    static func leadingInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        var value: Int64 = 0
        var digits = 0
        while index < bytes.count, bytes[index] &- 48 < 10 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(bytes[index] &- 48))
            if o1 || o2 { return nil }
            value = a
            digits += 1
            index += 1
        }
        // An exponent would change the integer part; such times are not ours.
        guard digits > 0, !bytes[index...].contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
        else { return nil }
        return negative ? -value : value
    }

    /// Decodes a JSON string's contents from `start` to its closing quote into `out` (room for
    /// at least as many bytes as remain). Returns the output length and the index of the byte
    /// after the closing quote; nil for a bad escape, a raw control character or no closing
    /// quote. Lone surrogates become U+FFFD.
    static func unescapeString(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                               into out: UnsafeMutablePointer<UInt8>) -> (length: Int, end: Int)? {
        var i = start
        var o = 0
        let count = bytes.count
        @inline(__always) func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= count else { return nil }
            var value: UInt32 = 0
            for k in at..<(at + 4) {
                let b = bytes[k]
                let digit: UInt32
                switch b {
                case 48...57: digit = UInt32(b &- 48)
                case 65...70: digit = UInt32(b &- 55)
                case 97...102: digit = UInt32(b &- 87)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
        while i < count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") { return (o, i + 1) }
            if byte != UInt8(ascii: "\\") {
                guard byte >= 0x20 else { return nil }
                out[o] = byte
                o += 1
                i += 1
                continue
            }
            guard i + 1 < count else { return nil }
            let escape = bytes[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out[o] = escape; o += 1
            case UInt8(ascii: "n"): out[o] = 0x0A; o += 1
            case UInt8(ascii: "r"): out[o] = 0x0D; o += 1
            case UInt8(ascii: "t"): out[o] = 0x09; o += 1
            case UInt8(ascii: "b"): out[o] = 0x08; o += 1
            case UInt8(ascii: "f"): out[o] = 0x0C; o += 1
            case UInt8(ascii: "u"):
                guard let unit = hex4(i) else { return nil }
                i += 4
                var scalar: UInt32 = 0xFFFD
                if (0xD800...0xDBFF).contains(unit), i + 6 <= count, bytes[i] == UInt8(ascii: "\\"),
                   bytes[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2), (0xDC00...0xDFFF).contains(low) {
                    scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if !(0xD800...0xDFFF).contains(unit) {
                    scalar = unit
                }
                o += writeUTF8(scalar, to: out + o)
            default:
                return nil
            }
        }
        return nil
    }

    /// Writes a scalar as UTF-8; returns the bytes written (1-4, never more than the 6-byte
    /// `\uXXXX` it came from).
    @inline(__always)
    static func writeUTF8(_ scalar: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            out[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out[0] = UInt8(0xC0 | scalar >> 6); out[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            out[0] = UInt8(0xE0 | scalar >> 12); out[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            out[0] = UInt8(0xF0 | scalar >> 18); out[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[2] = UInt8(0x80 | scalar >> 6 & 0x3F); out[3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
