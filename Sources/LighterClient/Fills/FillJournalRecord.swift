import LighterProtocol

/// The lines of a fill journal that are not fills: where the watched history begins, what was
/// already filled at that moment, how far each run got, and which process holds the journal.
/// Each carries a `kind` key; a fill line has none, so journals written before these marks
/// existed read unchanged.
public enum FillJournalRecord: Sendable, Hashable {
    /// The first mark of a journal: fills are reported from `originMs` on (venue time), never
    /// a fill from before it.
    public struct Origin: Sendable, Hashable, Codable {
        /// How the origin was chosen.
        public enum Basis: String, Sendable, Hashable, Codable {
            /// Just after the newest order or trade the venue listed for the account.
            case venue
            /// The local clock: the venue could not be asked (no token, REST down).
            case clock
            /// Set further back on purpose (`--since`).
            case since
        }
        public var kind = "origin"
        public var account: Int64
        public var market: Int
        /// Venue milliseconds: an order or trade at or after this time is news.
        public var originMs: Int64
        /// Local clock when the journal was created.
        public var createdMs: Int64
        public var basis: Basis

        public init(account: Int64, market: Int, originMs: Int64, createdMs: Int64, basis: Basis) {
            self.account = account; self.market = market; self.originMs = originMs
            self.createdMs = createdMs; self.basis = basis
        }
    }

    /// What an order still open at the origin had already filled: history, not news, when the
    /// order fills further after the origin.
    public struct Baseline: Sendable, Hashable, Codable {
        public var kind = "baseline"
        public var orderIndex: Int64
        public var market: Int
        public var isAsk: Bool
        public var filled: FixedDecimal
        public var quote: FixedDecimal

        public init(orderIndex: Int64, market: Int, isAsk: Bool, filled: FixedDecimal, quote: FixedDecimal) {
            self.orderIndex = orderIndex; self.market = market; self.isAsk = isAsk
            self.filled = filled; self.quote = quote
        }
    }

    /// Every fill up to `processedMs` (venue time, less a safety margin) is in the journal: the
    /// next run's reconciliation pages back to here.
    public struct Checkpoint: Sendable, Hashable, Codable {
        public var kind = "checkpoint"
        public var processedMs: Int64
        public init(processedMs: Int64) { self.processedMs = processedMs }
    }

    /// A process opened the journal: names the holder when a second one is refused.
    public struct Run: Sendable, Hashable, Codable {
        public var kind = "run"
        public var pid: Int32
        public var startedMs: Int64
        public init(pid: Int32, startedMs: Int64) { self.pid = pid; self.startedMs = startedMs }
    }

    case fill(FillEvent)
    case origin(Origin)
    case baseline(Baseline)
    case checkpoint(Checkpoint)
    case run(Run)
}

/// What a journal holds, read in one pass.
public struct FillJournalContents: Sendable, Hashable {
    /// Nil for a new journal, or one written before origins were recorded.
    public var origin: FillJournalRecord.Origin?
    public var fills: [FillEvent] = []
    public var baselines: [FillJournalRecord.Baseline] = []
    /// The newest checkpoint.
    public var checkpointMs: Int64?
    /// The last process that opened the journal.
    public var lastRun: FillJournalRecord.Run?

    public init(origin: FillJournalRecord.Origin? = nil) { self.origin = origin }

    /// Where the next run's reconciliation must page back to: the last checkpoint, else the
    /// origin, else the oldest fill.
    public var resumeFromMs: Int64? {
        checkpointMs ?? origin?.originMs ?? fills.map(\.timeMs).min()
    }

    mutating func add(_ record: FillJournalRecord) {
        switch record {
        case .fill(let fill): fills.append(fill)
        case .origin(let value): if origin == nil { origin = value }
        case .baseline(let value): baselines.append(value)
        case .checkpoint(let value): checkpointMs = max(checkpointMs ?? .min, value.processedMs)
        case .run(let value): lastRun = value
        }
    }
}
