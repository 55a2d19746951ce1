import LighterProtocol
/// Collects per-minute counts in one pass. The bucket of the current line is held apart from
/// the rest, so the common case (many lines in one minute) touches no dictionary.
///
/// Two timelines of consecutive parts of a log merge into the one a single pass would build:
/// buckets are keyed by absolute time and widened only when their number would pass
/// `maxBuckets`, so the width is always the narrowest that fits the minutes seen.
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
        }

        mutating func add(messages n: Int, type index: Int) {
            if messages.count <= index {
                messages += Array(repeating: 0, count: index + 1 - messages.count)
            }
            messages[index] += n
        }
    }

    let maxBuckets: Int
    private(set) var bucketMinutes = 1
    private(set) var untimedLines = 0
    /// Every bucket but the current one.
    private var stored: [Int: Counts] = [:]
    private var currentKey = 0
    private var currentMinute = Int.min
    /// Counts of the current line's bucket; a scratch value while the line has no timestamp.
    private(set) var current = Counts()
    private var currentIsTimed = false
    /// A run of messages of one type in the current bucket, not yet in `current`.
    private var messageRunType = -1
    private var messageRunCount = 0
    private(set) var firstMinute: Int?
    private(set) var lastMinute: Int?

    init(maxBuckets: Int) {
        self.maxBuckets = max(2, maxBuckets)
    }

    /// Moves to the bucket of a line at `minute` (nil: the line has no timestamp) and counts it.
    @inline(__always)
    mutating func enter(minute: Int?) {
        focus(minute: minute)
        if currentIsTimed { current.lines += 1 } else { untimedLines += 1 }
    }

    /// Moves to the bucket of a line at `minute` without counting the line (it was counted
    /// when the line was first read).
    @inline(__always)
    mutating func focus(minute: Int?) {
        if let minute, currentIsTimed, minute == currentMinute { return }
        refocus(minute: minute)
    }

    private mutating func refocus(minute: Int?) {
        flushMessageRun()
        guard let minute else {
            park()
            current = Counts()
            return
        }
        if firstMinute.map({ minute < $0 }) ?? true { firstMinute = minute }
        if lastMinute.map({ minute > $0 }) ?? true { lastMinute = minute }
        currentMinute = minute
        if currentIsTimed, Self.floorDivide(minute, bucketMinutes) == currentKey { return }
        park()
        var key = Self.floorDivide(minute, bucketMinutes)
        if stored[key] == nil {
            // A new bucket: widen first if it would make too many.
            while stored.count + 1 > maxBuckets {
                widen()
                key = Self.floorDivide(minute, bucketMinutes)
                if stored[key] != nil { break }
            }
        }
        current = stored.removeValue(forKey: key) ?? Counts()
        currentKey = key
        currentIsTimed = true
    }

    mutating func countReconnect() { current.reconnects += 1 }
    mutating func countSubscription() { current.subscriptions += 1 }
    mutating func countSubscriptionSent() { current.subscriptionsSent += 1 }
    mutating func countSubscriptionFailure() { current.subscriptionFailures += 1 }
    mutating func countFill() { current.fills += 1 }
    mutating func countProcessedFill() { current.processedFills += 1 }
    mutating func countFinding() { current.findings += 1 }

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
    /// `typeIndex` maps the other's message-type indices to this one's.
    mutating func merge(_ other: TimelineBuilder, typeIndex: (Int) -> Int?) {
        flushMessageRun()
        park()
        untimedLines += other.untimedLines
        if let m = other.firstMinute, firstMinute.map({ m < $0 }) ?? true { firstMinute = m }
        if let m = other.lastMinute, lastMinute.map({ m > $0 }) ?? true { lastMinute = m }
        var theirs = other.stored
        if other.currentIsTimed { theirs[other.currentKey, default: Counts()].merge(other.currentWithRun) }
        while bucketMinutes < other.bucketMinutes { widen() }
        var theirWidth = other.bucketMinutes
        while theirWidth < bucketMinutes {
            theirs = Self.widened(theirs)
            theirWidth *= 2
        }
        for (key, counts) in theirs { stored[key, default: Counts()].merge(counts, typeIndex: typeIndex) }
        while stored.count > maxBuckets { widen() }
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
        currentMinute = Int.min
    }

    private mutating func widen() {
        stored = Self.widened(stored)
        bucketMinutes *= 2
        currentKey = Self.floorDivide(currentKey, 2)
        if currentIsTimed, stored[currentKey] != nil {
            // The current bucket joined a stored one.
            current.merge(stored.removeValue(forKey: currentKey) ?? Counts())
        }
    }

    private static func widened(_ buckets: [Int: Counts]) -> [Int: Counts] {
        var merged: [Int: Counts] = [:]
        merged.reserveCapacity(buckets.count / 2 + 1)
        for (key, counts) in buckets { merged[floorDivide(key, 2), default: Counts()].merge(counts) }
        return merged
    }

    /// Division rounding toward minus infinity (minutes before 1970 are negative).
    @inline(__always)
    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// The finished timeline. `typeNames` names the message indices; `countProcessedFills`
    /// counts the Python bot's processed-fill lines as fills (its log has no detection lines).
    func build(typeNames: [String], countProcessedFills: Bool) -> Timeline {
        var all = stored
        if currentIsTimed { all[currentKey, default: Counts()].merge(currentWithRun) }
        let buckets = all.keys.sorted().compactMap { key -> Timeline.Bucket? in
            guard let counts = all[key] else { return nil }
            var messages: [String: Int] = [:]
            for (i, n) in counts.messages.enumerated() where n > 0 && i < typeNames.count {
                messages[typeNames[i], default: 0] += n
            }
            return Timeline.Bucket(start: CivilTime.label(minute: key * bucketMinutes), lines: counts.lines,
                                   messages: messages, reconnects: counts.reconnects,
                                   subscriptions: counts.subscriptions, subscriptionsSent: counts.subscriptionsSent,
                                   subscriptionFailures: counts.subscriptionFailures,
                                   fills: counts.fills + (countProcessedFills ? counts.processedFills : 0),
                                   findings: counts.findings)
        }
        return Timeline(bucketMinutes: bucketMinutes, buckets: buckets, untimedLines: untimedLines)
    }
}
