/// The status of an order, as Lighter spells it, plus a case for values it adds later.
public enum OrderStatus: Sendable, Hashable, CustomStringConvertible {
    case inProgress, pending, open, filled, canceled
    case canceledPostOnly, canceledReduceOnly, canceledPositionNotAllowed, canceledMarginNotAllowed
    case canceledTooMuchSlippage, canceledNotEnoughLiquidity, canceledSelfTrade, canceledExpired
    case canceledOCO, canceledChild, canceledLiquidation, canceledInvalidBalance
    case unknown(String)

    /// The 17 documented values, in the order of the API's enum.
    public static let known: [OrderStatus] = [
        .inProgress, .pending, .open, .filled, .canceled, .canceledPostOnly, .canceledReduceOnly,
        .canceledPositionNotAllowed, .canceledMarginNotAllowed, .canceledTooMuchSlippage,
        .canceledNotEnoughLiquidity, .canceledSelfTrade, .canceledExpired, .canceledOCO,
        .canceledChild, .canceledLiquidation, .canceledInvalidBalance,
    ]

    public init(wire: String) {
        switch wire {
        case "in-progress": self = .inProgress
        case "pending": self = .pending
        case "open": self = .open
        case "filled": self = .filled
        case "canceled": self = .canceled
        case "canceled-post-only": self = .canceledPostOnly
        case "canceled-reduce-only": self = .canceledReduceOnly
        case "canceled-position-not-allowed": self = .canceledPositionNotAllowed
        case "canceled-margin-not-allowed": self = .canceledMarginNotAllowed
        case "canceled-too-much-slippage": self = .canceledTooMuchSlippage
        case "canceled-not-enough-liquidity": self = .canceledNotEnoughLiquidity
        case "canceled-self-trade": self = .canceledSelfTrade
        case "canceled-expired": self = .canceledExpired
        case "canceled-oco": self = .canceledOCO
        case "canceled-child": self = .canceledChild
        case "canceled-liquidation": self = .canceledLiquidation
        case "canceled-invalid-balance": self = .canceledInvalidBalance
        default: self = .unknown(wire)
        }
    }

    public var wire: String {
        switch self {
        case .inProgress: "in-progress"
        case .pending: "pending"
        case .open: "open"
        case .filled: "filled"
        case .canceled: "canceled"
        case .canceledPostOnly: "canceled-post-only"
        case .canceledReduceOnly: "canceled-reduce-only"
        case .canceledPositionNotAllowed: "canceled-position-not-allowed"
        case .canceledMarginNotAllowed: "canceled-margin-not-allowed"
        case .canceledTooMuchSlippage: "canceled-too-much-slippage"
        case .canceledNotEnoughLiquidity: "canceled-not-enough-liquidity"
        case .canceledSelfTrade: "canceled-self-trade"
        case .canceledExpired: "canceled-expired"
        case .canceledOCO: "canceled-oco"
        case .canceledChild: "canceled-child"
        case .canceledLiquidation: "canceled-liquidation"
        case .canceledInvalidBalance: "canceled-invalid-balance"
        case .unknown(let raw): raw
        }
    }

    public var description: String { wire }

    /// No further fills can come: filled or any canceled status.
    public var isFinal: Bool {
        switch self {
        case .filled: return true
        case .unknown(let raw): return raw.hasPrefix("canceled")
        default: return wire.hasPrefix("canceled")
        }
    }
}

/// An order as Lighter sends it on `account_orders`, `account_all_orders` and REST.
/// Fields the venue may omit are optional; amounts are exact.
public struct Order: Sendable, Hashable {
    public var orderIndex: Int64
    public var clientOrderIndex: Int64
    public var marketIndex: Int
    public var ownerAccountIndex: Int64
    public var initialBaseAmount: FixedDecimal
    public var price: FixedDecimal
    public var nonce: Int64
    public var remainingBaseAmount: FixedDecimal
    public var isAsk: Bool
    public var baseSize: Int64
    public var basePrice: Int64
    /// Cumulative: the base amount filled so far.
    public var filledBaseAmount: FixedDecimal
    /// Cumulative: the quote amount filled so far (average price = quote / base).
    public var filledQuoteAmount: FixedDecimal
    public var side: String
    public var type: String
    public var timeInForce: String
    public var reduceOnly: Bool
    public var triggerPrice: FixedDecimal
    public var orderExpiry: Int64
    public var status: OrderStatus
    public var triggerStatus: String
    public var triggerTime: Int64
    public var parentOrderIndex: Int64
    public var blockHeight: Int64?
    /// As sent: seconds in older frames, milliseconds in newer ones. See `timestampMilliseconds`.
    public var timestamp: Int64?
    public var createdAt: Int64?
    public var updatedAt: Int64?
    /// Microseconds.
    public var transactionTime: Int64?
    public var orderVersion: Int64?

    public init(orderIndex: Int64, clientOrderIndex: Int64 = 0, marketIndex: Int, ownerAccountIndex: Int64,
                initialBaseAmount: FixedDecimal, price: FixedDecimal, nonce: Int64 = 0,
                remainingBaseAmount: FixedDecimal, isAsk: Bool, baseSize: Int64 = 0, basePrice: Int64 = 0,
                filledBaseAmount: FixedDecimal = .zero, filledQuoteAmount: FixedDecimal = .zero,
                side: String = "", type: String = "limit", timeInForce: String = "good-till-time",
                reduceOnly: Bool = false, triggerPrice: FixedDecimal = .zero, orderExpiry: Int64 = 0,
                status: OrderStatus, triggerStatus: String = "na", triggerTime: Int64 = 0,
                parentOrderIndex: Int64 = 0, blockHeight: Int64? = nil, timestamp: Int64? = nil,
                createdAt: Int64? = nil, updatedAt: Int64? = nil, transactionTime: Int64? = nil,
                orderVersion: Int64? = nil) {
        self.orderIndex = orderIndex; self.clientOrderIndex = clientOrderIndex; self.marketIndex = marketIndex
        self.ownerAccountIndex = ownerAccountIndex; self.initialBaseAmount = initialBaseAmount; self.price = price
        self.nonce = nonce; self.remainingBaseAmount = remainingBaseAmount; self.isAsk = isAsk
        self.baseSize = baseSize; self.basePrice = basePrice; self.filledBaseAmount = filledBaseAmount
        self.filledQuoteAmount = filledQuoteAmount; self.side = side; self.type = type
        self.timeInForce = timeInForce; self.reduceOnly = reduceOnly; self.triggerPrice = triggerPrice
        self.orderExpiry = orderExpiry; self.status = status; self.triggerStatus = triggerStatus
        self.triggerTime = triggerTime; self.parentOrderIndex = parentOrderIndex; self.blockHeight = blockHeight
        self.timestamp = timestamp; self.createdAt = createdAt; self.updatedAt = updatedAt
        self.transactionTime = transactionTime; self.orderVersion = orderVersion
    }

    /// The order's time in milliseconds: `updated_at`, else `timestamp`, normalised from seconds.
    public var timestampMilliseconds: Int64? {
        (updatedAt ?? timestamp).map(Timestamps.milliseconds)
    }

    /// Average fill price, when anything has filled.
    public var averageFillPrice: FixedDecimal? {
        filledBaseAmount.isZero ? nil : filledQuoteAmount.divided(by: filledBaseAmount)
    }
}

public enum Timestamps {
    /// Lighter moved order timestamps from seconds to milliseconds; values below 10^11 are seconds.
    public static func milliseconds(_ value: Int64) -> Int64 {
        value < 100_000_000_000 ? value &* 1000 : value
    }
}

/// A trade, from `trade/{m}`, `account_all_trades/{a}` or REST.
public struct Trade: Sendable, Hashable {
    public var tradeID: Int64
    public var txHash: String
    public var type: String
    public var marketID: Int
    public var size: FixedDecimal
    public var price: FixedDecimal
    public var usdAmount: FixedDecimal
    public var askID: Int64
    public var bidID: Int64
    public var askClientID: Int64
    public var bidClientID: Int64
    public var askAccountID: Int64
    public var bidAccountID: Int64
    /// True when the resting order was the ask, so the taker bought.
    public var isMakerAsk: Bool
    public var blockHeight: Int64
    /// Milliseconds.
    public var timestamp: Int64
    public var takerFee: Int64?
    public var makerFee: Int64?
    public var transactionTime: Int64?

    public init(tradeID: Int64, txHash: String, type: String = "trade", marketID: Int, size: FixedDecimal,
                price: FixedDecimal, usdAmount: FixedDecimal, askID: Int64, bidID: Int64, askClientID: Int64,
                bidClientID: Int64, askAccountID: Int64, bidAccountID: Int64, isMakerAsk: Bool,
                blockHeight: Int64, timestamp: Int64, takerFee: Int64? = nil, makerFee: Int64? = nil,
                transactionTime: Int64? = nil) {
        self.tradeID = tradeID; self.txHash = txHash; self.type = type; self.marketID = marketID
        self.size = size; self.price = price; self.usdAmount = usdAmount; self.askID = askID; self.bidID = bidID
        self.askClientID = askClientID; self.bidClientID = bidClientID; self.askAccountID = askAccountID
        self.bidAccountID = bidAccountID; self.isMakerAsk = isMakerAsk; self.blockHeight = blockHeight
        self.timestamp = timestamp; self.takerFee = takerFee; self.makerFee = makerFee
        self.transactionTime = transactionTime
    }
}
