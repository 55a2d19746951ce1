import LighterProtocol
/// Collects per-second counts in one pass. The bucket of the current line is held apart from
/// the rest, so the common case (many lines in one second) touches no dictionary.
///
/// Buckets start one second wide and widen along `widths` (each width divides the next) only
/// when their number would pass `maxBuckets`, so the width is always the narrowest that fits the
/// seconds seen: two timelines of consecutive parts of a log merge into the one a single pass
/// would build. The report regroups them into 60-120 buckets of a round width (`build`).
struct TimelineBuilder {
    struct Counts {
        var lines = 0
        var reconnects = 0
        var subscriptions = 0
        var subscriptionsSent = 0
        var subscriptionFailures = 0
        var fills = 0
        /// Fills the Python bot processed (`[Lighter] [FILLED]`): counted as fills only in a log
        /// without detection lines, which `build` is told.
        var processedFills = 0
        var findings = 0
        /// Indexed like `DiagnosisState.messageTypes`.
        var messages: [Int] = []
        var healthLines = 0
        /// Sums of the rates (msgs/s) the health lines gave, indexed like `DiagnosisState.healthTypes`.
        var healthRates: [Double] = []

        /// Health lines are read by the ordered rules only, so a part read apart has none and
        /// their indices need no mapping.
        mutating func merge(_ other: Counts, typeIndex: (Int) -> Int? = { $0 }) {
            lines += other.lines
            reconnects += other.reconnects
            subscriptions += other.subscriptions
            subscriptionsSent += other.subscriptionsSent
            subscriptionFailures += other.subscriptionFailures
            fills += other.fills
            processedFills += other.processedFills
            findings += other.findings
            for (i, n) in other.messages.enumerated() where n > 0 {
                guard let target = typeIndex(i) else { continue }
                add(messages: n, type: target)
            }
            healthLines += other.healthLines
            for (i, rate) in other.healthRates.enumerated() where rate > 0 { add(healthRate: rate, type: i) }
        }

        mutating func add(messages n: Int, type index: Int) {
            if messages.count <= index {
                messages += Array(repeating: 0, count: index + 1 - messages.count)
            }
            messages[index] += n
        }

        mutating func add(healthRate rate: Double, type index: Int) {
            if healthRates.count <= index {
                healthRates += Array(repeating: 0, count: index + 1 - healthRates.count)
            }
            healthRates[index] += rate
        }
    }

    /// Bucket widths in seconds, each a divisor of the next and of the round widths `build` picks
    /// from them (see `TimelineScale`); past a day they double.
    static let widths = [1, 5, 15, 60, 300, 900, 3600, 10800, 43200, 86400]

    static func width(after width: Int) -> Int {
        if let i = widths.firstIndex(of: width), i + 1 < widths.count { return widths[i + 1] }
        return width * 2
    }

    let maxBuckets: Int
    private(set) var bucketSeconds = 1
    private(set) var untimedLines = 0
    /// Every bucket but the current one.
    private var stored: [Int: Counts] = [:]
    private var currentKey = 0
    private var currentSecond = Int.min
    /// Counts of the current line's bucket; a scratch value while the line has no timestamp.
    private(set) var current = Counts()
    private var currentIsTimed = false
    /// A run of messages of one type in the current bucket, not yet in `current`.
    private var messageRunType = -1
    private var messageRunCount = 0
    private(set) var firstSecond: Int?
    private(set) var lastSecond: Int?
    /// The rare events, each at its own moment.
    private(set) var marks = TimelineMarks()

    var firstMinute: Int? { firstSecond.map { CivilTime.floorDivide($0, 60).0 } }
    var lastMinute: Int? { lastSecond.map { CivilTime.floorDivide($0, 60).0 } }

    init(maxBuckets: Int) {
        self.maxBuckets = max(2, maxBuckets)
    }

    /// Moves to the bucket of a line at `second` (nil: the line has no timestamp) and counts it.
    @inline(__always)
    mutating func enter(second: Int?) {
        focus(second: second)
        if currentIsTimed { current.lines += 1 } else { untimedLines += 1 }
    }

    /// Moves to the bucket of a line at `second` without counting the line (it was counted
    /// when the line was first read).
    @inline(__always)
    mutating func focus(second: Int?) {
        if let second, currentIsTimed, second == currentSecond { return }
        refocus(second: second)
    }

    private mutating func refocus(second: Int?) {
        flushMessageRun()
        guard let second else {
            park()
            current = Counts()
            return
        }
        if firstSecond.map({ second < $0 }) ?? true { firstSecond = second }
        if lastSecond.map({ second > $0 }) ?? true { lastSecond = second }
        currentSecond = second
        if currentIsTimed, CivilTime.floorDivide(second, bucketSeconds).0 == currentKey { return }
        park()
        var key = CivilTime.floorDivide(second, bucketSeconds).0
        if stored[key] == nil {
            // A new bucket: widen first if it would make too many.
            while stored.count + 1 > maxBuckets {
                widen()
                key = CivilTime.floorDivide(second, bucketSeconds).0
                if stored[key] != nil { break }
            }
        }
        current = stored.removeValue(forKey: key) ?? Counts()
        currentKey = key
        currentIsTimed = true
        currentSecond = second
    }

    /// Counts an event in the current bucket.
    mutating func count(_ event: TimelineEvent) {
        switch event {
        case .reconnect: current.reconnects += 1
        case .subscriptionSent: current.subscriptionsSent += 1
        case .subscriptionConfirmed: current.subscriptions += 1
        case .subscriptionFailed: current.subscriptionFailures += 1
        case .fill: current.fills += 1
        case .processedFill: current.processedFills += 1
        case .finding: current.findings += 1
        }
    }

    /// Whether an event at `millisecond` needs a mark of its own (`addMark`), whose line is then
    /// worth copying.
    mutating func takeMark(_ event: TimelineEvent, at millisecond: Int, tag: Int) -> MarkDecision {
        marks.take(event, at: millisecond, tag: tag)
    }

    mutating func addMark(_ event: TimelineEvent, _ mark: EventMark) { marks.add(event, mark) }

    mutating func countUntimedMark(_ event: TimelineEvent) { marks.countUntimed(event) }

    mutating func countHealthLine() { current.healthLines += 1 }

    mutating func addHealthRate(_ rate: Double, type index: Int) { current.add(healthRate: rate, type: index) }

    @inline(__always)
    mutating func countMessage(type index: Int) {
        if index == messageRunType {
            messageRunCount += 1
        } else {
            flushMessageRun()
            messageRunType = index
            messageRunCount = 1
        }
    }

    private mutating func flushMessageRun() {
        guard messageRunType >= 0 else { return }
        current.add(messages: messageRunCount, type: messageRunType)
        messageRunType = -1
        messageRunCount = 0
    }

    /// Adds a timeline built over the lines that follow the ones this one has seen.
    /// `typeIndex` maps the other's message-type indices to this one's; `lineOffset` is the
    /// number of lines of the file read before the other's first.
    mutating func merge(_ other: TimelineBuilder, lineOffset: Int, typeIndex: (Int) -> Int?) {
        flushMessageRun()
        park()
        untimedLines += other.untimedLines
        if let s = other.firstSecond, firstSecond.map({ s < $0 }) ?? true { firstSecond = s }
        if let s = other.lastSecond, lastSecond.map({ s > $0 }) ?? true { lastSecond = s }
        var theirs = other.stored
        if other.currentIsTimed { theirs[other.currentKey, default: Counts()].merge(other.currentWithRun) }
        while bucketSeconds < other.bucketSeconds { widen() }
        var theirWidth = other.bucketSeconds
        while theirWidth < bucketSeconds {
            let next = Self.width(after: theirWidth)
            theirs = Self.widened(theirs, by: next / theirWidth)
            theirWidth = next
        }
        for (key, counts) in theirs { stored[key, default: Counts()].merge(counts, typeIndex: typeIndex) }
        while stored.count > maxBuckets { widen() }
        marks.merge(other.marks, lineOffset: lineOffset)
    }

    /// The current bucket with the pending run of messages.
    private var currentWithRun: Counts {
        var counts = current
        if messageRunType >= 0 { counts.add(messages: messageRunCount, type: messageRunType) }
        return counts
    }

    /// Puts the current bucket back among the stored ones.
    private mutating func park() {
        flushMessageRun()
        guard currentIsTimed else { return }
        stored[currentKey] = current
        current = Counts()
        currentIsTimed = false
        currentSecond = Int.min
    }

    private mutating func widen() {
        let next = Self.width(after: bucketSeconds)
        let factor = next / bucketSeconds
        stored = Self.widened(stored, by: factor)
        bucketSeconds = next
        currentKey = CivilTime.floorDivide(currentKey, factor).0
        if currentIsTimed, stored[currentKey] != nil {
            // The current bucket joined a stored one.
            current.merge(stored.removeValue(forKey: currentKey) ?? Counts())
        }
    }

    private static func widened(_ buckets: [Int: Counts], by factor: Int) -> [Int: Counts] {
        var merged: [Int: Counts] = [:]
        merged.reserveCapacity(buckets.count / factor + 1)
        for (key, counts) in buckets { merged[CivilTime.floorDivide(key, factor).0, default: Counts()].merge(counts) }
        return merged
    }

    /// The finished timeline, regrouped into buckets of a round width (`TimelineScale`).
    /// `typeNames` and `healthTypeNames` name the message and health-rate indices;
    /// `countProcessedFills` counts the Python bot's processed-fill lines as fills (its log has
    /// no detection lines); `files` orders the marks of several files.
    func build(typeNames: [String], healthTypeNames: [String], countProcessedFills: Bool, files: [String]) -> Timeline {
        var fine = stored
        if currentIsTimed { fine[currentKey, default: Counts()].merge(currentWithRun) }
        guard let first = firstSecond, let last = lastSecond else {
            return Timeline(bucketSeconds: bucketSeconds, untimedLines: untimedLines,
                            events: marks.eventCounts(countProcessedFills: countProcessedFills))
        }
        let step = TimelineScale.bucketSeconds(first: first, last: last, dividing: bucketSeconds)
        let factor = step / bucketSeconds
        var grouped: [Int: Counts] = [:]
        for (key, counts) in fine { grouped[CivilTime.floorDivide(key, factor).0, default: Counts()].merge(counts) }
        let buckets = grouped.keys.sorted().compactMap { key -> Timeline.Bucket? in
            guard let counts = grouped[key] else { return nil }
            var messages: [String: Int] = [:]
            for (i, n) in counts.messages.enumerated() where n > 0 && i < typeNames.count {
                messages[typeNames[i], default: 0] += n
            }
            var rates: [String: Double] = [:]
            if counts.healthLines > 0 {
                for (i, sum) in counts.healthRates.enumerated() where sum > 0 && i < healthTypeNames.count {
                    // The mean of the bucket's health lines, to 0.01 msgs/s (the lines give 0.1).
                    rates[healthTypeNames[i], default: 0] += (sum / Double(counts.healthLines) * 100).rounded() / 100
                }
            }
            let start = key * step
            return Timeline.Bucket(start: CivilTime.label(second: start), startSecond: start, lines: counts.lines,
                                   messages: messages, reconnects: counts.reconnects,
                                   subscriptions: counts.subscriptions, subscriptionsSent: counts.subscriptionsSent,
                                   subscriptionFailures: counts.subscriptionFailures,
                                   fills: counts.fills + (countProcessedFills ? counts.processedFills : 0),
                                   findings: counts.findings, healthLines: counts.healthLines, healthRates: rates)
        }
        return Timeline(bucketSeconds: step, firstSecond: first, lastSecond: last, buckets: buckets,
                        marks: marks.build(countProcessedFills: countProcessedFills, files: files),
                        untimedLines: untimedLines, events: marks.eventCounts(countProcessedFills: countProcessedFills))
    }
}
