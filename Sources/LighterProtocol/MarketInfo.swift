/// A market as `GET /api/v1/orderBooks` lists it.
public struct MarketInfo: Sendable, Hashable {
    /// The market index (perps from 0, spot from 2048).
    public var id: Int
    /// The market's symbol (`ETH`).
    public var symbol: String
    /// `perp` or `spot`.
    public var marketType: String
    /// `active` or another state as the venue spells it.
    public var status: String
    /// Fraction digits of sizes: one lot is 10^-sizeDecimals.
    public var sizeDecimals: Int
    /// Fraction digits of prices: one tick is 10^-priceDecimals.
    public var priceDecimals: Int
    /// The smallest order size, when the venue lists it.
    public var minBaseAmount: FixedDecimal?

    /// Every field as documented on its property.
    public init(id: Int, symbol: String, marketType: String, status: String, sizeDecimals: Int, priceDecimals: Int,
                minBaseAmount: FixedDecimal? = nil) {
        self.id = id; self.symbol = symbol; self.marketType = marketType; self.status = status
        self.sizeDecimals = sizeDecimals; self.priceDecimals = priceDecimals; self.minBaseAmount = minBaseAmount
    }

    /// A spot book (by its type, or its index: see `MarketIndexClass`); a perp hedge on one is a mistake.
    public var isSpot: Bool { marketType == "spot" || MarketIndexClass(id) == .spot }
    /// `sizeDecimals` and `priceDecimals` together.
    public var decimals: MarketDecimals { MarketDecimals(size: sizeDecimals, price: priceDecimals) }
}
