/// Lines by header kind (layout, level and writer), one count a line. Lines come in runs of one
/// or two kinds, and adding to a plain counter costs less per line than to an array element:
/// the last two runs are counted apart and added when a third kind comes.
struct HeaderKindCounts: Sendable {
    /// Indexed by `kind(_:)`.
    private var counts = Array(repeating: 0, count: LineLayout.allCases.count * LogLevel.allCases.count * 3)
    /// The current run of lines of one kind, not yet in `counts`.
    private var run = (kind: 0, lines: 0)
    /// The run of another kind before it, also not yet in `counts`.
    private var previous = (kind: 1, lines: 0)

    /// Counts one line with this header.
    @inline(__always)
    mutating func add(_ header: LogHeader) { add(kind: Self.kind(header)) }

    /// Counts one line whose header has `kind(_:)` `kind`. A run of one kind costs a compare
    /// per line, but logs interleave levels (a DEBUG frame, then INFO order lines), where the
    /// branch mispredicts: the last two kinds are counted apart, without branching between them.
    @inline(__always)
    mutating func add(kind: Int) {
        // The two runs' kinds differ: a line adds one to at most one of them.
        let inRun = kind == run.kind ? 1 : 0
        let inPrevious = kind == previous.kind ? 1 : 0
        if inRun | inPrevious != 0 {
            run.lines &+= inRun
            previous.lines &+= inPrevious
        } else {
            flush(kind)
        }
    }

    /// Moves the older of the two runs into `counts` and starts one of `kind`.
    @inline(never)
    private mutating func flush(_ kind: Int) {
        if previous.lines > 0 { counts[previous.kind] += previous.lines }
        previous = run
        run = (kind, 1)
    }

    /// Adds the counts of lines read apart, after these.
    mutating func merge(_ later: HeaderKindCounts) {
        for i in counts.indices { counts[i] += later.counts[i] }
        counts[later.run.kind] += later.run.lines
        counts[later.previous.kind] += later.previous.lines
    }

    /// The lines whose header kind `include` accepts.
    func lines(where include: (LogHeader) -> Bool) -> Int {
        var total = 0
        for layout in LineLayout.allCases {
            for level in LogLevel.allCases {
                for writer in [LineWriter.pythonBot, .lighterHedge, .unknown] {
                    let header = LogHeader(layout: layout, level: level, writer: writer)
                    let kind = Self.kind(header)
                    if include(header) {
                        total += counts[kind] + (run.kind == kind ? run.lines : 0) + (previous.kind == kind ? previous.lines : 0)
                    }
                }
            }
        }
        return total
    }

    /// One index per layout, level and writer (three writers).
    @inline(__always)
    static func kind(_ header: LogHeader) -> Int {
        (header.layout.rawValue * LogLevel.allCases.count + header.level.rawValue) * 3 + header.writer.rawValue
    }
}
