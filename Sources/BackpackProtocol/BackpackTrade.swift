import LighterProtocol

/// A `trade.<symbol>` frame: one public trade.
public struct BackpackTrade: Sendable, Hashable {
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// `p`.
    public var price: FixedDecimal
    /// `q`.
    public var quantity: FixedDecimal
    /// `b`: the buyer's order id.
    public var buyerOrderID: String
    /// `a`: the seller's order id.
    public var sellerOrderID: String
    /// `t`: sequential per symbol.
    public var tradeID: Int64
    /// `m`: the buyer was the maker.
    public var buyerIsMaker: Bool
    /// `E`, microseconds.
    public var eventTime: Int64
    /// `T`, microseconds.
    public var engineTime: Int64

    /// Creates a value from its parts.
    public init(symbol: String, price: FixedDecimal, quantity: FixedDecimal, buyerOrderID: String, sellerOrderID: String,
                tradeID: Int64, buyerIsMaker: Bool, eventTime: Int64, engineTime: Int64) {
        self.symbol = symbol; self.price = price; self.quantity = quantity; self.buyerOrderID = buyerOrderID
        self.sellerOrderID = sellerOrderID; self.tradeID = tradeID; self.buyerIsMaker = buyerIsMaker
        self.eventTime = eventTime; self.engineTime = engineTime
    }
}
