/// Every fill up to `processedMs` (venue time, less a safety margin) is in the journal: the next
/// run's reconciliation pages back to here.
public struct JournalCheckpoint: Sendable, Hashable, Codable {
    /// `checkpoint`: tells a checkpoint mark from a fill, whose line has no `kind`.
    public var kind = "checkpoint"
    /// Venue milliseconds since the epoch: every fill up to here is in the journal.
    public var processedMs: Int64
    /// A checkpoint at `processedMs`.
    public init(processedMs: Int64) { self.processedMs = processedMs }
}
