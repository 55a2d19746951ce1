import Journaling
import LighterProtocol

/// Lighter's fill journal: the venue-independent `Journal` holding `FillEvent`s, with a
/// baseline per order that was partly filled when the history began.
public typealias FillJournal = Journal<FillEvent>
/// What a Lighter fill journal holds.
public typealias FillJournalContents = JournalContents<FillEvent>
/// One line of a Lighter fill journal.
public typealias FillJournalRecord = JournalRecord<FillEvent>
/// Why a journal could not be opened, written or read.
public typealias FillJournalError = JournalError

extension FillEvent: JournaledFill {
    /// What a Lighter order had filled before the journal began.
    public typealias Baseline = OrderBaseline
}

/// What an order still open at the journal's origin had already filled: history, not news,
/// when the order fills further after the origin.
public struct OrderBaseline: Sendable, Hashable, Codable {
    /// The venue's order index.
    public var orderIndex: Int64
    /// The order's market.
    public var market: Int
    /// True for a sell.
    public var isAsk: Bool
    /// Base filled before the origin.
    public var filled: FixedDecimal
    /// Quote filled before the origin.
    public var quote: FixedDecimal

    /// Every field as documented on its property.
    public init(orderIndex: Int64, market: Int, isAsk: Bool, filled: FixedDecimal, quote: FixedDecimal) {
        self.orderIndex = orderIndex; self.market = market; self.isAsk = isAsk
        self.filled = filled; self.quote = quote
    }
}
