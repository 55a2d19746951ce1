import LighterProtocol

/// One of our orders as the venue last showed it: its status and cumulative amounts, keyed by
/// its client order index, so whoever placed it learns its fate (filled, partly filled then
/// `canceled-*`, or canceled with nothing) from the stream or from REST.
public struct OrderUpdate: Sendable, Hashable {
    /// The venue's order index.
    public var orderIndex: Int64
    /// The order's client order index (0 when it had none).
    public var clientOrderIndex: Int64
    /// The order's market.
    public var market: Int
    /// True for a sell.
    public var isAsk: Bool
    /// The order's status as last shown.
    public var status: OrderStatus
    /// The size the order was placed with.
    public var initialBaseAmount: FixedDecimal
    /// Cumulative.
    public var filledBaseAmount: FixedDecimal
    /// Cumulative.
    public var filledQuoteAmount: FixedDecimal
    /// Milliseconds since the epoch, when the venue said.
    public var timeMs: Int64?
    /// Where it was seen.
    public var source: FillEvent.Source

    /// The update for `order` as seen on `source`.
    public init(_ order: Order, source: FillEvent.Source) {
        orderIndex = order.orderIndex
        clientOrderIndex = order.clientOrderIndex
        market = order.marketIndex
        isAsk = order.isAsk
        status = order.status
        initialBaseAmount = order.initialBaseAmount
        filledBaseAmount = order.filledBaseAmount
        filledQuoteAmount = order.filledQuoteAmount
        timeMs = order.timestampMilliseconds
        self.source = source
    }
}
