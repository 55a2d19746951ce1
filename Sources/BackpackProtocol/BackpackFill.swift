import LighterProtocol

/// One row of `GET /wapi/v1/history/fills`. `timestamp` is naive UTC text on the wire, read
/// into milliseconds; `clientId` is a string here (a number on orders), both read.
public struct BackpackFill: Sendable, Hashable {
    /// The trade id (sequential per market).
    public var tradeID: Int64
    /// The order the fill belongs to.
    public var orderID: String
    /// The client order id, when the order has one.
    public var clientID: String?
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// Bid or ask.
    public var side: BackpackSide
    /// The price.
    public var price: FixedDecimal
    /// The quantity.
    public var quantity: FixedDecimal
    /// The fee charged.
    public var fee: FixedDecimal
    /// The asset the fee is charged in.
    public var feeSymbol: String
    /// True when the order was the maker.
    public var isMaker: Bool
    /// Set on system fills (liquidation, ADL, collateral conversion).
    public var systemOrderType: String?
    /// Milliseconds since 1970.
    public var timestamp: Int64

    /// Creates a value from its parts.
    public init(tradeID: Int64, orderID: String, clientID: String?, symbol: String, side: BackpackSide,
                price: FixedDecimal, quantity: FixedDecimal, fee: FixedDecimal, feeSymbol: String, isMaker: Bool,
                systemOrderType: String? = nil, timestamp: Int64) {
        self.tradeID = tradeID; self.orderID = orderID; self.clientID = clientID; self.symbol = symbol
        self.side = side; self.price = price; self.quantity = quantity; self.fee = fee; self.feeSymbol = feeSymbol
        self.isMaker = isMaker; self.systemOrderType = systemOrderType; self.timestamp = timestamp
    }
}

extension BackpackFill: Codable {
    enum CodingKeys: String, CodingKey {
        case tradeId, orderId, clientId, symbol, side, price, quantity, fee, feeSymbol, isMaker, systemOrderType, timestamp
    }

    /// Reads the venue's shape.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let trade = try c.flexibleInt64IfPresent(forKey: .tradeId) else {
            throw DecodingError.valueNotFound(Int64.self, .init(codingPath: [CodingKeys.tradeId], debugDescription: "missing"))
        }
        tradeID = trade
        orderID = try c.decode(String.self, forKey: .orderId)
        clientID = try c.flexibleTextIfPresent(forKey: .clientId)
        symbol = try c.decode(String.self, forKey: .symbol)
        side = try c.decode(BackpackSide.self, forKey: .side)
        price = try c.decode(FixedDecimal.self, forKey: .price)
        quantity = try c.decode(FixedDecimal.self, forKey: .quantity)
        fee = try c.decode(FixedDecimal.self, forKey: .fee)
        feeSymbol = try c.decode(String.self, forKey: .feeSymbol)
        isMaker = try c.decode(Bool.self, forKey: .isMaker)
        systemOrderType = try c.decodeIfPresent(String.self, forKey: .systemOrderType)
        timestamp = try c.timeMsIfPresent(forKey: .timestamp) ?? 0
    }

    /// Writes the venue's shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tradeID, forKey: .tradeId)
        try c.encode(orderID, forKey: .orderId)
        try c.encode(clientID, forKey: .clientId)
        try c.encode(symbol, forKey: .symbol)
        try c.encode(side, forKey: .side)
        try c.encode(price, forKey: .price)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(fee, forKey: .fee)
        try c.encode(feeSymbol, forKey: .feeSymbol)
        try c.encode(isMaker, forKey: .isMaker)
        try c.encode(systemOrderType, forKey: .systemOrderType)
        try c.encode(BackpackTime.naiveUTC(milliseconds: timestamp), forKey: .timestamp)
    }
}
