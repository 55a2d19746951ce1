import LighterProtocol

/// The rare events the timeline marks at their own moment (and counts per bucket).
enum TimelineEvent: Int, CaseIterable, Sendable {
    case reconnect, subscriptionSent, subscriptionConfirmed, subscriptionFailed, fill, processedFill, finding

    /// The name in the report (a processed fill is reported as a fill when it is counted as one).
    var name: String {
        switch self {
        case .reconnect: "reconnect"
        case .subscriptionSent: "subscription-sent"
        case .subscriptionConfirmed: "subscription-confirmed"
        case .subscriptionFailed: "subscription-failed"
        case .fill, .processedFill: "fill"
        case .finding: "finding"
        }
    }

    /// A subscription shows as several lines written together (the request as built, as sent,
    /// and the bot's own line; a confirmation, the snapshot's offset, the snapshot): one event.
    var foldsRepeats: Bool { self == .subscriptionSent || self == .subscriptionConfirmed || self == .subscriptionFailed }

    /// Lines of one event are written within this many milliseconds of its first.
    static let repeatWindow = 100
}

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
            let (index, found) = cells.slot(key)
            guard found else { return .needsMark }
            flushPending()
            pendingKey = key
            pendingIndex = index
        }
        pendingCount += 1
        events += 1
        return .counted
    }

    private mutating func flushPending() {
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

/// A `MarkSeries` per kind of event.
struct TimelineMarks: Sendable {
    private var series = Array(repeating: MarkSeries(), count: TimelineEvent.allCases.count)

    mutating func take(_ event: TimelineEvent, at millisecond: Int, tag: Int) -> MarkDecision {
        series[event.rawValue].take(millisecond, tag: tag, foldsRepeats: event.foldsRepeats)
    }

    mutating func add(_ event: TimelineEvent, _ mark: EventMark) { series[event.rawValue].add(mark) }

    mutating func settle(base: UnsafePointer<UInt8>, limit: Int) {
        for i in series.indices { series[i].settle(base: base, limit: limit) }
    }

    mutating func merge(_ later: TimelineMarks, lineOffset: Int) {
        for i in series.indices {
            series[i].merge(later.series[i], lineOffset: lineOffset)
        }
    }

    /// The kinds reported: processed fills stand for fills only in a log without detections.
    private func reported(_ countProcessedFills: Bool) -> [TimelineEvent] {
        TimelineEvent.allCases.filter { $0 != .processedFill || countProcessedFills }
    }

    /// Timed events by name, drawn or folded into a mark's count.
    func eventCounts(countProcessedFills: Bool) -> [String: Int] {
        var counts: [String: Int] = [:]
        for event in reported(countProcessedFills) where series[event.rawValue].events > 0 {
            counts[event.name, default: 0] += series[event.rawValue].events
        }
        return counts
    }

    /// The marks in time order (then file and line order).
    func build(countProcessedFills: Bool, files: [String]) -> [Timeline.Mark] {
        let fileOrder = Dictionary(files.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var marks: [(order: (Int, Int, Int), mark: Timeline.Mark)] = []
        for event in reported(countProcessedFills) {
            for mark in series[event.rawValue].all {
                let evidence = mark.line.evidence
                let detail = event == .reconnect ? ReconnectCause(rawValue: mark.tag)?.name
                    : Signal(rawValue: mark.tag).map { Self.kebab(String(describing: $0)) }
                marks.append(((mark.millisecond, fileOrder[evidence.file] ?? Int.max, evidence.line),
                              Timeline.Mark(kind: event.name, time: CivilTime.label(millisecond: mark.millisecond),
                                            millisecond: mark.millisecond, count: mark.count, detail: detail,
                                            evidence: evidence)))
            }
        }
        return marks.sorted { $0.order < $1.order }.map(\.mark)
    }

    /// `authTokenFailed` → `auth-token-failed`, the way finding ids are written.
    static func kebab(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                out += "-" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}

extension DiagnosisState {
    /// Counts an event in the current bucket and marks it at its moment; its line is copied only
    /// when the mark is kept.
    mutating func timelineEvent(_ event: TimelineEvent, _ ref: LineRef, tag: Int) {
        // A line without a time has no bucket and no place on the chart.
        guard let millisecond = Self.millisecond(ref) else { return }
        switch timeline.takeMark(event, at: millisecond, tag: tag) {
        case .repeated:
            return
        case .counted:
            timeline.count(event)
        case .needsMark:
            timeline.count(event)
            // In a part read apart, the line is copied only if its mark survives the merge.
            timeline.addMark(event, EventMark(millisecond: millisecond, tag: tag, line: candidateLine(ref)))
        }
    }

    /// The line's time in milliseconds since 1970, as written: the seconds, with the fraction
    /// that follows them (`,123` in asctime, `.123` in ISO 8601) when there is one.
    static func millisecond(_ ref: LineRef) -> Int? {
        guard let second = ref.header.second else { return nil }
        let line = ref.bytes
        let at = (ref.header.layout == .json ? 9 : 0) + 19
        guard line.count >= at + 4, line[at] == ASCII.comma || line[at] == UInt8(ascii: "."),
              ASCII.isDigit(line[at + 1]), ASCII.isDigit(line[at + 2]), ASCII.isDigit(line[at + 3]) else { return second * 1000 }
        let fraction = Int(line[at + 1] - ASCII.zero) * 100 + Int(line[at + 2] - ASCII.zero) * 10 + Int(line[at + 3] - ASCII.zero)
        return second * 1000 + fraction
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The decimal number at `index` (`4.9`, `12`); 0 when there is none.
    func decimal(at index: Int) -> Double {
        var value = 0.0
        var scale = 0.0
        var i = index
        while i < count {
            let b = self[i]
            if ASCII.isDigit(b) {
                if scale == 0 {
                    value = value * 10 + Double(b - ASCII.zero)
                } else {
                    value += Double(b - ASCII.zero) * scale
                    scale /= 10
                }
            } else if b == UInt8(ascii: "."), scale == 0 {
                scale = 0.1
            } else {
                break
            }
            i += 1
        }
        return value
    }
}

extension CivilTime {
    /// `2025-12-22 14:03:07` for seconds since 1970.
    static func label(second: Int) -> String {
        let (minute, s) = floorDivide(second, 60)
        return label(minute: minute) + ":" + pad(s, 2)
    }

    /// `2025-12-22 14:03:07.123` for milliseconds since 1970.
    static func label(millisecond: Int) -> String {
        let (second, ms) = floorDivide(millisecond, 1000)
        return label(second: second) + "." + pad(ms, 3)
    }
}

/// The chart's scales: the bucket width that gives 60-120 buckets across the log's span, and
/// round steps for the time labels.
enum TimelineScale {
    /// Neighbours differ by at most 2x, so the narrowest width that gives at most `maxBuckets`
    /// buckets gives more than half as many.
    static let bucketSteps = [1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800,
                              3600, 7200, 10800, 14400, 21600, 43200, 86400, 172_800, 259_200, 604_800]
    static let maxBuckets = 120
    static let tickSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
                            86400, 172_800, 604_800, 1_209_600, 2_592_000]

    /// Buckets of `step` seconds from the one holding `first` to the one holding `last`.
    static func bucketCount(first: Int, last: Int, step: Int) -> Int {
        floorDivide(last, step) - floorDivide(first, step) + 1
    }

    /// The narrowest round width, a multiple of `unit` (the collected buckets' width), that gives
    /// at most `maxBuckets` buckets.
    static func bucketSeconds(first: Int, last: Int, dividing unit: Int) -> Int {
        for step in bucketSteps where step % unit == 0 && bucketCount(first: first, last: last, step: step) <= maxBuckets {
            return step
        }
        var step = max(unit, (last - first) / maxBuckets / unit * unit)
        while bucketCount(first: first, last: last, step: step) > maxBuckets { step += unit }
        return step
    }

    /// The narrowest round label step that puts at most `maxLabels` labels on `span` seconds.
    static func tickSeconds(span: Double, maxLabels: Int) -> Int {
        for step in tickSteps where span / Double(step) <= Double(maxLabels) { return step }
        return Int((span / Double(max(1, maxLabels))).rounded(.up))
    }
}
