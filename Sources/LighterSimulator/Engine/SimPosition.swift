import LighterProtocol

/// One account's position in one market, in the shape of REST `account.positions[]`.
public struct SimPosition: Sendable, Hashable {
    /// The market.
    public var marketID: Int
    /// The market's symbol.
    public var symbol: String
    /// 1 long, -1 short, 0 flat.
    public var sign: Int
    /// Unsigned size; signed size is `sign × position`.
    public var position: FixedDecimal
    /// Cost basis ÷ size, cut to 8 digits; zero when flat.
    public var avgEntryPrice: FixedDecimal
    /// |position| × mid.
    public var positionValue: FixedDecimal
    /// Profit of the open size at the mid (the start price while the book has none): long value −
    /// cost, short cost − value; zero when flat.
    public var unrealizedPnl: FixedDecimal
    /// Profit booked by closing trades since the start.
    public var realizedPnl: FixedDecimal
    /// The account's resting orders in the market.
    public var openOrderCount: Int
    /// Percent, as the venue writes it ("5.00" = 20x).
    public var initialMarginFraction: FixedDecimal
    /// 0 cross, 1 isolated, as the venue numbers them; always cross here.
    public var marginMode: Int
    /// Margin allocated to an isolated position; zero for cross.
    public var allocatedMargin: FixedDecimal

    /// Every field as documented on its property.
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
