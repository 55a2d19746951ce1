/// What a journal holds, read in one pass.
public struct JournalContents<Fill: JournaledFill>: Sendable, Hashable {
    /// Nil for a new journal, or one written before origins were recorded.
    public var origin: JournalOrigin?
    /// Every fill, in journal order.
    public var fills: [Fill] = []
    /// Every baseline, in journal order.
    public var baselines: [Fill.Baseline] = []
    /// The newest checkpoint.
    public var checkpointMs: Int64?
    /// The last process that opened the journal.
    public var lastRun: JournalRun?

    /// Contents that hold nothing but `origin`: a history about to begin.
    public init(origin: JournalOrigin? = nil) { self.origin = origin }

    /// Where the next run's reconciliation must page back to: the last checkpoint, else the
    /// origin, else the oldest fill.
    public var resumeFromMs: Int64? {
        checkpointMs ?? origin?.originMs ?? fills.map(\.timeMs).min()
    }

    mutating func add(_ record: JournalRecord<Fill>) {
        switch record {
        case .fill(let fill): fills.append(fill)
        case .origin(let value): if origin == nil { origin = value }
        case .baseline(let value): baselines.append(value)
        case .checkpoint(let value): checkpointMs = max(checkpointMs ?? .min, value.processedMs)
        case .run(let value): lastRun = value
        }
    }
}
