/// Where a line's text starts once its header, emoji and `[LIGHTER WS]` tag are passed.
struct TextStart {
    var position: Int
    /// The line carries the `[LIGHTER WS]` tag.
    var tagged: Bool
    /// Its emoji are Windows-1252 mojibake.
    var mojibake: Bool

    /// Skips the emoji (UTF-8 or mojibake: all non-ASCII bytes) and the spaces around them, and
    /// a `[LIGHTER WS]` tag with the spaces after it.
    static func locate(in line: LineBytes, from start: Int, to end: Int) -> TextStart {
        var p = start
        var mojibake = false
        while p < end {
            let b = line[p]
            if b >= 0x80 {
                if b == 0xC3, p + 2 < end, line[p + 2] == 0xC5, line[p + 1] == 0xB0 || line[p + 1] == 0xA2 { mojibake = true }
                p += 1
            } else if b == ASCII.space || b == ASCII.tab {
                p += 1
            } else {
                break
            }
        }
        if p < end, line.has("[LIGHTER WS]", at: p) {
            return TextStart(position: line.skipSpaces(from: p + 12), tagged: true, mojibake: mojibake)
        }
        return TextStart(position: p, tagged: false, mojibake: mojibake)
    }
}

/// The header shapes of recent lines in the file layout, from the separator after the
/// timestamp to the start of the text: ` - lighter_hedge_ETH - DEBUG - 📨 [LIGHTER WS] `.
/// Nearly every line of a log repeats one of a few, so a line that does is read by comparing
/// about fifty bytes, eight at a time, instead of parsing its header and emoji.
struct HeaderTemplates {
    /// What a shape tells of a line, and how many bytes it has.
    struct Shape {
        var header: LogHeader
        var text: TextStart
        var count: Int
    }

    /// Where the timestamp's fixed part ends and a template starts (`2025-12-22 14:03:07,123`).
    static let templateStart = 23
    static let capacity = 8
    static let maxBytes = 160

    /// Shape `k`'s bytes (`[templateStart, text start)` of the line it was learnt from) at
    /// `k * maxBytes`: one flat buffer, so that matching copies and retains nothing.
    private var bytes = [UInt8](repeating: 0, count: capacity * maxBytes)
    private var shapes: [Shape] = []
    /// The shape the last match found, tried first: lines come in runs of one shape.
    private var lastHit = 0
    private var nextToReplace = 0
    private var misses = 0

    /// The header and text start of `line` if it has a known shape.
    @inline(__always)
    mutating func match(_ line: LineBytes) -> (header: LogHeader, text: TextStart)? {
        guard !shapes.isEmpty, Self.hasTimestampShape(line), let base = line.baseAddress else { return nil }
        let found: Int? = bytes.withUnsafeBufferPointer { stored in
            guard let storedBase = stored.baseAddress else { return nil }
            if lastHit < shapes.count, Self.matches(line, base: base, shapes[lastHit], storedBase + lastHit * Self.maxBytes) {
                return lastHit
            }
            for k in shapes.indices where k != lastHit {
                if Self.matches(line, base: base, shapes[k], storedBase + k * Self.maxBytes) { return k }
            }
            return nil
        }
        guard let found else { return nil }
        lastHit = found
        var header = shapes[found].header
        header.messageEnd = line.count
        return (header, shapes[found].text)
    }

    @inline(__always)
    private static func matches(_ line: LineBytes, base: UnsafePointer<UInt8>, _ shape: Shape, _ stored: UnsafePointer<UInt8>) -> Bool {
        let end = shape.text.position
        guard line.count > end, isTextByte(line[end]) else { return false }
        // An untagged shape stops where a tag may start: `✅ ` then `Connected` or `[LIGHTER WS]`.
        if !shape.text.tagged, line.has("[LIGHTER WS]", at: end) { return false }
        return bytesEqual(base + templateStart, stored, count: shape.count)
    }

    /// Remembers the shape of a line that `match` missed and that was parsed in full.
    mutating func learn(_ line: LineBytes, header: LogHeader, text: TextStart) {
        let end = text.position
        guard header.layout == .file, Self.hasTimestampShape(line), end > Self.templateStart + 8,
              end - Self.templateStart <= Self.maxBytes, end < line.count, Self.isTextByte(line[end]) else { return }
        let slot: Int
        if shapes.count < Self.capacity {
            slot = shapes.count
            shapes.append(Shape(header: header, text: text, count: 0))
        } else {
            // A log of ever-new shapes must not pay a copy per line: replace one in eight misses.
            misses += 1
            guard misses % 8 == 0 else { return }
            slot = nextToReplace
            nextToReplace = (nextToReplace + 1) % Self.capacity
        }
        let count = end - Self.templateStart
        for k in 0..<count { bytes[slot * Self.maxBytes + k] = line[Self.templateStart + k] }
        shapes[slot] = Shape(header: header, text: text, count: count)
    }

    /// What `LogHeader.parseFile` needs of the first bytes, and no space in the milliseconds
    /// (so that the separator search cannot stop before byte 23): three word loads and masks.
    @inline(__always)
    private static func hasTimestampShape(_ line: LineBytes) -> Bool {
        guard line.count > 24, let base = line.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        // Little-endian words of bytes 0-7, 8-15 and 16-23: `2025-12-` `22 14:03` `:07,123 `.
        let w0 = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let w2 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        func byte(_ word: UInt64, _ index: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: word >> (index * 8)) }
        guard ASCII.isDigit(byte(w0, 0)), byte(w0, 4) == ASCII.dash, byte(w0, 7) == ASCII.dash,
              byte(w1, 2) == ASCII.space || byte(w1, 2) == UInt8(ascii: "T"), byte(w1, 5) == ASCII.colon,
              byte(w2, 0) == ASCII.colon else { return false }
        // Bytes 19-22 (w2's bytes 3-6) hold no space.
        let millis = (w2 >> 24) & 0xFFFF_FFFF
        let spaced = millis ^ 0x2020_2020
        return (spaced &- 0x0101_0101) & ~spaced & 0x8080_8080 == 0
    }

    /// A byte that stops both the emoji skip and the space skip after a tag.
    @inline(__always)
    private static func isTextByte(_ b: UInt8) -> Bool {
        b < 0x80 && b != ASCII.space && b != ASCII.tab
    }
}
