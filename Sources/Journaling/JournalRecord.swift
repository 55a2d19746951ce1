/// A fill a journal can hold: any venue's, as long as it encodes itself and knows its time.
public protocol JournaledFill: Codable, Sendable, Hashable {
    /// What a venue records of an order that was already partly filled when the history began
    /// (history, not news, when it fills further); `Never` for venues that need none.
    associatedtype Baseline: Codable & Sendable & Hashable = Never
    /// Milliseconds since the epoch: the venue's time when known.
    var timeMs: Int64 { get }
}

/// The first mark of a journal: fills are reported from `originMs` on (venue time), never one
/// from before it.
public struct JournalOrigin: Sendable, Hashable, Codable {
    /// How the origin was chosen.
    public enum Basis: String, Sendable, Hashable, Codable {
        /// Just after the newest order or trade the venue listed for the account.
        case venue
        /// The local clock: the venue could not be asked (no token, REST down).
        case clock
        /// Set further back on purpose (`--since`).
        case since
    }
    /// `origin`: tells an origin mark from a fill, whose line has no `kind`.
    public var kind = "origin"
    /// The account's index (0 on a venue that has none: see `accountKey`).
    public var account: Int64
    /// The market's id (0 on a venue that names markets: see `symbol`).
    public var market: Int
    /// The market's name, on a venue that names markets (`ETH_USDC_PERP`).
    public var symbol: String?
    /// The account's public API key, on a venue whose accounts are known by their keys.
    public var accountKey: String?
    /// Venue milliseconds: an order or trade at or after this time is news.
    public var originMs: Int64
    /// Local clock when the journal was created.
    public var createdMs: Int64
    /// How `originMs` was chosen.
    public var basis: Basis

    /// An origin; `symbol` and `accountKey` only on venues that name markets and accounts.
    public init(account: Int64, market: Int, originMs: Int64, createdMs: Int64, basis: Basis,
                symbol: String? = nil, accountKey: String? = nil) {
        self.account = account; self.market = market; self.originMs = originMs
        self.createdMs = createdMs; self.basis = basis; self.symbol = symbol; self.accountKey = accountKey
    }
}

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

/// A process opened the journal: names the holder when a second one is refused.
public struct JournalRun: Sendable, Hashable, Codable {
    /// `run`: tells a run mark from a fill, whose line has no `kind`.
    public var kind = "run"
    /// The process that opened the journal.
    public var pid: Int32
    /// Its local wall clock when it opened it, milliseconds since the epoch.
    public var startedMs: Int64
    /// The mark of process `pid` opening the journal.
    public init(pid: Int32, startedMs: Int64) { self.pid = pid; self.startedMs = startedMs }
}

/// One line of a journal: a fill, or a mark for where the history begins, what was already
/// filled then, how far each run got, and which process holds the journal. Marks carry a
/// `kind` key; a fill line has none.
public enum JournalRecord<Fill: JournaledFill>: Sendable, Hashable {
    case fill(Fill)
    case origin(JournalOrigin)
    case baseline(Fill.Baseline)
    case checkpoint(JournalCheckpoint)
    case run(JournalRun)
}

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
