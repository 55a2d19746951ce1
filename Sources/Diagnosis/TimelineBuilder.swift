import LighterProtocol
/// Collects per-minute counts in one pass. The bucket of the current line is held apart from
/// the rest, so the common case (many lines in one minute) touches no dictionary.
struct TimelineBuilder {
    struct Counts {
        var lines = 0
        var reconnects = 0
        var subscriptions = 0
        var fills = 0
        var findings = 0
        /// Indexed like `DiagnosisState.messageTypes`.
        var messages: [Int] = []

        mutating func merge(_ other: Counts) {
            lines += other.lines
            reconnects += other.reconnects
            subscriptions += other.subscriptions
            fills += other.fills
            findings += other.findings
            if messages.count < other.messages.count {
                messages += Array(repeating: 0, count: other.messages.count - messages.count)
            }
            for (i, n) in other.messages.enumerated() { messages[i] += n }
        }
    }

    let maxBuckets: Int
    private(set) var bucketMinutes = 1
    private(set) var untimedLines = 0
    private var stored: [Int: Counts] = [:]
    private var currentKey: Int?
    /// Counts of the current line's bucket; a scratch value while the line has no timestamp.
    private(set) var current = Counts()
    private var currentIsTimed = false
    private(set) var firstMinute: Int?
    private(set) var lastMinute: Int?

    init(maxBuckets: Int) {
        self.maxBuckets = max(2, maxBuckets)
    }

    /// Moves to the bucket of a line at `minute` (nil: the line has no timestamp) and counts it.
    mutating func enter(minute: Int?) {
        guard let minute else {
            if currentIsTimed { park() }
            currentIsTimed = false
            current = Counts()
            untimedLines += 1
            return
        }
        if firstMinute.map({ minute < $0 }) ?? true { firstMinute = minute }
        if lastMinute.map({ minute > $0 }) ?? true { lastMinute = minute }
        if !currentIsTimed || currentKey != CivilTime.floorDivide(minute, bucketMinutes).0 {
            if currentIsTimed { park() }
            // Parking may have widened the buckets: compute the key afresh.
            let key = CivilTime.floorDivide(minute, bucketMinutes).0
            current = stored.removeValue(forKey: key) ?? Counts()
            currentKey = key
            currentIsTimed = true
        }
        current.lines += 1
    }

    mutating func countReconnect() { current.reconnects += 1 }
    mutating func countSubscription() { current.subscriptions += 1 }
    mutating func countFill() { current.fills += 1 }
    mutating func countFinding() { current.findings += 1 }

    mutating func countMessage(type index: Int) {
        if current.messages.count <= index {
            current.messages += Array(repeating: 0, count: index + 1 - current.messages.count)
        }
        current.messages[index] += 1
    }

    /// Puts the current bucket back among the stored ones, widening buckets if there are too many.
    private mutating func park() {
        guard let key = currentKey else { return }
        if var existing = stored[key] {
            existing.merge(current)
            stored[key] = existing
        } else {
            stored[key] = current
        }
        while stored.count > maxBuckets { widen() }
    }

    private mutating func widen() {
        var merged: [Int: Counts] = [:]
        merged.reserveCapacity(stored.count / 2 + 1)
        for (key, counts) in stored {
            let wider = CivilTime.floorDivide(key, 2).0
            if var existing = merged[wider] {
                existing.merge(counts)
                merged[wider] = existing
            } else {
                merged[wider] = counts
            }
        }
        stored = merged
        bucketMinutes *= 2
        if let key = currentKey { currentKey = CivilTime.floorDivide(key, 2).0 }
    }

    /// The finished timeline. `typeNames` names the message indices.
    func build(typeNames: [String]) -> Timeline {
        var all = stored
        if currentIsTimed, let key = currentKey {
            if var existing = all[key] {
                existing.merge(current)
                all[key] = existing
            } else {
                all[key] = current
            }
        }
        let buckets = all.keys.sorted().compactMap { key -> Timeline.Bucket? in
            guard let counts = all[key] else { return nil }
            var messages: [String: Int] = [:]
            for (i, n) in counts.messages.enumerated() where n > 0 && i < typeNames.count {
                messages[typeNames[i], default: 0] += n
            }
            return Timeline.Bucket(start: CivilTime.label(minute: key * bucketMinutes), lines: counts.lines,
                                   messages: messages, reconnects: counts.reconnects,
                                   subscriptions: counts.subscriptions, fills: counts.fills, findings: counts.findings)
        }
        return Timeline(bucketMinutes: bucketMinutes, buckets: buckets, untimedLines: untimedLines)
    }
}
