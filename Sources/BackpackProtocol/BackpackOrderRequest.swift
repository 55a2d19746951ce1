import LighterProtocol

/// The body of `POST /api/v1/order` (one element of `POST /api/v1/orders`): the fields a hedge
/// bot sends. Decimals travel as strings, `clientId` as a uint32 number.
public struct BackpackOrderRequest: Sendable, Hashable, Codable {
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// Bid or ask.
    public var side: BackpackSide
    /// Limit or market.
    public var orderType: BackpackOrderType
    /// The quantity.
    public var quantity: FixedDecimal?
    /// The price.
    public var price: FixedDecimal?
    /// Market orders may be sized in quote instead of `quantity`.
    public var quoteQuantity: FixedDecimal?
    /// True for a post-only order.
    public var postOnly: Bool?
    /// Time in force.
    public var timeInForce: BackpackTimeInForce?
    /// The client order id (uint32).
    public var clientId: UInt32?
    /// True for a reduce-only order.
    public var reduceOnly: Bool?
    /// `RejectTaker` (the default), `RejectMaker`, `RejectBoth`.
    public var selfTradePrevention: String?

    /// Creates a value from its parts.
    public init(symbol: String, side: BackpackSide, orderType: BackpackOrderType, quantity: FixedDecimal?,
                price: FixedDecimal? = nil, quoteQuantity: FixedDecimal? = nil, postOnly: Bool? = nil,
                timeInForce: BackpackTimeInForce? = nil, clientId: UInt32? = nil, reduceOnly: Bool? = nil,
                selfTradePrevention: String? = nil) {
        self.symbol = symbol; self.side = side; self.orderType = orderType; self.quantity = quantity
        self.price = price; self.quoteQuantity = quoteQuantity; self.postOnly = postOnly
        self.timeInForce = timeInForce; self.clientId = clientId; self.reduceOnly = reduceOnly
        self.selfTradePrevention = selfTradePrevention
    }

    /// A post-only GTC limit order: the hedge bot's maker.
    public static func postOnlyLimit(symbol: String, side: BackpackSide, quantity: FixedDecimal, price: FixedDecimal,
                                     clientId: UInt32? = nil) -> BackpackOrderRequest {
        BackpackOrderRequest(symbol: symbol, side: side, orderType: .limit, quantity: quantity, price: price,
                             postOnly: true, timeInForce: .goodTillCancelled, clientId: clientId)
    }

    /// The parameters in the body's order. With `padding`, price and quantity are written with
    /// the market's fraction digits (`2999.50`); without, trimmed (`2999.5`). The signature
    /// covers the text exactly as sent, so the body and the signing string use these values.
    public func params(padding: BackpackPadding? = nil) -> [BackpackParam] {
        func decimal(_ value: FixedDecimal, _ digits: Int?) -> BackpackParam.Value {
            .string(digits.map { value.formatted(decimals: $0) } ?? value.description)
        }
        var params = [BackpackParam("symbol", symbol), BackpackParam("side", side.rawValue),
                      BackpackParam("orderType", orderType.rawValue)]
        if let quantity { params.append(BackpackParam("quantity", decimal(quantity, padding?.quantity))) }
        if let price { params.append(BackpackParam("price", decimal(price, padding?.price))) }
        if let quoteQuantity { params.append(BackpackParam("quoteQuantity", .string(quoteQuantity.description))) }
        if let postOnly { params.append(BackpackParam("postOnly", postOnly)) }
        if let reduceOnly { params.append(BackpackParam("reduceOnly", reduceOnly)) }
        if let timeInForce { params.append(BackpackParam("timeInForce", timeInForce.rawValue)) }
        if let selfTradePrevention { params.append(BackpackParam("selfTradePrevention", selfTradePrevention)) }
        if let clientId { params.append(BackpackParam("clientId", Int64(clientId))) }
        return params
    }
}

/// The body of `DELETE /api/v1/order`: the symbol and exactly one of the order id and client id.
public struct BackpackCancelRequest: Sendable, Hashable, Codable {
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// The order id.
    public var orderId: String?
    /// The client order id (uint32).
    public var clientId: UInt32?

    /// Creates a value from its parts.
    public init(symbol: String, orderId: String? = nil, clientId: UInt32? = nil) {
        self.symbol = symbol; self.orderId = orderId; self.clientId = clientId
    }

    /// The body's parameters, as signed.
    public var params: [BackpackParam] {
        var params = [BackpackParam("symbol", symbol)]
        if let orderId { params.append(BackpackParam("orderId", orderId)) }
        if let clientId { params.append(BackpackParam("clientId", Int64(clientId))) }
        return params
    }
}

/// One element of the `POST /api/v1/orders` reply: an order, or why that order was refused.
public enum BackpackBatchOrderResult: Sendable, Hashable {
    case ok(BackpackOrder)
    case err(BackpackAPIError)
}

extension BackpackBatchOrderResult: Codable {
    enum CodingKeys: String, CodingKey { case operation, code, message }

    /// Reads the venue's shape.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if try c.decode(String.self, forKey: .operation) == "Err" {
            self = .err(BackpackAPIError(code: try c.decode(String.self, forKey: .code),
                                         message: try c.decode(String.self, forKey: .message)))
        } else {
            self = .ok(try BackpackOrder(from: decoder))
        }
    }

    /// Writes the venue's shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .ok(let order):
            try c.encode("Ok", forKey: .operation)
            try order.encode(to: encoder)
        case .err(let error):
            try c.encode("Err", forKey: .operation)
            try c.encode(error.code, forKey: .code)
            try c.encode(error.message, forKey: .message)
        }
    }
}
