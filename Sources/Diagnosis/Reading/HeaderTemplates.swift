import LighterProtocol

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
        if p < end, let afterTag = line.match(GuidePhrase.streamTag, at: p) {
            return TextStart(position: line.skipSpaces(from: afterTag), tagged: true, mojibake: mojibake)
        }
        return TextStart(position: p, tagged: false, mojibake: mojibake)
    }
}

/// The header shapes of recent lines, from the separator after the timestamp to the start of
/// the text (` - lighter_hedge_ETH - DEBUG - 📨 [LIGHTER WS]` in the file layout), or from the
/// line's start in the console layout (`DEBUG:hedge_bot_ETH:📨 [LIGHTER WS]`). Nearly every line
/// of a log repeats one of a few, so a line that does is read by comparing about fifty bytes,
/// eight at a time, instead of parsing its header and emoji.
///
/// A tagged shape ends with its tag: the spaces after it (the reference bot indents its order
/// lines) are skipped per line, so that one shape serves both. The shape a line is first tried
/// against is the last one matched by a line of its level (the byte where the level starts):
/// logs interleave levels (a DEBUG frame line, then INFO order lines), rarely emoji within one.
struct HeaderTemplates {
    /// What a shape tells of a line, and how many bytes it has.
    struct Shape {
        var header: LogHeader
        var text: TextStart
        /// Where the shape starts in a line: after the timestamp, or at 0 in the console layout.
        var start: Int
        /// Its bytes, `[start, start + count)`; a tagged shape ends with the tag.
        var count: Int
    }

    /// Where the timestamp's fixed part ends and a template starts (`2025-12-22 14:03:07,123`).
    static let templateStart = 23
    static let capacity = 16
    static let maxBytes = 160
    /// Level-keyed hints: one per level initial (`D`, `I`, `W`, `E`, `C` differ in their low
    /// three bits), for each layout.
    static let hintSlots = 16

    /// Shape `k`'s bytes at `k * maxBytes`: one flat buffer, so that matching copies and retains
    /// nothing.
    private var bytes = [UInt8](repeating: 0, count: capacity * maxBytes)
    private var shapes: [Shape] = []
    /// The shape last matched by a line whose level starts with a given byte (see `hintSlot`).
    private var hints = [Int](repeating: -1, count: hintSlots)
    /// Where the level starts in a file-layout line of the last shape learnt or matched: the
    /// logger's name decides it, and a log has one or two.
    private var fileLevelStart = 0
    private var nextToReplace = 0
    private var misses = 0

    /// The header and text start of `line` if it has a known shape.
    @inline(__always)
    mutating func match(_ line: LineBytes) -> (header: LogHeader, text: TextStart)? {
        guard !shapes.isEmpty, line.count > 8, let base = line.baseAddress else { return nil }
        let layout: LineLayout
        let levelStart: Int
        if Self.hasTimestampShape(line) {
            layout = .file
            levelStart = fileLevelStart
        } else if line[0] &- UInt8(ascii: "A") < 26 {
            layout = .console
            levelStart = 0
        } else {
            return nil
        }
        let slot = Self.hintSlot(layout, levelStart < line.count ? line[levelStart] : 0)
        let found: Int? = bytes.withUnsafeBufferPointer { stored in
            guard let storedBase = stored.baseAddress else { return nil }
            let hint = hints[slot]
            if hint >= 0, hint < shapes.count, Self.matches(line, base: base, shapes[hint], storedBase + hint * Self.maxBytes) {
                return hint
            }
            for k in shapes.indices where k != hint && shapes[k].header.layout == layout {
                if Self.matches(line, base: base, shapes[k], storedBase + k * Self.maxBytes) { return k }
            }
            return nil
        }
        guard let found else { return nil }
        // Written only when it changes: a write to an array checks that it is not shared.
        if hints[slot] != found { hints[slot] = found }
        let shape = shapes[found]
        var header = shape.header
        header.messageEnd = line.count
        var text = shape.text
        if text.tagged { text.position = line.skipSpaces(from: shape.start + shape.count) }
        return (header, text)
    }

    @inline(__always)
    private static func hintSlot(_ layout: LineLayout, _ levelByte: UInt8) -> Int {
        Int(levelByte & 7) | (layout == .console ? 8 : 0)
    }

    @inline(__always)
    private static func matches(_ line: LineBytes, base: UnsafePointer<UInt8>, _ shape: Shape, _ stored: UnsafePointer<UInt8>) -> Bool {
        let end = shape.start + shape.count
        if shape.text.tagged {
            guard line.count >= end else { return false }
        } else {
            guard line.count > end, isTextByte(line[end]) else { return false }
            // An untagged shape stops where a tag may start: `✅ ` then `Connected` or `[LIGHTER WS]`.
            if line[end] == ASCII.openBracket, line.has(GuidePhrase.streamTag, at: end) { return false }
        }
        return wordsEqual(base + shape.start, stored, count: shape.count)
    }

    /// `bytesEqual` for shapes (at least eight bytes): the differences of every word gathered
    /// before one test, the last word overlapping the one before rather than ending in a byte
    /// loop. A line that matches (nearly all) pays one branch, not one per word.
    @inline(__always)
    private static func wordsEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        let a = UnsafeRawPointer(a), b = UnsafeRawPointer(b)
        var difference = a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) ^ b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        var k = 0
        while k + 8 < count {
            difference |= a.loadUnaligned(fromByteOffset: k, as: UInt64.self) ^ b.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            k &+= 8
        }
        return difference == 0
    }

    /// Remembers the shape of a line that `match` missed and that was parsed in full.
    mutating func learn(_ line: LineBytes, header: LogHeader, text: TextStart) {
        let start: Int
        switch header.layout {
        case .file:
            guard Self.hasTimestampShape(line) else { return }
            start = Self.templateStart
        case .console:
            start = 0
        case .json, .bare:
            return
        }
        // A tagged shape ends with its tag; an untagged one where its text starts.
        var end = text.position
        if text.tagged {
            end = text.position
            while end > start, line[end - 1] == ASCII.space || line[end - 1] == ASCII.tab { end -= 1 }
            let tag = GuidePhrase.streamTag
            guard end >= tag.byteCount, line.has(tag, at: end - tag.byteCount) else { return }
        } else {
            guard end < line.count, Self.isTextByte(line[end]) else { return }
        }
        guard end - start >= 8, end - start <= Self.maxBytes, end <= header.messageEnd else { return }
        let slot: Int
        if shapes.count < Self.capacity {
            slot = shapes.count
            shapes.append(Shape(header: header, text: text, start: start, count: 0))
        } else {
            // A log of ever-new shapes must not pay a copy per line: replace one in eight misses.
            misses += 1
            guard misses % 8 == 0 else { return }
            slot = nextToReplace
            nextToReplace = (nextToReplace + 1) % Self.capacity
            for k in hints.indices where hints[k] == slot { hints[k] = -1 }
        }
        let count = end - start
        for k in 0..<count { bytes[slot * Self.maxBytes + k] = line[start + k] }
        var stored = header
        stored.second = nil
        shapes[slot] = Shape(header: stored, text: text, start: start, count: count)
        if header.layout == .file, let space = line.index(of: ASCII.space, from: start + 3, to: end) {
            // ` - NAME - LEVEL`: the level starts after the second separator.
            fileLevelStart = space + 3
        }
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
