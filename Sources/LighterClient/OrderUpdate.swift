import LighterProtocol

/// One of our orders as the venue last showed it: its status and cumulative amounts, keyed by
/// its client order index, so whoever placed it learns its fate (filled, partly filled then
/// `canceled-*`, or canceled with nothing) from the stream or from REST.
public struct OrderUpdate: Sendable, Hashable {
    public var orderIndex: Int64
    public var clientOrderIndex: Int64
    public var market: Int
    /// True for a sell.
    public var isAsk: Bool
    public var status: OrderStatus
    public var initialBaseAmount: FixedDecimal
    /// Cumulative.
    public var filledBaseAmount: FixedDecimal
    /// Cumulative.
    public var filledQuoteAmount: FixedDecimal
    /// Milliseconds since the epoch, when the venue said.
    public var timeMs: Int64?
    /// Where it was seen.
    public var source: FillEvent.Source

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
