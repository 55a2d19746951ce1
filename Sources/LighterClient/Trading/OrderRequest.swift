import LighterProtocol

/// An order to place on Lighter, in decimals: the trader scales it by the market's decimals
/// exactly (a value with more digits than the market allows is refused, never rounded here).
public struct OrderRequest: Sendable, Hashable {
    /// Limit or market.
    public enum Kind: Sendable, Hashable {
        case limit
        /// `price` is then the worst acceptable price.
        case market
    }

    /// How long the order may rest.
    public enum TimeInForce: Sendable, Hashable {
        case immediateOrCancel
        /// Rests until `expiryMs` (nil: 28 days).
        case goodTillTime(expiryMs: Int64?)
        /// Rests, never takes; `expiryMs` as for good-till-time.
        case postOnly(expiryMs: Int64?)
    }

    /// The market, whose decimals scale `size` and `price`.
    public var market: MarketInfo
    /// True for a sell.
    public var isAsk: Bool
    /// Base amount, with at most the market's size decimals.
    public var size: FixedDecimal
    /// Limit price (worst price for a market order), with at most the market's price decimals.
    public var price: FixedDecimal
    /// Limit or market.
    public var kind: Kind
    /// Immediate-or-cancel unless told otherwise.
    public var timeInForce: TimeInForce
    /// True when the order may only shrink the position.
    public var reduceOnly: Bool
    /// Nil: the trader picks one that is unique across runs.
    public var clientOrderIndex: Int64?
    /// How long the signed transaction may still be executed after it is signed (its
    /// `ExpiredAt`), in milliseconds: the venue's default window is 10 minutes. A hedge wants a
    /// short one, so that a transaction whose answer was lost cannot execute much later.
    public var validForMs: Int64 = OrderRequest.defaultValidForMs

    /// The SDK's window: 10 minutes, less a second.
    public static let defaultValidForMs: Int64 = 599_000

    /// An order as documented on each property; nothing is checked until `LighterTrader.place`.
    public init(market: MarketInfo, isAsk: Bool, size: FixedDecimal, price: FixedDecimal, kind: Kind = .limit,
                timeInForce: TimeInForce = .immediateOrCancel, reduceOnly: Bool = false, clientOrderIndex: Int64? = nil) {
        self.market = market; self.isAsk = isAsk; self.size = size; self.price = price; self.kind = kind
        self.timeInForce = timeInForce; self.reduceOnly = reduceOnly; self.clientOrderIndex = clientOrderIndex
    }
}
