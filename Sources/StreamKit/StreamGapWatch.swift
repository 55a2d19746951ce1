/// Fills that only REST reconciliation found while the account stream was subscribed. A fill
/// older than the grace is a gap at once; a younger one is a gap unless the stream names it
/// within the grace (its frame may simply be on its way).
package struct StreamGapWatch<Key: Hashable & Sendable, Fill: Sendable>: Sendable {
    private var awaiting: [Key: (fill: Fill, timeMs: Int64, foundMs: Int64)] = [:]
    /// At most this many fills wait for the stream; more are not tracked (they are reported
    /// anyway: only the gap warning is at stake).
    package let capacity: Int

    /// An empty watch.
    package init(capacity: Int = 1000) { self.capacity = capacity }

    /// Fills REST found that the stream had not shown: returns those that are gaps now (older
    /// than the grace), oldest first; the rest wait.
    package mutating func restFound(_ fills: [(key: Key, timeMs: Int64, fill: Fill)], nowMs: Int64,
                                    graceMs: Int64) -> [Fill] {
        var gaps: [(Int64, Fill)] = []
        for entry in fills {
            if entry.timeMs < nowMs - graceMs {
                gaps.append((entry.timeMs, entry.fill))
            } else if awaiting.count < capacity {
                awaiting[entry.key] = (entry.fill, entry.timeMs, nowMs)
            }
        }
        return gaps.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The stream showed these keys: their REST-found fills were no gap.
    package mutating func streamShowed(_ keys: some Sequence<Key>) {
        guard !awaiting.isEmpty else { return }
        for key in keys { awaiting[key] = nil }
    }

    /// Fills still unshown by the stream a grace after REST found them: gaps, oldest first.
    package mutating func due(nowMs: Int64, graceMs: Int64) -> [Fill] {
        guard !awaiting.isEmpty else { return [] }
        let due = awaiting.filter { nowMs - $0.value.foundMs >= graceMs }
        guard !due.isEmpty else { return [] }
        for key in due.keys { awaiting[key] = nil }
        return due.values.sorted { $0.timeMs < $1.timeMs }.map(\.fill)
    }
}
