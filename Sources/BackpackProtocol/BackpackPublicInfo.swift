import LighterProtocol

/// `GET /api/v1/ticker`: 24-hour statistics. `trades` is a count written as a string.
public struct BackpackTicker: Sendable, Hashable, Codable {
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// Price 24 hours ago.
    public var firstPrice: FixedDecimal
    /// Last trade price.
    public var lastPrice: FixedDecimal
    /// Change over 24 hours.
    public var priceChange: FixedDecimal
    /// Change as a fraction.
    public var priceChangePercent: FixedDecimal
    /// 24-hour high.
    public var high: FixedDecimal
    /// 24-hour low.
    public var low: FixedDecimal
    /// 24-hour base volume.
    public var volume: FixedDecimal
    /// 24-hour quote volume.
    public var quoteVolume: FixedDecimal
    /// Trade count, written as a string.
    public var trades: String

    /// Creates a value from its parts.
    public init(symbol: String, firstPrice: FixedDecimal, lastPrice: FixedDecimal, priceChange: FixedDecimal,
                priceChangePercent: FixedDecimal, high: FixedDecimal, low: FixedDecimal, volume: FixedDecimal,
                quoteVolume: FixedDecimal, trades: String) {
        self.symbol = symbol; self.firstPrice = firstPrice; self.lastPrice = lastPrice; self.priceChange = priceChange
        self.priceChangePercent = priceChangePercent; self.high = high; self.low = low; self.volume = volume
        self.quoteVolume = quoteVolume; self.trades = trades
    }
}

/// One element of `GET /api/v1/markPrices`.
public struct BackpackMarkPrice: Sendable, Hashable, Codable {
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// The mark price.
    public var markPrice: FixedDecimal
    /// The index price.
    public var indexPrice: FixedDecimal
    /// The funding rate of the interval.
    public var fundingRate: FixedDecimal
    /// Milliseconds.
    public var nextFundingTimestamp: Int64

    /// Creates a value from its parts.
    public init(symbol: String, markPrice: FixedDecimal, indexPrice: FixedDecimal, fundingRate: FixedDecimal,
                nextFundingTimestamp: Int64) {
        self.symbol = symbol; self.markPrice = markPrice; self.indexPrice = indexPrice; self.fundingRate = fundingRate
        self.nextFundingTimestamp = nextFundingTimestamp
    }
}

/// `GET /api/v1/status`: `{"message":null,"status":"Ok"}` (`Ok` or `Maintenance`).
public struct BackpackStatus: Sendable, Hashable, Codable {
    /// The state.
    public var status: String
    /// The human-readable reason.
    public var message: String?

    /// Creates a value from its parts.
    public init(status: String = "Ok", message: String? = nil) { self.status = status; self.message = message }

    /// Writes the venue's shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(message, forKey: .message)
        try c.encode(status, forKey: .status)
    }
}

/// `GET /api/v1/account`: fees in basis points and account settings.
public struct BackpackAccountSettings: Sendable, Hashable, Codable {
    /// Account setting.
    public var autoBorrowSettlements: Bool
    /// Account setting.
    public var autoLend: Bool
    /// Account setting.
    public var autoRealizePnl: Bool
    /// Account setting.
    public var autoRepayBorrows: Bool
    /// Borrow limit.
    public var borrowLimit: FixedDecimal
    /// Basis points.
    public var futuresMakerFee: FixedDecimal
    /// Basis points.
    public var futuresTakerFee: FixedDecimal
    /// Maximum leverage.
    public var leverageLimit: FixedDecimal
    /// Open limit orders.
    public var limitOrders: Int
    /// True while the account is being liquidated.
    public var liquidating: Bool
    /// Position limit.
    public var positionLimit: FixedDecimal
    /// Spot maker fee, basis points.
    public var spotMakerFee: FixedDecimal
    /// Spot taker fee, basis points.
    public var spotTakerFee: FixedDecimal
    /// Open trigger orders.
    public var triggerOrders: Int

    /// Creates a value from its parts.
    public init(futuresMakerFee: FixedDecimal = 2, futuresTakerFee: FixedDecimal = 5, leverageLimit: FixedDecimal = 10,
                limitOrders: Int = 0, triggerOrders: Int = 0) {
        autoBorrowSettlements = true; autoLend = false; autoRealizePnl = true; autoRepayBorrows = true
        borrowLimit = 1_000_000; positionLimit = 1_000_000; spotMakerFee = 8; spotTakerFee = 10; liquidating = false
        self.futuresMakerFee = futuresMakerFee; self.futuresTakerFee = futuresTakerFee
        self.leverageLimit = leverageLimit; self.limitOrders = limitOrders; self.triggerOrders = triggerOrders
    }
}
