/// Lines by header kind (layout, level and writer), one count a line. Lines come in runs of one
/// kind, and adding to a plain counter costs less per line than to an array element: the
/// current run is counted apart and added when the kind changes.
struct HeaderKindCounts: Sendable {
    /// Indexed by `kind(_:)`.
    private var counts = Array(repeating: 0, count: LineLayout.allCases.count * LogLevel.allCases.count * 3)
    /// The current run of lines of one kind, not yet in `counts`.
    private var run = (kind: 0, lines: 0)

    /// Counts one line with this header.
    @inline(__always)
    mutating func add(_ header: LogHeader) {
        let kind = Self.kind(header)
        if kind == run.kind {
            run.lines += 1
        } else {
            if run.lines > 0 { counts[run.kind] += run.lines }
            run = (kind, 1)
        }
    }

    /// Adds the counts of lines read apart, after these.
    mutating func merge(_ later: HeaderKindCounts) {
        for i in counts.indices { counts[i] += later.counts[i] }
        counts[later.run.kind] += later.run.lines
    }

    /// The lines whose header kind `include` accepts.
    func lines(where include: (LogHeader) -> Bool) -> Int {
        var total = 0
        for layout in LineLayout.allCases {
            for level in LogLevel.allCases {
                for writer in [LineWriter.pythonBot, .lighterHedge, .unknown] {
                    let header = LogHeader(layout: layout, level: level, writer: writer)
                    let kind = Self.kind(header)
                    if include(header) { total += counts[kind] + (run.kind == kind ? run.lines : 0) }
                }
            }
        }
        return total
    }

    /// One index per layout, level and writer (three writers).
    @inline(__always)
    private static func kind(_ header: LogHeader) -> Int {
        (header.layout.rawValue * LogLevel.allCases.count + header.level.rawValue) * 3 + header.writer.rawValue
    }
}
