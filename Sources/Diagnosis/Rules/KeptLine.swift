/// A line that may become evidence: its first bytes, redacted when it may hold a secret.
/// Copying bytes is cheap; the text is made only for the lines a report shows.
struct KeptLine: Sendable {
    var file: String
    var line: Int
    private var bytes: [UInt8]
    private var isCut: Bool
    /// Where the line is in a part still being read, before it is copied (`settle`).
    private var pending: Range<Int>?

    /// A line of a part still being read, to be copied by `settle` before the part is handed on.
    init(pendingAt offset: Int, count: Int, file: String, line number: Int) {
        self.file = file
        line = number
        bytes = []
        isCut = false
        pending = offset..<(offset + count)
    }

    mutating func settle(base: UnsafePointer<UInt8>, limit: Int) {
        guard let pending else { return }
        self = KeptLine(LineBytes(start: base + pending.lowerBound, count: pending.count), file: file, line: line, limit: limit)
    }

    init(_ line: LineBytes, file: String, line number: Int, limit: Int) {
        self.file = file
        self.line = number
        // A secret must be found in the whole line: cutting first could leave part of a key.
        if SecretScanner.mayHoldSecret(line) {
            let redacted = SecretScanner.redacted(line)
            let cut = Self.cut(redacted.count, limit: limit) { redacted[$0] }
            bytes = Array(redacted[0..<cut])
            isCut = cut < redacted.count
        } else {
            let cut = Self.cut(line.count, limit: limit) { line[$0] }
            bytes = Array(line[0..<cut])
            isCut = cut < line.count
        }
        pending = nil
    }

    /// How many of `count` bytes fit in `limit`, backed off to a character boundary.
    private static func cut(_ count: Int, limit: Int, byte: (Int) -> UInt8) -> Int {
        var cut = min(count, limit)
        if cut < count {
            while cut > 0, byte(cut) & 0xC0 == 0x80 { cut -= 1 }
        }
        return cut
    }

    var evidence: Evidence {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count + 4)
        for b in bytes {
            // Control characters (escape sequences included) must not reach a terminal.
            text.append(b == ASCII.tab ? ASCII.space : (b < 0x20 || b == 0x7F ? UInt8(ascii: "?") : b))
        }
        if isCut { text.append(contentsOf: Array(" …".utf8)) }
        return Evidence(file: file, line: line, text: String(decoding: text, as: UTF8.self))
    }

    func shifted(by lines: Int) -> KeptLine {
        var copy = self
        copy.line += lines
        return copy
    }
}
