/// How far REST reconciliation has got: where the next one pages back to, when one last
/// succeeded, why the last one failed, and when a checkpoint is due in the journal. Shared by
/// the venues' clients, so that a restart resumes from the same kind of mark on each.
package struct ReconcileProgress: Sendable, Hashable {
    /// Where the next reconciliation pages back to (venue milliseconds).
    package private(set) var fromMs: Int64
    /// When a reconciliation last succeeded (local milliseconds).
    package private(set) var lastOkMs: Int64?
    /// Why the last one failed; nil after a success.
    package private(set) var lastError: String?
    private var lastCheckpointMs: Int64 = 0

    /// Progress that starts paging back from `fromMs`.
    package init(fromMs: Int64) { self.fromMs = fromMs }

    /// The last reconciliation failed.
    package mutating func failed(_ description: String) { lastError = description }

    /// The last reconciliation succeeded at `nowMs`.
    package mutating func succeeded(nowMs: Int64) {
        lastOkMs = nowMs
        lastError = nil
    }

    /// Everything before `ms` (venue time) is journaled: the next reconciliation starts there.
    /// Returns the mark to journal as a checkpoint when one is due (at most one a minute).
    package mutating func advance(to ms: Int64, nowMs: Int64, checkpointEveryMs: Int64 = 60_000) -> Int64? {
        fromMs = max(fromMs, ms)
        guard nowMs - lastCheckpointMs >= checkpointEveryMs else { return nil }
        lastCheckpointMs = nowMs
        return fromMs
    }

    /// True when the last reconciliation succeeded within `withinMs` of `nowMs`: it would have
    /// found a fill the stream missed.
    package func isRecent(nowMs: Int64, withinMs: Int64) -> Bool {
        guard lastError == nil, let ok = lastOkMs else { return false }
        return nowMs - ok <= withinMs
    }
}
