import LighterProtocol

/// One fill of one of our orders on a venue, reported by the venue adapter exactly once per
/// `fillID` (the engine also drops an id it has seen, so a replay after a restart is harmless).
public struct VenueFill: Sendable, Hashable {
    /// Unique on its venue: Backpack's trade id; on Lighter the order index with its cumulative
    /// filled amount.
    public var fillID: String
    /// The engine's id for the order (the venue's client order id).
    public var clientOrderID: Int64
    /// Our side of the trade: a buy adds to the position.
    public var side: TradeSide
    /// The execution price, exact.
    public var price: FixedDecimal
    /// This fill's base-asset quantity (not the order's cumulative one), positive.
    public var quantity: FixedDecimal
    /// What the venue charged for this fill, in `feeAsset`; zero where the venue does not say.
    public var fee: FixedDecimal
    /// The asset the fee is charged in (`USDC`).
    public var feeAsset: String
    /// The venue's time of the fill, milliseconds since the epoch, when it says.
    public var venueTimeMs: Int64?

    /// A fill as the adapter learned it; no fee, in USDC, unless the venue states one.
    public init(fillID: String, clientOrderID: Int64, side: TradeSide, price: FixedDecimal, quantity: FixedDecimal,
                fee: FixedDecimal = .zero, feeAsset: String = "USDC", venueTimeMs: Int64? = nil) {
        self.fillID = fillID; self.clientOrderID = clientOrderID; self.side = side; self.price = price
        self.quantity = quantity; self.fee = fee; self.feeAsset = feeAsset; self.venueTimeMs = venueTimeMs
    }
}
