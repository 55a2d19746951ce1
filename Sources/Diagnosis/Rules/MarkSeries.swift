/// What `MarkSeries.take` makes of an event: nothing, a count, or a mark of its own.
enum MarkDecision {
    /// The line repeats the event just marked.
    case repeated
    /// A new event, counted by the mark of its stretch.
    case counted
    /// A new event that needs a mark of its own.
    case needsMark
}

/// One mark: an event's time to the millisecond and its line.
struct EventMark: Sendable {
    var millisecond: Int
    /// The reconnect's cause or the sign's raw value (`ReconnectCause`, `Signal`).
    var tag: Int
    var line: KeptLine
    /// The events it stands for: 1, or those of its time cell (`MarkSeries`).
    var count = 1
    /// Its place among the events of its kind, in file order.
    var order = 0
}

/// The marks of one kind of event, bounded: the first `headLimit` one by one, then the first of
/// each time cell with the number of events in the cell. Cells widen along the bucket widths so
/// that there are at most `cellLimit`. Which events are kept depends only on the events, not on
/// how the log was cut into parts, so parts merge into what one pass keeps.
struct MarkSeries: Sendable {
    static let headLimit = 60
    static let cellLimit = 60
    private(set) var head: [EventMark] = []
    private(set) var cells = SortedStore<EventMark>()
    private(set) var cellSeconds = 1
    /// Timed events seen, kept or counted.
    private(set) var events = 0
    /// Events of the cell at `pendingKey` not yet added to its mark's count: consecutive events
    /// mostly share a cell, and a search per event would cost more than the rest.
    private var pendingKey = Int.min
    private var pendingIndex = 0
    private var pendingCount = 0
    /// The last event's tag (-1: none) and time, for `TimelineEvent.foldsRepeats`. Only the
    /// ordered rules note those events, so no part read apart holds any and this needs no
    /// merging. (Two Ints: an optional tuple costs a runtime metadata lookup per use.)
    private var lastTag = -1
    private var lastMillisecond = 0

    private func cellKey(_ millisecond: Int) -> Int {
        floorDivide(floorDivide(millisecond, 1000), cellSeconds)
    }

    /// What to do with an event at `millisecond`: nothing when it is a line repeating the last
    /// event (`foldsRepeats`); count it when its cell has its mark; else give it a mark (`add`).
    mutating func take(_ millisecond: Int, tag: Int, foldsRepeats: Bool) -> MarkDecision {
        if foldsRepeats {
            if tag == lastTag, (0...TimelineEvent.repeatWindow).contains(millisecond - lastMillisecond) { return .repeated }
            lastTag = tag
            lastMillisecond = millisecond
        }
        guard head.count >= Self.headLimit else { return .needsMark }
        let key = cellKey(millisecond)
        if key != pendingKey {
            let (index, found) = cells.slot(key, near: pendingIndex)
            guard found else { return .needsMark }
            flushPending()
            pendingKey = key
            pendingIndex = index
        }
        pendingCount += 1
        events += 1
        return .counted
    }

    /// Adds the events counted apart to their cell's mark (done at the end of a part read apart,
    /// so that merging it copies no cell).
    mutating func flushPending() {
        if pendingCount > 0 { cells.values[pendingIndex].count += pendingCount }
        pendingCount = 0
        pendingKey = Int.min
    }

    mutating func add(_ mark: EventMark) {
        var mark = mark
        mark.order = events
        events += 1
        if head.count < Self.headLimit {
            head.append(mark)
        } else {
            flushPending()
            intoCell(mark)
            while cells.count > Self.cellLimit { widenCells() }
            // The events that follow mostly fall in this mark's cell.
            pendingKey = cellKey(mark.millisecond)
            pendingIndex = cells.slot(pendingKey).index
        }
    }

    /// Adds the marks of the events that follow these.
    mutating func merge(_ later: MarkSeries, lineOffset: Int) {
        flushPending()
        var later = later
        later.flushPending()
        let before = events
        func shifted(_ mark: EventMark) -> EventMark {
            var copy = mark
            copy.line = copy.line.shifted(by: lineOffset)
            copy.order += before
            return copy
        }
        while cellSeconds < later.cellSeconds { widenCells() }
        let room = max(0, Self.headLimit - head.count)
        head += later.head.prefix(room).map(shifted)
        for mark in later.head.dropFirst(room) { intoCell(shifted(mark)) }
        // A kept mark is the first of its cell, and cells nest: it is the first of the wider one.
        for mark in later.cells.values { intoCell(shifted(mark)) }
        while cells.count > Self.cellLimit { widenCells() }
        events += later.events
    }

    private mutating func intoCell(_ mark: EventMark) {
        cells.add(cellKey(mark.millisecond), mark, combine: Self.keepFirst)
    }

    /// Two marks of one cell: the earlier stands for both.
    private static func keepFirst(_ kept: inout EventMark, _ other: EventMark) {
        let count = kept.count + other.count
        if other.order < kept.order { kept = other }
        kept.count = count
    }

    private mutating func widenCells() {
        flushPending()
        let wider = TimelineBuilder.width(after: cellSeconds)
        cells = cells.widened(by: wider / cellSeconds, combine: Self.keepFirst)
        cellSeconds = wider
    }

    /// Copies the lines still kept as offsets into the part at `base`.
    mutating func settle(base: UnsafePointer<UInt8>, limit: Int) {
        for i in head.indices { head[i].line.settle(base: base, limit: limit) }
        for i in cells.values.indices { cells.values[i].line.settle(base: base, limit: limit) }
    }

    var all: [EventMark] {
        var copy = self
        copy.flushPending()
        return copy.head + copy.cells.values
    }
}
