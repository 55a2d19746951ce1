import LighterProtocol

/// `GET /api/v1/ticker`: 24-hour statistics. `trades` is a count written as a string.
public struct BackpackTicker: Sendable, Hashable, Codable {
    public var symbol: String
    public var firstPrice: FixedDecimal
    public var lastPrice: FixedDecimal
    public var priceChange: FixedDecimal
    public var priceChangePercent: FixedDecimal
    public var high: FixedDecimal
    public var low: FixedDecimal
    public var volume: FixedDecimal
    public var quoteVolume: FixedDecimal
    public var trades: String

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
    public var symbol: String
    public var markPrice: FixedDecimal
    public var indexPrice: FixedDecimal
    public var fundingRate: FixedDecimal
    /// Milliseconds.
    public var nextFundingTimestamp: Int64

    public init(symbol: String, markPrice: FixedDecimal, indexPrice: FixedDecimal, fundingRate: FixedDecimal,
                nextFundingTimestamp: Int64) {
        self.symbol = symbol; self.markPrice = markPrice; self.indexPrice = indexPrice; self.fundingRate = fundingRate
        self.nextFundingTimestamp = nextFundingTimestamp
    }
}

/// `GET /api/v1/status`: `{"message":null,"status":"Ok"}` (`Ok` or `Maintenance`).
public struct BackpackStatus: Sendable, Hashable, Codable {
    public var status: String
    public var message: String?

    public init(status: String = "Ok", message: String? = nil) { self.status = status; self.message = message }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(message, forKey: .message)
        try c.encode(status, forKey: .status)
    }
}

/// `GET /api/v1/account`: fees in basis points and account settings.
public struct BackpackAccountSettings: Sendable, Hashable, Codable {
    public var autoBorrowSettlements: Bool
    public var autoLend: Bool
    public var autoRealizePnl: Bool
    public var autoRepayBorrows: Bool
    public var borrowLimit: FixedDecimal
    /// Basis points.
    public var futuresMakerFee: FixedDecimal
    /// Basis points.
    public var futuresTakerFee: FixedDecimal
    public var leverageLimit: FixedDecimal
    public var limitOrders: Int
    public var liquidating: Bool
    public var positionLimit: FixedDecimal
    public var spotMakerFee: FixedDecimal
    public var spotTakerFee: FixedDecimal
    public var triggerOrders: Int

    public init(futuresMakerFee: FixedDecimal = 2, futuresTakerFee: FixedDecimal = 5, leverageLimit: FixedDecimal = 10,
                limitOrders: Int = 0, triggerOrders: Int = 0) {
        autoBorrowSettlements = true; autoLend = false; autoRealizePnl = true; autoRepayBorrows = true
        borrowLimit = 1_000_000; positionLimit = 1_000_000; spotMakerFee = 8; spotTakerFee = 10; liquidating = false
        self.futuresMakerFee = futuresMakerFee; self.futuresTakerFee = futuresTakerFee
        self.leverageLimit = leverageLimit; self.limitOrders = limitOrders; self.triggerOrders = triggerOrders
    }
}
