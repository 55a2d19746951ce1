import LighterProtocol

/// One fill of one of our orders, reported exactly once whatever the number of sources
/// (account_orders, account_all_orders, account_all_trades, REST) that showed it.
public struct FillEvent: Sendable, Hashable, Codable {
    /// Where the fill was first seen.
    public enum Source: String, Sendable, Hashable, Codable {
        case accountOrders = "account_orders"
        case accountAllOrders = "account_all_orders"
        case accountAllTrades = "account_all_trades"
        /// REST reconciliation after a (re)connect.
        case rest
    }

    /// The venue's index of the order that filled.
    public var orderIndex: Int64
    /// The order's client order index (0 when it had none).
    public var clientOrderIndex: Int64
    /// The order's market.
    public var market: Int
    /// True for a sell.
    public var isAsk: Bool
    /// This fill's base amount.
    public var size: FixedDecimal
    /// This fill's average price.
    public var price: FixedDecimal
    /// The order's cumulative filled base amount after this fill.
    public var cumulativeFilled: FixedDecimal
    /// The order's cumulative filled quote amount after this fill.
    public var cumulativeQuote: FixedDecimal
    /// The order's status when the fill was seen (wire spelling), when known.
    public var status: String?
    /// Milliseconds since the epoch: the venue's time when known, else the time it was seen.
    public var timeMs: Int64
    /// Where the fill was first seen.
    public var source: Source
    /// True when the fill happened while the stream was down and was found through REST.
    public var recovered: Bool

    /// Every field as documented on its property.
    public init(orderIndex: Int64, clientOrderIndex: Int64, market: Int, isAsk: Bool, size: FixedDecimal,
                price: FixedDecimal, cumulativeFilled: FixedDecimal, cumulativeQuote: FixedDecimal, status: String?,
                timeMs: Int64, source: Source, recovered: Bool) {
        self.orderIndex = orderIndex; self.clientOrderIndex = clientOrderIndex; self.market = market
        self.isAsk = isAsk; self.size = size; self.price = price; self.cumulativeFilled = cumulativeFilled
        self.cumulativeQuote = cumulativeQuote; self.status = status; self.timeMs = timeMs; self.source = source
        self.recovered = recovered
    }

    /// `buy` or `sell`.
    public var side: String { isAsk ? "sell" : "buy" }

    /// The order's average fill price so far.
    public var averagePrice: FixedDecimal? { cumulativeQuote.divided(by: cumulativeFilled) }
}
