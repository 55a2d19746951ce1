import LighterProtocol

/// What `BackpackOrderBook.apply` did with a depth update.
public enum BackpackBookResult: Sendable, Equatable {
    /// The update continued the chain and was applied.
    case applied
    /// `U` was not the book's `u + 1`: updates were lost. The book is cleared and unsynced;
    /// the caller must take a fresh REST snapshot. `expected` is the `U` the book wanted.
    case gap(expected: Int64, received: Int64)
    /// The update ends at or before the book's last id (a replay, or the snapshot was ahead).
    case stale(lastUpdateID: Int64)
    /// No snapshot yet, or the book was cleared by a gap.
    case notSynced
    /// The update is for another symbol.
    case wrongSymbol(String)
}

/// One market's book kept from `GET /api/v1/depth` and the `depth.<symbol>` stream.
///
/// Sides are kept best first (bids descending, asks ascending) whatever order the input had;
/// levels are keyed by numeric price, so REST's `"86700"` and the stream's `"86700.0"` are the
/// same level. The level store and its edit rules are `LighterProtocol.OrderBook`'s (absolute
/// sizes, 0 deletes, negative sizes skipped, last duplicate wins); this type adds Backpack's
/// continuity rules:
/// - after a snapshot at id `L`, the first update applies when `U <= L + 1 <= u` (an
///   aggregated update may straddle the snapshot); updates with `u <= L` are stale;
/// - after that, an update applies only when `U == previous u + 1`, else it is a gap.
public struct BackpackOrderBook: Sendable {
    /// The market, as `ETH_USDC_PERP`.
    public let symbol: String
    private var levels = OrderBook(market: 0)
    /// True between a snapshot and the first update applied on top of it.
    private var awaitingFirstUpdate = false

    /// Creates a value from its parts.
    public init(symbol: String) { self.symbol = symbol }

    /// The id of the last update the book contains; nil before a snapshot and after a gap.
    public var lastUpdateID: Int64? { levels.nonce }
    /// True once seeded and until a gap.
    public var isSynced: Bool { levels.isSynced }
    /// Best (highest) first.
    public var bids: [PriceLevel] { levels.bids }
    /// Best (lowest) first.
    public var asks: [PriceLevel] { levels.asks }
    /// The highest bid.
    public var bestBid: PriceLevel? { levels.bestBid }
    /// The lowest ask.
    public var bestAsk: PriceLevel? { levels.bestAsk }
    /// Midpoint of the touch.
    public var mid: FixedDecimal? { levels.mid }
    /// True when the best bid is at or above the best ask: lost or misapplied updates.
    public var isCrossed: Bool { levels.isCrossed }

    /// Replaces the book with a REST snapshot.
    public mutating func apply(_ snapshot: BackpackDepthSnapshot) {
        _ = levels.apply(OrderBookFrame(market: 0, isSnapshot: true, offset: 0, nonce: snapshot.lastUpdateID,
                                        beginNonce: nil, asks: snapshot.asks, bids: snapshot.bids.reversed()))
        awaitingFirstUpdate = true
    }

    /// Applies one depth update under the continuity rules.
    public mutating func apply(_ update: BackpackDepthUpdate) -> BackpackBookResult {
        guard update.symbol == symbol else { return .wrongSymbol(update.symbol) }
        guard let last = levels.nonce else { return .notSynced }
        if update.lastUpdateID <= last { return .stale(lastUpdateID: update.lastUpdateID) }
        // The chain rule in the level store's terms: an update starting at U continues a book at U - 1.
        var begin = update.firstUpdateID &- 1
        if awaitingFirstUpdate, update.firstUpdateID <= last &+ 1 { begin = last }
        let result = levels.apply(OrderBookFrame(market: 0, isSnapshot: false, offset: 0, nonce: update.lastUpdateID,
                                                 beginNonce: begin, asks: update.asks, bids: update.bids))
        switch result {
        case .applied:
            awaitingFirstUpdate = false
            return .applied
        case .gap:
            awaitingFirstUpdate = false
            return .gap(expected: last &+ 1, received: update.firstUpdateID)
        case .stale(let nonce):
            return .stale(lastUpdateID: nonce)
        case .snapshot, .notSynced, .wrongMarket:
            return .notSynced
        }
    }

    /// Forgets every level; the next useful input is a snapshot.
    public mutating func reset() {
        levels.reset()
        awaitingFirstUpdate = false
    }

    /// Total size of the best `count` levels on a side.
    public func depth(_ side: BackpackSide, levels count: Int) -> FixedDecimal {
        levels.depth(side == .bid ? .bid : .ask, levels: count)
    }
}

/// How a REST snapshot lined up with the updates buffered while it was fetched.
public enum BackpackDepthAlignment: Sendable, Equatable {
    /// The book is seeded and every buffered update after the snapshot was applied
    /// (`applied` of them; `staleDropped` were at or before it).
    case synced(applied: Int, staleDropped: Int)
    /// The oldest update after the snapshot starts beyond `lastUpdateID + 1`: the snapshot is
    /// older than the stream. Fetch another one.
    case snapshotTooOld(snapshotID: Int64, firstU: Int64)
    /// The buffer itself has a hole after the snapshot: take a new snapshot.
    case gap(expected: Int64, received: Int64)
}

extension BackpackOrderBook {
    /// Seeds a book from `snapshot` and the depth updates buffered since subscribing (oldest
    /// first): updates with `u <= lastUpdateId` are dropped, the first one kept must straddle
    /// `lastUpdateId + 1`, the rest must chain. Pure: the caller decides whether to wait for
    /// more updates or refetch. On anything but `.synced` the returned book is not synced.
    public static func aligned(symbol: String, snapshot: BackpackDepthSnapshot,
                               buffered: [BackpackDepthUpdate]) -> (book: BackpackOrderBook, outcome: BackpackDepthAlignment) {
        var book = BackpackOrderBook(symbol: symbol)
        book.apply(snapshot)
        var applied = 0
        var stale = 0
        for update in buffered where update.symbol == symbol {
            switch book.apply(update) {
            case .applied:
                applied += 1
            case .stale:
                stale += 1
            case .gap(let expected, let received):
                book.reset()
                if applied == 0 {
                    return (book, .snapshotTooOld(snapshotID: snapshot.lastUpdateID, firstU: received))
                }
                return (book, .gap(expected: expected, received: received))
            case .notSynced, .wrongSymbol:
                break
            }
        }
        return (book, .synced(applied: applied, staleDropped: stale))
    }
}
