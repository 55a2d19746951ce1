import LighterProtocol

/// An order as the REST API returns it (`POST`/`GET`/`DELETE /api/v1/order`, `/api/v1/orders`,
/// `/wapi/v1/history/orders`). Decimals are trimmed on the wire; `createdAt` is integer
/// milliseconds except in the history, which writes naive UTC text (both read).
public struct BackpackOrder: Sendable, Hashable {
    /// The order id (a numeric string).
    public var id: String
    /// The client order id, when the order has one.
    public var clientID: UInt32?
    /// Milliseconds since 1970.
    public var createdAt: Int64
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// Bid or ask.
    public var side: BackpackSide
    /// Limit or market.
    public var orderType: BackpackOrderType
    /// The price.
    public var price: FixedDecimal?
    /// The quantity.
    public var quantity: FixedDecimal?
    /// Market orders sized in quote.
    public var quoteQuantity: FixedDecimal?
    /// Cumulative filled quantity.
    public var executedQuantity: FixedDecimal
    /// Cumulative filled quote amount.
    public var executedQuoteQuantity: FixedDecimal
    /// The state.
    public var status: BackpackOrderStatus
    /// `GTC`, `IOC`, `FOK`.
    public var timeInForce: String
    /// `RejectTaker`, `RejectMaker` or `RejectBoth`.
    public var selfTradePrevention: String
    /// True for a post-only order.
    public var postOnly: Bool?
    /// True for a reduce-only order.
    public var reduceOnly: Bool?
    /// The order this one is tied to (TP/SL).
    public var relatedOrderID: String?
    /// The strategy that placed it, if any.
    public var strategyID: String?
    /// The trigger price of a conditional order.
    public var triggerPrice: FixedDecimal?
    /// The trigger quantity (may be a percentage, so text).
    public var triggerQuantity: String?
    /// When the trigger fired, milliseconds.
    public var triggeredAt: Int64?
    /// Set on orders the system placed (liquidation, ADL, …).
    public var systemOrderType: String?
    /// Why the order expired (history only): `ImmediateOrCancel`, `PostOnlyTaker`, …
    public var expiryReason: String?

    /// Creates a value from its parts.
    public init(id: String, clientID: UInt32?, createdAt: Int64, symbol: String, side: BackpackSide,
                orderType: BackpackOrderType, price: FixedDecimal?, quantity: FixedDecimal?,
                quoteQuantity: FixedDecimal? = nil, executedQuantity: FixedDecimal = .zero,
                executedQuoteQuantity: FixedDecimal = .zero, status: BackpackOrderStatus, timeInForce: String = "GTC",
                selfTradePrevention: String = "RejectTaker", postOnly: Bool? = nil, reduceOnly: Bool? = nil,
                relatedOrderID: String? = nil, strategyID: String? = nil, triggerPrice: FixedDecimal? = nil,
                triggerQuantity: String? = nil, triggeredAt: Int64? = nil, systemOrderType: String? = nil,
                expiryReason: String? = nil) {
        self.id = id; self.clientID = clientID; self.createdAt = createdAt; self.symbol = symbol; self.side = side
        self.orderType = orderType; self.price = price; self.quantity = quantity; self.quoteQuantity = quoteQuantity
        self.executedQuantity = executedQuantity; self.executedQuoteQuantity = executedQuoteQuantity
        self.status = status; self.timeInForce = timeInForce; self.selfTradePrevention = selfTradePrevention
        self.postOnly = postOnly; self.reduceOnly = reduceOnly; self.relatedOrderID = relatedOrderID
        self.strategyID = strategyID; self.triggerPrice = triggerPrice; self.triggerQuantity = triggerQuantity
        self.triggeredAt = triggeredAt; self.systemOrderType = systemOrderType; self.expiryReason = expiryReason
    }
}

extension BackpackOrder: Codable {
    enum CodingKeys: String, CodingKey {
        case id, clientId, createdAt, symbol, side, orderType, price, quantity, quoteQuantity, executedQuantity
        case executedQuoteQuantity, status, timeInForce, selfTradePrevention, postOnly, reduceOnly, relatedOrderId
        case strategyId, triggerPrice, triggerQuantity, triggeredAt, triggerBy, systemOrderType, expiryReason
        case stopLossLimitPrice, stopLossTriggerBy, stopLossTriggerPrice
        case takeProfitLimitPrice, takeProfitTriggerBy, takeProfitTriggerPrice
    }

    /// Reads the venue's shape.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        if let client = try c.flexibleInt64IfPresent(forKey: .clientId) {
            guard let value = UInt32(exactly: client) else {
                throw DecodingError.dataCorruptedError(forKey: .clientId, in: c, debugDescription: "client id outside uint32")
            }
            clientID = value
        }
        createdAt = try c.timeMsIfPresent(forKey: .createdAt) ?? 0
        symbol = try c.decode(String.self, forKey: .symbol)
        side = try c.decode(BackpackSide.self, forKey: .side)
        orderType = try c.decode(BackpackOrderType.self, forKey: .orderType)
        price = try c.decodeIfPresent(FixedDecimal.self, forKey: .price)
        quantity = try c.decodeIfPresent(FixedDecimal.self, forKey: .quantity)
        quoteQuantity = try c.decodeIfPresent(FixedDecimal.self, forKey: .quoteQuantity)
        executedQuantity = try c.decodeIfPresent(FixedDecimal.self, forKey: .executedQuantity) ?? .zero
        executedQuoteQuantity = try c.decodeIfPresent(FixedDecimal.self, forKey: .executedQuoteQuantity) ?? .zero
        status = try c.decode(BackpackOrderStatus.self, forKey: .status)
        timeInForce = try c.decodeIfPresent(String.self, forKey: .timeInForce) ?? "GTC"
        selfTradePrevention = try c.decodeIfPresent(String.self, forKey: .selfTradePrevention) ?? "RejectTaker"
        postOnly = try c.decodeIfPresent(Bool.self, forKey: .postOnly)
        reduceOnly = try c.decodeIfPresent(Bool.self, forKey: .reduceOnly)
        relatedOrderID = try c.flexibleTextIfPresent(forKey: .relatedOrderId)
        strategyID = try c.flexibleTextIfPresent(forKey: .strategyId)
        triggerPrice = try c.decodeIfPresent(FixedDecimal.self, forKey: .triggerPrice)
        triggerQuantity = try c.decodeIfPresent(String.self, forKey: .triggerQuantity)
        triggeredAt = try c.timeMsIfPresent(forKey: .triggeredAt)
        systemOrderType = try c.decodeIfPresent(String.self, forKey: .systemOrderType)
        expiryReason = try c.decodeIfPresent(String.self, forKey: .expiryReason)
    }

    /// The live shape: every optional key present, `null` when unset. With
    /// `BackpackREST.historyShape` in the encoder's user info, `createdAt` is naive UTC text and
    /// `expiryReason` is written, as `/wapi/v1/history/orders` does.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let history = encoder.userInfo[BackpackREST.historyShape] as? Bool ?? false
        try c.encode(id, forKey: .id)
        try c.encode(clientID, forKey: .clientId)
        if history {
            try c.encode(BackpackTime.naiveUTC(milliseconds: createdAt), forKey: .createdAt)
            try c.encode(expiryReason, forKey: .expiryReason)
        } else {
            try c.encode(createdAt, forKey: .createdAt)
        }
        try c.encode(symbol, forKey: .symbol)
        try c.encode(side, forKey: .side)
        try c.encode(orderType, forKey: .orderType)
        if orderType == .market {
            try c.encode(quoteQuantity, forKey: .quoteQuantity)
        } else {
            try c.encode(price, forKey: .price)
            try c.encode(postOnly ?? false, forKey: .postOnly)
        }
        try c.encode(quantity, forKey: .quantity)
        try c.encode(executedQuantity, forKey: .executedQuantity)
        try c.encode(executedQuoteQuantity, forKey: .executedQuoteQuantity)
        try c.encode(status, forKey: .status)
        try c.encode(timeInForce, forKey: .timeInForce)
        try c.encode(selfTradePrevention, forKey: .selfTradePrevention)
        try c.encode(reduceOnly, forKey: .reduceOnly)
        try c.encode(relatedOrderID, forKey: .relatedOrderId)
        try c.encode(strategyID, forKey: .strategyId)
        try c.encode(triggerPrice, forKey: .triggerPrice)
        try c.encode(triggerQuantity, forKey: .triggerQuantity)
        try c.encode(triggeredAt, forKey: .triggeredAt)
        try c.encode(systemOrderType, forKey: .systemOrderType)
        for key in [CodingKeys.triggerBy, .stopLossLimitPrice, .stopLossTriggerBy, .stopLossTriggerPrice,
                    .takeProfitLimitPrice, .takeProfitTriggerBy, .takeProfitTriggerPrice] {
            try c.encodeNil(forKey: key)
        }
    }
}
