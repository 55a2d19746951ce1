import LighterProtocol

/// The `e` of an `account.orderUpdate` frame.
public enum BackpackOrderEvent: Sendable, Hashable {
    case orderAccepted
    case orderCancelled
    case orderExpired
    case orderFill
    /// A resting reduce-only order's quantity was lowered so it cannot reverse the position.
    case orderModified
    case triggerPlaced
    case triggerFailed
    /// An event word this code does not know; the frame's fields are still read.
    case unknown(String)

    /// The value for its wire text.
    public init(wire: String) {
        switch wire {
        case "orderAccepted": self = .orderAccepted
        case "orderCancelled": self = .orderCancelled
        case "orderExpired": self = .orderExpired
        case "orderFill": self = .orderFill
        case "orderModified": self = .orderModified
        case "triggerPlaced": self = .triggerPlaced
        case "triggerFailed": self = .triggerFailed
        default: self = .unknown(wire)
        }
    }

    /// The wire text.
    public var wire: String {
        switch self {
        case .orderAccepted: "orderAccepted"
        case .orderCancelled: "orderCancelled"
        case .orderExpired: "orderExpired"
        case .orderFill: "orderFill"
        case .orderModified: "orderModified"
        case .triggerPlaced: "triggerPlaced"
        case .triggerFailed: "triggerFailed"
        case .unknown(let text): text
        }
    }
}

/// What one fill of an `orderFill` event carries (`t`, `l`, `L`, `m`, `n`, `N`).
public struct BackpackFillDetail: Sendable, Hashable {
    /// `t`.
    public var tradeID: Int64
    /// `l`: this fill's quantity.
    public var quantity: FixedDecimal
    /// `L`: this fill's price.
    public var price: FixedDecimal
    /// `m`.
    public var isMaker: Bool
    /// `n`.
    public var fee: FixedDecimal
    /// `N`.
    public var feeSymbol: String

    /// Creates a value from its parts.
    public init(tradeID: Int64, quantity: FixedDecimal, price: FixedDecimal, isMaker: Bool, fee: FixedDecimal,
                feeSymbol: String) {
        self.tradeID = tradeID; self.quantity = quantity; self.price = price; self.isMaker = isMaker
        self.fee = fee; self.feeSymbol = feeSymbol
    }
}

/// An `account.orderUpdate` frame. Cumulative `executedQuantity` (`z`) is what tells how much
/// of the order has filled; `fill` is set on `orderFill` events only.
public struct BackpackOrderUpdate: Sendable, Hashable {
    /// What happened.
    public var event: BackpackOrderEvent
    /// `E`, microseconds.
    public var eventTime: Int64
    /// `T`, microseconds.
    public var engineTime: Int64
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// `i`.
    public var orderID: String
    /// `c`: present only when the order has one.
    public var clientID: UInt32?
    /// `S`.
    public var side: BackpackSide
    /// `o`.
    public var orderType: BackpackOrderType
    /// `f`: `GTC`, `IOC`, `FOK`.
    public var timeInForce: String
    /// `q`.
    public var quantity: FixedDecimal?
    /// `Q`.
    public var quoteQuantity: FixedDecimal?
    /// `p`.
    public var price: FixedDecimal?
    /// `P`.
    public var triggerPrice: FixedDecimal?
    /// `B`.
    public var triggerBy: String?
    /// `Y`: may be a percentage (`"80%"`), so kept as text.
    public var triggerQuantity: String?
    /// `X`.
    public var status: BackpackOrderStatus
    /// `R`: set on `orderExpired` (`ImmediateOrCancel`, `PostOnlyTaker`, …).
    public var expiryReason: String?
    /// `z`.
    public var executedQuantity: FixedDecimal
    /// `Z`.
    public var executedQuoteQuantity: FixedDecimal
    /// `t`, `l`, `L`, `m`, `n`, `N` of an `orderFill`.
    public var fill: BackpackFillDetail?
    /// `V`.
    public var selfTradePrevention: String?
    /// `O`: `USER`, `LIQUIDATION_AUTOCLOSE`, …
    public var origin: String?
    /// `I`: sent as a string or a number, kept as text.
    public var relatedOrderID: String?
    /// `r`.
    public var reduceOnly: Bool?
    /// `y`.
    public var postOnly: Bool?
    /// `H`.
    public var strategyID: String?

    /// Creates a value from its parts.
    public init(event: BackpackOrderEvent, eventTime: Int64, engineTime: Int64, symbol: String, orderID: String,
                clientID: UInt32? = nil, side: BackpackSide, orderType: BackpackOrderType, timeInForce: String,
                quantity: FixedDecimal?, quoteQuantity: FixedDecimal? = nil, price: FixedDecimal?,
                triggerPrice: FixedDecimal? = nil, triggerBy: String? = nil, triggerQuantity: String? = nil,
                status: BackpackOrderStatus, expiryReason: String? = nil, executedQuantity: FixedDecimal,
                executedQuoteQuantity: FixedDecimal, fill: BackpackFillDetail? = nil,
                selfTradePrevention: String? = "RejectTaker", origin: String? = "USER", relatedOrderID: String? = nil,
                reduceOnly: Bool? = false, postOnly: Bool? = nil, strategyID: String? = nil) {
        self.event = event; self.eventTime = eventTime; self.engineTime = engineTime; self.symbol = symbol
        self.orderID = orderID; self.clientID = clientID; self.side = side; self.orderType = orderType
        self.timeInForce = timeInForce; self.quantity = quantity; self.quoteQuantity = quoteQuantity; self.price = price
        self.triggerPrice = triggerPrice; self.triggerBy = triggerBy; self.triggerQuantity = triggerQuantity
        self.status = status; self.expiryReason = expiryReason; self.executedQuantity = executedQuantity
        self.executedQuoteQuantity = executedQuoteQuantity; self.fill = fill
        self.selfTradePrevention = selfTradePrevention; self.origin = origin; self.relatedOrderID = relatedOrderID
        self.reduceOnly = reduceOnly; self.postOnly = postOnly; self.strategyID = strategyID
    }

    /// True when the whole quantity has filled (`z == q`, compared as numbers).
    public var isCompletelyFilled: Bool {
        guard let quantity, !quantity.isZero else { return status == .filled }
        return executedQuantity >= quantity
    }
}
