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

    /// The status for its wire spelling; an unknown spelling is kept in `.unknown`.
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

    /// The wire spelling (`open`, `canceled-post-only`, …).
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

    /// The wire spelling.
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
