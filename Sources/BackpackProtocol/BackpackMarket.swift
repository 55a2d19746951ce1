import LighterProtocol

/// A market as `GET /api/v1/markets` and `GET /api/v1/market` describe it: the fields a hedge
/// bot needs (symbol, type, state, tick, step, minimum), read from the venue's nested
/// `filters`. Keys the type does not model are ignored on decoding.
public struct BackpackMarket: Sendable, Hashable {
    /// `ETH_USDC_PERP`.
    public var symbol: String
    /// The base asset (`ETH`).
    public var baseSymbol: String
    /// The quote asset (`USDC`).
    public var quoteSymbol: String
    /// `PERP`, `SPOT`, `IPERP`, `DATED`, `PREDICTION`, `RFQ`.
    public var marketType: String
    /// `Open`, `Closed`, `CancelOnly`, `LimitOnly`, `PostOnly`.
    public var orderBookState: String
    /// Whether the venue lists the market.
    public var visible: Bool
    /// Every price is a multiple of this.
    public var tickSize: FixedDecimal
    /// The lowest price accepted.
    public var minPrice: FixedDecimal?
    /// The highest price accepted.
    public var maxPrice: FixedDecimal?
    /// Every quantity is a multiple of this.
    public var stepSize: FixedDecimal
    /// The smallest quantity accepted (for perps also where a position is closed).
    public var minQuantity: FixedDecimal
    /// The largest quantity accepted, when there is a limit.
    public var maxQuantity: FixedDecimal?
    /// Milliseconds between fundings (perps); the venue has sent it as a number and as a string.
    public var fundingIntervalMs: Int64?
    /// The naive UTC time the venue writes (`2025-01-21T06:34:54.691858`), kept as text.
    public var createdAt: String?

    /// Creates a value from its parts.
    public init(symbol: String, baseSymbol: String, quoteSymbol: String, marketType: String = "PERP",
                orderBookState: String = "Open", visible: Bool = true, tickSize: FixedDecimal,
                minPrice: FixedDecimal? = nil, maxPrice: FixedDecimal? = nil, stepSize: FixedDecimal,
                minQuantity: FixedDecimal, maxQuantity: FixedDecimal? = nil, fundingIntervalMs: Int64? = 3_600_000,
                createdAt: String? = nil) {
        self.symbol = symbol; self.baseSymbol = baseSymbol; self.quoteSymbol = quoteSymbol
        self.marketType = marketType; self.orderBookState = orderBookState; self.visible = visible
        self.tickSize = tickSize; self.minPrice = minPrice; self.maxPrice = maxPrice
        self.stepSize = stepSize; self.minQuantity = minQuantity; self.maxQuantity = maxQuantity
        self.fundingIntervalMs = fundingIntervalMs; self.createdAt = createdAt
    }

    /// True for a perpetual future.
    public var isPerp: Bool { marketType == "PERP" }
    /// Fraction digits of the tick: how the WebSocket pads prices.
    public var priceDecimals: Int { BackpackDecimal.fractionDigits(of: tickSize) }
    /// Fraction digits of the step: how the WebSocket pads quantities.
    public var quantityDecimals: Int { BackpackDecimal.fractionDigits(of: stepSize) }
    /// How the WebSocket pads this market's numbers.
    public var padding: BackpackPadding { BackpackPadding(price: priceDecimals, quantity: quantityDecimals) }
}

/// Fraction digits the WebSocket pads a market's prices and quantities to.
public struct BackpackPadding: Sendable, Hashable {
    /// Fraction digits of prices (the tick's).
    public var price: Int
    /// Fraction digits of quantities (the step's).
    public var quantity: Int
    /// Quote amounts (`Z`, fees): USDC's six digits.
    public static let quote = 6

    /// Creates a value from its parts.
    public init(price: Int, quantity: Int) { self.price = price; self.quantity = quantity }
}

extension BackpackMarket: Codable {
    enum CodingKeys: String, CodingKey {
        case symbol, baseSymbol, quoteSymbol, marketType, orderBookState, visible, filters, fundingInterval, createdAt
    }

    enum FilterKeys: String, CodingKey { case price, quantity }
    enum PriceKeys: String, CodingKey { case tickSize, minPrice, maxPrice }
    enum QuantityKeys: String, CodingKey { case stepSize, minQuantity, maxQuantity }

    /// Reads the venue's shape.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        baseSymbol = try c.decode(String.self, forKey: .baseSymbol)
        quoteSymbol = try c.decode(String.self, forKey: .quoteSymbol)
        marketType = try c.decode(String.self, forKey: .marketType)
        orderBookState = try c.decodeIfPresent(String.self, forKey: .orderBookState) ?? "Open"
        visible = try c.decodeIfPresent(Bool.self, forKey: .visible) ?? true
        fundingIntervalMs = try c.flexibleInt64IfPresent(forKey: .fundingInterval)
        createdAt = try c.decodeIfPresent(String.self, forKey: .createdAt)
        let filters = try c.nestedContainer(keyedBy: FilterKeys.self, forKey: .filters)
        let price = try filters.nestedContainer(keyedBy: PriceKeys.self, forKey: .price)
        tickSize = try price.decode(FixedDecimal.self, forKey: .tickSize)
        minPrice = try price.decodeIfPresent(FixedDecimal.self, forKey: .minPrice)
        maxPrice = try price.decodeIfPresent(FixedDecimal.self, forKey: .maxPrice)
        let quantity = try filters.nestedContainer(keyedBy: QuantityKeys.self, forKey: .quantity)
        stepSize = try quantity.decode(FixedDecimal.self, forKey: .stepSize)
        minQuantity = try quantity.decode(FixedDecimal.self, forKey: .minQuantity)
        maxQuantity = try quantity.decodeIfPresent(FixedDecimal.self, forKey: .maxQuantity)
    }

    /// The venue's shape: every filter key present, `null` where the market has no value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(symbol, forKey: .symbol)
        try c.encode(baseSymbol, forKey: .baseSymbol)
        try c.encode(quoteSymbol, forKey: .quoteSymbol)
        try c.encode(marketType, forKey: .marketType)
        try c.encode(orderBookState, forKey: .orderBookState)
        try c.encode(visible, forKey: .visible)
        try c.encode(fundingIntervalMs, forKey: .fundingInterval)
        try c.encode(createdAt, forKey: .createdAt)
        var filters = c.nestedContainer(keyedBy: FilterKeys.self, forKey: .filters)
        var price = filters.nestedContainer(keyedBy: PriceKeys.self, forKey: .price)
        try price.encode(tickSize, forKey: .tickSize)
        try price.encode(minPrice, forKey: .minPrice)
        try price.encode(maxPrice, forKey: .maxPrice)
        var quantity = filters.nestedContainer(keyedBy: QuantityKeys.self, forKey: .quantity)
        try quantity.encode(stepSize, forKey: .stepSize)
        try quantity.encode(minQuantity, forKey: .minQuantity)
        try quantity.encode(maxQuantity, forKey: .maxQuantity)
    }
}
