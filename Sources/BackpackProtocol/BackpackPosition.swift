import LighterProtocol

/// One element of `GET /api/v1/position`. `netQuantity` is exact (positive long, negative
/// short); the derived prices and PnL may carry more than eight fraction digits on the live
/// venue and are cut to eight.
public struct BackpackPosition: Sendable, Hashable {
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// Signed size: positive long, negative short.
    public var netQuantity: FixedDecimal
    /// Quote paid (long) or received (short) for the open size.
    public var netCost: FixedDecimal
    /// Average entry price.
    public var entryPrice: FixedDecimal
    /// Price at which closing breaks even.
    public var breakEvenPrice: FixedDecimal
    /// Estimated liquidation price.
    public var estLiquidationPrice: FixedDecimal
    /// The mark price.
    public var markPrice: FixedDecimal
    /// Realised PnL.
    public var pnlRealized: FixedDecimal
    /// Unrealised PnL at the mark.
    public var pnlUnrealized: FixedDecimal
    /// Size including open orders.
    public var netExposureQuantity: FixedDecimal
    /// Exposure in quote.
    public var netExposureNotional: FixedDecimal
    /// Funding paid or received so far.
    public var cumulativeFundingPayment: FixedDecimal
    /// Being removed from the endpoint (2025-09-01); optional.
    public var cumulativeInterest: FixedDecimal?
    /// Initial margin fraction.
    public var imf: FixedDecimal
    /// Maintenance margin fraction.
    public var mmf: FixedDecimal
    /// The position id.
    public var positionID: String
    /// The account's user id.
    public var userID: Int64?
    /// The subaccount, if any.
    public var subaccountID: Int64?

    /// Creates a value from its parts.
    public init(symbol: String, netQuantity: FixedDecimal, netCost: FixedDecimal, entryPrice: FixedDecimal,
                breakEvenPrice: FixedDecimal, estLiquidationPrice: FixedDecimal = .zero, markPrice: FixedDecimal,
                pnlRealized: FixedDecimal, pnlUnrealized: FixedDecimal, netExposureQuantity: FixedDecimal,
                netExposureNotional: FixedDecimal, cumulativeFundingPayment: FixedDecimal = .zero,
                cumulativeInterest: FixedDecimal? = .zero, imf: FixedDecimal, mmf: FixedDecimal, positionID: String,
                userID: Int64? = nil, subaccountID: Int64? = nil) {
        self.symbol = symbol; self.netQuantity = netQuantity; self.netCost = netCost; self.entryPrice = entryPrice
        self.breakEvenPrice = breakEvenPrice; self.estLiquidationPrice = estLiquidationPrice; self.markPrice = markPrice
        self.pnlRealized = pnlRealized; self.pnlUnrealized = pnlUnrealized; self.netExposureQuantity = netExposureQuantity
        self.netExposureNotional = netExposureNotional; self.cumulativeFundingPayment = cumulativeFundingPayment
        self.cumulativeInterest = cumulativeInterest; self.imf = imf; self.mmf = mmf; self.positionID = positionID
        self.userID = userID; self.subaccountID = subaccountID
    }
}

extension BackpackPosition: Codable {
    enum CodingKeys: String, CodingKey {
        case symbol, netQuantity, netCost, entryPrice, breakEvenPrice, estLiquidationPrice, markPrice, pnlRealized
        case pnlUnrealized, netExposureQuantity, netExposureNotional, cumulativeFundingPayment, cumulativeInterest
        case imf, mmf, positionId, userId, subaccountId
    }

    /// Reads the venue's shape.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        netQuantity = try c.decode(FixedDecimal.self, forKey: .netQuantity)
        netCost = try c.truncatedDecimal(forKey: .netCost)
        entryPrice = try c.truncatedDecimal(forKey: .entryPrice)
        breakEvenPrice = try c.truncatedDecimal(forKey: .breakEvenPrice)
        estLiquidationPrice = try c.truncatedDecimalIfPresent(forKey: .estLiquidationPrice) ?? .zero
        markPrice = try c.truncatedDecimal(forKey: .markPrice)
        pnlRealized = try c.truncatedDecimal(forKey: .pnlRealized)
        pnlUnrealized = try c.truncatedDecimal(forKey: .pnlUnrealized)
        netExposureQuantity = try c.truncatedDecimalIfPresent(forKey: .netExposureQuantity) ?? netQuantity
        netExposureNotional = try c.truncatedDecimalIfPresent(forKey: .netExposureNotional) ?? .zero
        cumulativeFundingPayment = try c.truncatedDecimalIfPresent(forKey: .cumulativeFundingPayment) ?? .zero
        cumulativeInterest = try c.truncatedDecimalIfPresent(forKey: .cumulativeInterest)
        imf = try c.truncatedDecimalIfPresent(forKey: .imf) ?? .zero
        mmf = try c.truncatedDecimalIfPresent(forKey: .mmf) ?? .zero
        positionID = try c.flexibleTextIfPresent(forKey: .positionId) ?? ""
        userID = try c.flexibleInt64IfPresent(forKey: .userId)
        subaccountID = try c.flexibleInt64IfPresent(forKey: .subaccountId)
    }

    /// Writes the venue's shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(symbol, forKey: .symbol)
        try c.encode(netQuantity, forKey: .netQuantity)
        try c.encode(netCost, forKey: .netCost)
        try c.encode(entryPrice, forKey: .entryPrice)
        try c.encode(breakEvenPrice, forKey: .breakEvenPrice)
        try c.encode(estLiquidationPrice, forKey: .estLiquidationPrice)
        try c.encode(markPrice, forKey: .markPrice)
        try c.encode(pnlRealized, forKey: .pnlRealized)
        try c.encode(pnlUnrealized, forKey: .pnlUnrealized)
        try c.encode(netExposureQuantity, forKey: .netExposureQuantity)
        try c.encode(netExposureNotional, forKey: .netExposureNotional)
        try c.encode(cumulativeFundingPayment, forKey: .cumulativeFundingPayment)
        try c.encode(cumulativeInterest, forKey: .cumulativeInterest)
        try c.encode(imf, forKey: .imf)
        try c.encode(mmf, forKey: .mmf)
        try c.encode(positionID, forKey: .positionId)
        try c.encode(userID, forKey: .userId)
        try c.encode(subaccountID, forKey: .subaccountId)
    }
}
