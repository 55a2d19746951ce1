import LighterProtocol

/// Division rounding toward minus infinity (times before 1970 are negative): the quotient of
/// `CivilTime.floorDivide`, which is inlined and specialized here.
@inline(__always)
func floorDivide(_ a: Int, _ b: Int) -> Int { CivilTime.floorDivide(a, b).0 }

/// Grows `array` with zeros to `count` elements. A new bucket's counts start empty: filled in one
/// allocation, where appending a temporary array costs two and a generic metadata lookup.
@inline(__always)
private func padWithZeros<Element: AdditiveArithmetic>(_ array: inout [Element], to count: Int) {
    guard array.count < count else { return }
    if array.isEmpty {
        array = Array(repeating: .zero, count: count)
    } else {
        array.append(contentsOf: repeatElement(.zero, count: count - array.count))
    }
}

/// Collects per-second counts in one pass. The current bucket's lines and messages are counted
/// apart and added to it when the bucket changes, so the common case (many lines in one second)
/// touches a counter or two.
///
/// Buckets start one second wide and widen along `widths` (each width divides the next) only
/// when the span seen would take more than `maxBuckets` of them, so the width is always the
/// narrowest that fits the span: two timelines of consecutive parts of a log merge into the one
/// a single pass would build. The report regroups them into 60-120 buckets of a round width
/// (`build`).
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
            padWithZeros(&messages, to: index + 1)
            messages[index] += n
        }

        /// Adds lines and messages counted apart, leaving those counters at zero. Once a second
        /// on the per-line path: the arrays are walked as buffers, checked for sharing once.
        mutating func take(lines n: Int, messages pending: inout [Int]) {
            lines += n
            padWithZeros(&messages, to: pending.count)
            messages.withUnsafeMutableBufferPointer { counts in
                pending.withUnsafeMutableBufferPointer { more in
                    for i in more.indices where more[i] != 0 {
                        counts[i] += more[i]
                        more[i] = 0
                    }
                }
            }
        }

        mutating func add(healthRate rate: Double, type index: Int) {
            padWithZeros(&healthRates, to: index + 1)
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
    /// Every bucket, the current one included.
    private var stored = SortedStore<Counts>()
    private var currentKey = 0
    /// Where the current bucket is in `stored`; -1 while the line has no timestamp.
    private var currentIndex = -1
    private var currentSecond = Int.min
    /// Lines and messages of the current bucket not yet added to it: the per-line path touches
    /// only these, and moving to the next bucket (once a second) only adds them up.
    private var pendingLines = 0
    private var pendingMessages: [Int] = []
    /// A run of messages of one type in the current bucket, not yet in `pendingMessages`.
    private var messageRunType = -1
    private var messageRunCount = 0
    private(set) var firstSecond: Int?
    private(set) var lastSecond: Int?
    /// The rare events, each at its own moment.
    private(set) var marks = TimelineMarks()

    var firstMinute: Int? { firstSecond.map { floorDivide($0, 60) } }

    /// `startingWidth`: buckets at least this wide (the widest of `widths` not past it), for a
    /// part of a log whose earlier parts already needed them; any width up to the one the whole
    /// log needs gives the same timeline, and a wider start saves making narrow buckets.
    init(maxBuckets: Int, startingWidth: Int = 1) {
        self.maxBuckets = max(2, maxBuckets)
        while Self.width(after: bucketSeconds) <= startingWidth { bucketSeconds = Self.width(after: bucketSeconds) }
    }

    /// Moves to the bucket of a line at `second` (nil: the line has no timestamp) and counts it.
    @inline(__always)
    mutating func enter(second: Int?) {
        focus(second: second)
        if currentIndex >= 0 { pendingLines += 1 } else { untimedLines += 1 }
    }

    /// Moves to the bucket of a line at `second` without counting the line (it was counted
    /// when the line was first read).
    @inline(__always)
    mutating func focus(second: Int?) {
        if let second, currentIndex >= 0, second == currentSecond { return }
        // Another line without a timestamp (a console log has none): already nowhere; what it
        // counts is dropped at the next flush, as now.
        if second == nil, currentIndex < 0 { return }
        refocus(second: second)
    }

    private mutating func refocus(second: Int?) {
        flushMessageRun()
        guard let second else {
            flushPending()
            currentIndex = -1
            currentSecond = Int.min
            return
        }
        currentSecond = second
        var widened = false
        if let first = firstSecond, let last = lastSecond, (first...last).contains(second) {
            // Within the span seen: the width stands.
        } else {
            firstSecond = min(firstSecond ?? second, second)
            lastSecond = max(lastSecond ?? second, second)
            widened = fitSpan()
        }
        let key = floorDivide(second, bucketSeconds)
        if currentIndex >= 0, key == currentKey, !widened { return }
        flushPending()
        currentIndex = stored.index(of: key, near: widened ? -1 : currentIndex, adding: Counts())
        currentKey = key
    }

    /// Widens the buckets until the span seen takes at most `maxBuckets` of them; true when it
    /// did. The width depends on the first and last seconds alone, so parts of a log read apart
    /// come to the width one pass over it would (each part's span lies within the whole's).
    private mutating func fitSpan() -> Bool {
        guard let first = firstSecond, let last = lastSecond else { return false }
        var widened = false
        while floorDivide(last, bucketSeconds) - floorDivide(first, bucketSeconds) + 1 > maxBuckets {
            widen()
            widened = true
        }
        return widened
    }

    /// Counts an event in the current bucket.
    mutating func count(_ event: TimelineEvent) {
        guard currentIndex >= 0 else { return }
        switch event {
        case .reconnect: stored.values[currentIndex].reconnects += 1
        case .subscriptionSent: stored.values[currentIndex].subscriptionsSent += 1
        case .subscriptionConfirmed: stored.values[currentIndex].subscriptions += 1
        case .subscriptionFailed: stored.values[currentIndex].subscriptionFailures += 1
        case .fill: stored.values[currentIndex].fills += 1
        case .processedFill: stored.values[currentIndex].processedFills += 1
        case .finding: stored.values[currentIndex].findings += 1
        }
    }

    /// Whether an event at `millisecond` needs a mark of its own (`addMark`), whose line is then
    /// worth copying.
    mutating func takeMark(_ event: TimelineEvent, at millisecond: Int, tag: Int) -> MarkDecision {
        marks.take(event, at: millisecond, tag: tag)
    }

    mutating func addMark(_ event: TimelineEvent, _ mark: EventMark) { marks.add(event, mark) }

    /// Copies the marks' lines still kept as offsets into the part at `base` (`absorb`).
    mutating func settleMarks(base: UnsafePointer<UInt8>, limit: Int) { marks.settle(base: base, limit: limit) }

    mutating func countHealthLine() {
        guard currentIndex >= 0 else { return }
        stored.values[currentIndex].healthLines += 1
    }

    mutating func addHealthRate(_ rate: Double, type index: Int) {
        guard currentIndex >= 0 else { return }
        stored.values[currentIndex].add(healthRate: rate, type: index)
    }

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
        padWithZeros(&pendingMessages, to: messageRunType + 1)
        pendingMessages[messageRunType] += messageRunCount
        messageRunType = -1
        messageRunCount = 0
    }

    /// Whether lines or messages wait to be added to the current bucket (`flushPending`).
    private var hasPending: Bool {
        pendingLines > 0 || messageRunType >= 0 || pendingMessages.contains { $0 != 0 }
    }

    /// Adds what is pending to the buckets and marks, at the end of a part read apart: the part
    /// is then merged as it is, where flushing a copy of it would copy every bucket and mark.
    mutating func flushPart() {
        if hasPending { flushPending() }
        marks.flushPending()
    }

    /// Adds the pending lines and messages to the current bucket (nowhere while the line has no
    /// timestamp: they were counted as untimed). The message counts keep their storage.
    private mutating func flushPending() {
        flushMessageRun()
        if currentIndex >= 0 {
            stored.values[currentIndex].take(lines: pendingLines, messages: &pendingMessages)
        } else {
            pendingMessages.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        pendingLines = 0
    }

    /// Adds a timeline built over the lines that follow the ones this one has seen.
    /// `typeIndex` maps the other's message-type indices to this one's; `lineOffset` is the
    /// number of lines of the file read before the other's first.
    mutating func merge(_ other: TimelineBuilder, lineOffset: Int, typeIndex: (Int) -> Int?) {
        flushPending()
        // The next line finds its bucket again (the store's order changes).
        currentIndex = -1
        currentSecond = Int.min
        var other = other
        // A part flushed when read (`flushPart`) has nothing pending: no copy of its buckets.
        if other.hasPending { other.flushPending() }
        untimedLines += other.untimedLines
        if let s = other.firstSecond, firstSecond.map({ s < $0 }) ?? true { firstSecond = s }
        if let s = other.lastSecond, lastSecond.map({ s > $0 }) ?? true { lastSecond = s }
        var theirs = other.stored
        while bucketSeconds < other.bucketSeconds { widen() }
        var theirWidth = other.bucketSeconds
        while theirWidth < bucketSeconds {
            let next = Self.width(after: theirWidth)
            theirs = theirs.widened(by: next / theirWidth) { $0.merge($1) }
            theirWidth = next
        }
        for (key, counts) in theirs.entries {
            // Into the bucket itself: a mapped copy first would cost an allocation a bucket.
            let index = stored.index(of: key, adding: Counts())
            stored.values[index].merge(counts, typeIndex: typeIndex)
        }
        _ = fitSpan()
        marks.merge(other.marks, lineOffset: lineOffset)
    }

    private mutating func widen() {
        flushPending()
        let next = Self.width(after: bucketSeconds)
        let factor = next / bucketSeconds
        stored = stored.widened(by: factor) { $0.merge($1) }
        bucketSeconds = next
        currentKey = floorDivide(currentKey, factor)
        // The current bucket joined the wider one that holds it.
        if currentIndex >= 0 { currentIndex = stored.index(of: currentKey, adding: Counts()) }
    }

    /// The finished timeline, regrouped into buckets of a round width (`TimelineScale`).
    /// `typeNames` and `healthTypeNames` name the message and health-rate indices;
    /// `countProcessedFills` counts the Python bot's processed-fill lines as fills (its log has
    /// no detection lines); `files` orders the marks of several files.
    func build(typeNames: [String], healthTypeNames: [String], countProcessedFills: Bool, files: [String]) -> Timeline {
        var flushed = self
        flushed.flushPending()
        let fine = flushed.stored
        guard let first = firstSecond, let last = lastSecond else {
            return Timeline(bucketSeconds: bucketSeconds, untimedLines: untimedLines,
                            events: marks.eventCounts(countProcessedFills: countProcessedFills))
        }
        let step = TimelineScale.bucketSeconds(first: first, last: last, dividing: bucketSeconds)
        let factor = step / bucketSeconds
        var grouped: [Int: Counts] = [:]
        for (key, counts) in fine.entries { grouped[floorDivide(key, factor), default: Counts()].merge(counts) }
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
