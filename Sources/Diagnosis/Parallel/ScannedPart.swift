/// A run of lines read by `LogDiagnoser.scanPart`: the order-free facts, and where the lines
/// left to the ordered rules are.
package struct ScannedPart: Sendable {
    /// A line for the ordered rules, packed small: a busy log leaves one line in eight.
    struct Deferred: Sendable {
        private var start: Int32
        private var count: Int32
        private var number: Int32
        private var textStart: Int32
        private var messageStart: Int32
        private var messageEnd: Int32
        /// `Int.min`: the line has no timestamp.
        private var second: Int
        private var layout: UInt8
        private var level: UInt8
        private var writer: UInt8
        private var tagged: Bool

        /// Parts hold at most a chunk (under 2^31 bytes, see `ChunkedFile`).
        init(start: Int, line: OrderedLine, number: Int) {
            self.start = Int32(truncatingIfNeeded: start)
            count = Int32(truncatingIfNeeded: line.bytes.count)
            self.number = Int32(truncatingIfNeeded: number)
            textStart = Int32(truncatingIfNeeded: line.textStart)
            messageStart = Int32(truncatingIfNeeded: line.header.messageStart)
            messageEnd = Int32(truncatingIfNeeded: line.header.messageEnd)
            second = line.header.second ?? Int.min
            layout = UInt8(line.header.layout.rawValue)
            level = UInt8(line.header.level.rawValue)
            writer = UInt8(line.header.writer.rawValue)
            tagged = line.tagged
        }

        var lineNumber: Int { Int(number) }

        /// The line again, in the part's bytes at `base` (nil if it does not fit in `available`).
        func line(in base: UnsafePointer<UInt8>, available: Int) -> OrderedLine? {
            let lower = Int(start)
            let length = Int(count)
            guard lower >= 0, length >= 0, lower + length <= available,
                  let layout = LineLayout(rawValue: Int(layout)), let level = LogLevel(rawValue: Int(level)),
                  let writer = LineWriter(rawValue: Int(writer)) else { return nil }
            let header = LogHeader(layout: layout, level: level, writer: writer, second: second == Int.min ? nil : second,
                                   messageStart: Int(messageStart), messageEnd: Int(messageEnd))
            return OrderedLine(bytes: LineBytes(start: base + lower, count: length), header: header,
                               textStart: Int(textStart), tagged: tagged)
        }
    }

    /// The file the part was read from, as evidence names it.
    package let file: String
    var state: DiagnosisState
    var ordered: [Deferred]

    /// Extra bytes of the part's last line, beyond those it read (a line cut at `maxLineBytes`).
    package mutating func addDroppedBytes(_ count: Int) { state.bytes += count }
}
