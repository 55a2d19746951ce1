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
/// against is the last one matched by a line with the same bytes after its level (file layout)
/// or where its message starts (console layout): logs interleave levels (a DEBUG frame line,
/// then INFO order lines) and, within a level, emoji (`📨` frames, `✅` fills), and those bytes
/// tell both (`hintSlot`).
struct HeaderTemplates {
    /// What a shape tells of a line, and how many bytes it has.
    struct Shape {
        var header: LogHeader
        var text: TextStart
        /// Where the shape starts in a line: after the timestamp, or at 0 in the console layout.
        var start: Int
        /// Its bytes, `[start, start + count)`; a tagged shape ends with the tag.
        var count: Int
        /// `HeaderKindCounts.kind` of its header.
        var kind: Int
    }

    /// Where the timestamp's fixed part ends and a template starts (`2025-12-22 14:03:07,123`).
    static let templateStart = 23
    static let capacity = 16
    static let maxBytes = 160
    /// Hints of the file layout, by a hash of eight bytes after the level's start; the console
    /// layout's follow, by a hash of eight bytes where its message starts (see `hintSlot`).
    static let fileHintSlots = 32
    static let hintSlots = 2 * fileHintSlots

    /// Shape `k`'s bytes at `k * maxBytes`: one flat buffer, so that matching copies and retains
    /// nothing.
    private var bytes = [UInt8](repeating: 0, count: capacity * maxBytes)
    private var shapes: [Shape] = []
    /// The shape last matched by a line of a hint slot (see `hintSlot`).
    private var hints = [Int](repeating: -1, count: hintSlots)
    /// The shape matched by such a line before the one in `hints`.
    private var secondHints = [Int](repeating: -1, count: hintSlots)
    /// Where the level starts in a file-layout line of the last shape learnt or matched: the
    /// logger's name decides it, and a log has one or two.
    private var fileLevelStart = 0
    /// In a console-layout line of the last shape learnt, the bytes from the colon after the level
    /// to the message (`:hedge_bot_ETH:`): the logger's name decides it.
    private var consoleNameSpan = 0
    private var nextToReplace = 0
    private var misses = 0
    /// Bytes 0-15 of the last line whose date, hour and minute had the timestamp's shape
    /// (`hasTimestampShape`); at first a prefix that has it.
    private var checkedPrefix: (UInt64, UInt64) = HeaderTemplates.initialPrefix

    private static var initialPrefix: (UInt64, UInt64) {
        let text = Array("2000-01-01 00:00".utf8)
        return text.withUnsafeBytes { raw in
            (UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)), UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }

    /// The header and text start of `line` if it has a known shape, with the timestamp read
    /// (`minuteCache`) in the file layout, and the header's `HeaderKindCounts.kind`.
    @inline(__always)
    mutating func match(_ line: LineBytes, minuteCache: inout MinuteCache) -> (header: LogHeader, text: TextStart, kind: Int)? {
        guard line.count > 8, let base = line.baseAddress else { return nil }
        let layout: LineLayout
        let levelStart: Int
        var second: Int?
        if line.count > 24 {
            // Words of bytes 0-7, 8-15 and 16-23 (`2025-12-` `22 14:03` `:07,123 `), loaded once for
            // the shape check and the time.
            let raw = UnsafeRawPointer(base)
            let w0 = raw.loadUnaligned(as: UInt64.self)
            let w1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let w2 = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
            if hasTimestampShape(UInt64(littleEndian: w0), UInt64(littleEndian: w1), UInt64(littleEndian: w2)) {
                layout = .file
                levelStart = fileLevelStart
                second = minuteCache.second(line, prefix: (w0, w1), secondsWord: UInt64(littleEndian: w2))
            } else if base[0] &- UInt8(ascii: "A") < 26 {
                layout = .console
                levelStart = 0
            } else {
                return nil
            }
        } else if base[0] &- UInt8(ascii: "A") < 26 {
            layout = .console
            levelStart = 0
        } else {
            return nil
        }
        let slot = hintSlot(line, layout: layout, levelStart: levelStart)
        // Buffers, not arrays, on this path: their indices are valid by construction (a hint is
        // -1 or a shape's index, a slot below `hintSlots`), and an array checks each access.
        let hint = hints.withUnsafeBufferPointer { $0[slot] }
        var found = -1
        if hint >= 0, shapeMatches(hint, line, base) {
            found = hint
        } else {
            // A level's lines alternate between two shapes (the reference bot's INFO lines: `📨`
            // frames, `✅` fills): the one matched before the last is tried next.
            let second = secondHints.withUnsafeBufferPointer { $0[slot] }
            if second >= 0, shapeMatches(second, line, base) {
                found = second
            } else {
                found = otherShape(line, base, layout: layout, except: hint, second)
                guard found >= 0 else { return nil }
            }
            hints[slot] = found
            secondHints[slot] = hint
        }
        return shapes.withUnsafeBufferPointer { all in
            let shape = all[found]
            var header = shape.header
            header.messageEnd = line.count
            header.second = second
            var text = shape.text
            if text.tagged {
                // Most tagged lines have one space after the tag; the reference bot indents its
                // order lines with more.
                let end = shape.start &+ shape.count
                if end &+ 1 < line.count, base[end] == ASCII.space, base[end &+ 1] > ASCII.space {
                    text.position = end &+ 1
                } else {
                    text.position = line.skipSpaces(from: end)
                }
            }
            return (header, text, shape.kind)
        }
    }

    /// Whether `line` has shape `k`.
    @inline(__always)
    private func shapeMatches(_ k: Int, _ line: LineBytes, _ base: UnsafePointer<UInt8>) -> Bool {
        shapes.withUnsafeBufferPointer { all in
            bytes.withUnsafeBufferPointer { stored in
                guard let storedBase = stored.baseAddress else { return false }
                return Self.matches(line, base: base, all[k], storedBase + k &* Self.maxBytes)
            }
        }
    }

    /// The first shape of `layout` other than `hint` that `line` has, or -1: a line whose level
    /// changed shape (another emoji, no tag), off the inlined path.
    @inline(never)
    private func otherShape(_ line: LineBytes, _ base: UnsafePointer<UInt8>, layout: LineLayout, except hint: Int, _ second: Int) -> Int {
        for k in shapes.indices where k != hint && k != second && shapes[k].header.layout == layout {
            if shapeMatches(k, line, base) { return k }
        }
        return -1
    }

    /// Where a line's shape is looked for first: by a hash of eight bytes that tell its level and
    /// emoji. In the file layout, bytes 4-11 from where the level starts (`O - 📨 ` after `INFO`,
    /// `G - ✅ [` after `DEBUG`): the level's end, the separator and the emoji, whatever the
    /// level's length. In the console layout, the eight bytes where the message starts, past the
    /// level (its length told by its initial) and the logger's name (`consoleNameSpan`), with the
    /// level's initial. A line too short for them, by the level's initial alone. A guess that
    /// misses (`WARN` for `WARNING`) costs only the search of the other shapes.
    @inline(__always)
    private func hintSlot(_ line: LineBytes, layout: LineLayout, levelStart: Int) -> Int {
        guard let base = line.baseAddress, levelStart < line.count else { return 0 }
        let initial = UInt64(base[levelStart])
        let keyStart = layout == .file ? levelStart &+ 4 : Self.levelLength(initial) &+ consoleNameSpan
        var key = initial
        if keyStart >= 0, keyStart &+ 8 <= line.count {
            key ^= UnsafeRawPointer(base + keyStart).loadUnaligned(as: UInt64.self)
        }
        // The multiply's top bits mix every byte of the key.
        let hashed = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 59)
        return layout == .file ? hashed : Self.fileHintSlots | hashed
    }

    /// The length of a level word by its initial (`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`).
    @inline(__always)
    private static func levelLength(_ initial: UInt64) -> Int {
        switch UInt8(truncatingIfNeeded: initial) {
        case UInt8(ascii: "I"): 4
        case UInt8(ascii: "W"): 7
        case UInt8(ascii: "C"): 8
        default: 5
        }
    }

    @inline(__always)
    private static func matches(_ line: LineBytes, base: UnsafePointer<UInt8>, _ shape: Shape, _ stored: UnsafePointer<UInt8>) -> Bool {
        let end = shape.start &+ shape.count
        if shape.text.tagged {
            guard line.count >= end else { return false }
        } else {
            guard line.count > end, isTextByte(base[end]) else { return false }
            // An untagged shape stops where a tag may start: `✅ ` then `Connected` or `[LIGHTER WS]`.
            if base[end] == ASCII.openBracket, line.has(GuidePhrase.streamTag, at: end) { return false }
        }
        return wordsEqual(base + shape.start, stored, count: shape.count)
    }

    /// `bytesEqual` for shapes (at least eight bytes): the differences of every word gathered
    /// before one test, the last word overlapping the one before rather than ending in a byte
    /// loop. A line that matches (nearly all) pays one branch, not one per word.
    @inline(__always)
    private static func wordsEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        let a = UnsafeRawPointer(a), b = UnsafeRawPointer(b)
        @inline(__always) func word(_ k: Int) -> UInt64 {
            a.loadUnaligned(fromByteOffset: k, as: UInt64.self) ^ b.loadUnaligned(fromByteOffset: k, as: UInt64.self)
        }
        var difference = word(count &- 8)
        var k = 0
        // Four words a step (a shape is mostly 30 to 60 bytes), then single ones.
        while k &+ 32 <= count {
            difference |= word(k) | word(k &+ 8) | word(k &+ 16) | word(k &+ 24)
            k &+= 32
        }
        while k &+ 8 < count {
            difference |= word(k)
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
            shapes.append(Shape(header: header, text: text, start: start, count: 0, kind: 0))
        } else {
            // A log of ever-new shapes must not pay a copy per line: replace one in eight misses.
            misses += 1
            guard misses % 8 == 0 else { return }
            slot = nextToReplace
            nextToReplace = (nextToReplace + 1) % Self.capacity
            for k in hints.indices where hints[k] == slot { hints[k] = -1 }
            for k in secondHints.indices where secondHints[k] == slot { secondHints[k] = -1 }
        }
        let count = end - start
        for k in 0..<count { bytes[slot * Self.maxBytes + k] = line[start + k] }
        var stored = header
        stored.second = nil
        shapes[slot] = Shape(header: stored, text: text, start: start, count: count, kind: HeaderKindCounts.kind(header))
        if header.layout == .file, let space = line.index(of: ASCII.space, from: start + 3, to: end) {
            // ` - NAME - LEVEL`: the level starts after the second separator.
            fileLevelStart = space + 3
        }
        if header.layout == .console, let colon = line.index(of: ASCII.colon, from: 0, to: header.messageStart) {
            consoleNameSpan = header.messageStart - colon
        }
    }

    /// What `LogHeader.parseFile` needs of the first bytes, and no space in the milliseconds
    /// (so that the separator search cannot stop before byte 23), from little-endian words of
    /// bytes 0-7, 8-15 and 16-23. The date, hour and minute (the first two words) are checked
    /// once per minute: a line that repeats the last ones checked needs only the third.
    @inline(__always)
    private mutating func hasTimestampShape(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64) -> Bool {
        if w0 != checkedPrefix.0 || w1 != checkedPrefix.1 {
            guard Self.hasDateShape(w0, w1) else { return false }
            checkedPrefix = (w0, w1)
        }
        return Self.hasSecondsShape(w2)
    }

    /// `hasTimestampShape` for a line, without the remembered prefix (`learn`).
    private static func hasTimestampShape(_ line: LineBytes) -> Bool {
        guard line.count > 24, let base = line.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let w0 = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let w2 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        return hasDateShape(w0, w1) && hasSecondsShape(w2)
    }

    @inline(__always)
    private static func byte(_ word: UInt64, _ index: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: word >> (index &* 8)) }

    /// `2025-12-` `22 14:03`: a digit first, the date's dashes, the space (or `T`) and the colon.
    @inline(__always)
    private static func hasDateShape(_ w0: UInt64, _ w1: UInt64) -> Bool {
        ASCII.isDigit(byte(w0, 0)) && byte(w0, 4) == ASCII.dash && byte(w0, 7) == ASCII.dash
            && (byte(w1, 2) == ASCII.space || byte(w1, 2) == UInt8(ascii: "T")) && byte(w1, 5) == ASCII.colon
    }

    /// `:07,123 `: the colon, and no space in bytes 19-22 (the word's bytes 3-6).
    @inline(__always)
    private static func hasSecondsShape(_ w2: UInt64) -> Bool {
        guard byte(w2, 0) == ASCII.colon else { return false }
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
