import LighterProtocol

/// What the engine tells the server layer to publish.
public enum EngineEvent: Sendable, Hashable {
    /// An `update/order_book` (never a snapshot: those come from `snapshot(market:nowMs:)`).
    case book(OrderBookFrame)
    /// An order changed: accepted, filled (partly or fully), canceled. Carries the whole order.
    case orderUpdated(Order)
    case trade(Trade)
}

/// A transaction the engine accepted, and everything it caused.
public struct TxAccepted: Sendable, Hashable {
    public var txHash: String
    public var events: [EngineEvent]
    public init(txHash: String, events: [EngineEvent]) { self.txHash = txHash; self.events = events }
}

/// One page of a history the REST API pages through, newest first.
public struct HistoryPage<Item> {
    /// This page's entries, newest first.
    public var items: [Item]
    /// Where the next (older) page starts; nil on the last page.
    public var nextCursor: Int64?

    /// A page of `items` followed by the page at `nextCursor`.
    public init(items: [Item], nextCursor: Int64?) { self.items = items; self.nextCursor = nextCursor }

    /// Walks `entries` (oldest first, `key` strictly increasing) from the newest entry whose key
    /// is below `before`, keeping what `item` returns, up to `limit` items. The cursor is the
    /// last kept entry's key, and is given only when an older entry would be kept too.
    static func newestFirst<Entry>(_ entries: [Entry], key: (Entry) -> Int64, before: Int64?, limit: Int,
                                   item: (Entry) -> Item?) -> HistoryPage<Item> {
        // Binary search: the first entry at or above the cursor; the page starts just below it.
        var low = 0
        var high = entries.count
        if let before {
            while low < high {
                let middle = low + (high - low) / 2
                if key(entries[middle]) < before { low = middle + 1 } else { high = middle }
            }
        } else {
            low = entries.count
        }
        var items: [Item] = []
        var lastKey: Int64?
        var index = low - 1
        while index >= 0 {
            if let kept = item(entries[index]) {
                if items.count >= max(0, limit) { return HistoryPage(items: items, nextCursor: lastKey) }
                items.append(kept)
                lastKey = key(entries[index])
            }
            index -= 1
        }
        return HistoryPage(items: items, nextCursor: nil)
    }
}

extension HistoryPage: Sendable where Item: Sendable {}

/// One account's position in one market, in the shape of REST `account.positions[]`.
public struct SimPosition: Sendable, Hashable {
    public var marketID: Int
    public var symbol: String
    /// 1 long, -1 short, 0 flat.
    public var sign: Int
    /// Unsigned size; signed size is `sign × position`.
    public var position: FixedDecimal
    /// Cost basis ÷ size, cut to 8 digits; zero when flat.
    public var avgEntryPrice: FixedDecimal
    /// |position| × mid.
    public var positionValue: FixedDecimal
    public var unrealizedPnl: FixedDecimal
    public var realizedPnl: FixedDecimal
    public var openOrderCount: Int
    /// Percent, as the venue writes it ("5.00" = 20x).
    public var initialMarginFraction: FixedDecimal
    public var marginMode: Int
    public var allocatedMargin: FixedDecimal

    public init(marketID: Int, symbol: String, sign: Int, position: FixedDecimal, avgEntryPrice: FixedDecimal,
                positionValue: FixedDecimal, unrealizedPnl: FixedDecimal, realizedPnl: FixedDecimal,
                openOrderCount: Int, initialMarginFraction: FixedDecimal = 5, marginMode: Int = 0,
                allocatedMargin: FixedDecimal = .zero) {
        self.marketID = marketID; self.symbol = symbol; self.sign = sign; self.position = position
        self.avgEntryPrice = avgEntryPrice; self.positionValue = positionValue; self.unrealizedPnl = unrealizedPnl
        self.realizedPnl = realizedPnl; self.openOrderCount = openOrderCount
        self.initialMarginFraction = initialMarginFraction; self.marginMode = marginMode
        self.allocatedMargin = allocatedMargin
    }
}

/// The venue's business error codes the engine answers with (lighter-go `types/errors.go`).
public enum SimErrorCode {
    public static let invalidExpiredTime = 21000
    public static let invalidAccountIndex = 21102
    public static let invalidNonce = 21104
    public static let invalidApiKeyIndex = 21110
    /// Malformed tx_info, and values the engine cannot book exactly (21500 is "transaction not found").
    public static let invalidTxInfo = 21501
    public static let unsupportedTxType = 21505
    public static let inactiveCancel = 21600
    public static let invalidMarketIndex = 21602
    public static let invalidMarketType = 21619
    public static let invalidBaseAmount = 21701
    public static let invalidPrice = 21702
    public static let invalidIsAsk = 21703
    public static let invalidOrderType = 21704
    public static let invalidTimeInForce = 21705
    public static let invalidOrderAmount = 21706
    public static let unsupportedOrderType = 21710
    public static let invalidOrderExpiry = 21711
    public static let invalidClientOrderIndex = 21727
    public static let clientOrderIndexExists = 21728
    public static let invalidTriggerPrice = 21729
}

extension ErrorFrame {
    static func sim(_ code: Int, _ message: String) -> ErrorFrame { ErrorFrame(code: code, message: message) }
}

/// Lighter tx types the engine knows by number.
public enum SimTxType {
    public static let createOrder = 14
    public static let cancelOrder = 15
    public static let cancelAllOrders = 16
    public static let modifyOrder = 17
}
