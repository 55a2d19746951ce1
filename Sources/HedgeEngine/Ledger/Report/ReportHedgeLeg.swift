import LighterProtocol

/// One fill offsetting part of a pair's opening fill (a hedge, or a flatten), judged against
/// the opening fill's price.
///
/// Slippage is signed as a cost: positive when the leg traded worse than the opening fill's
/// price (a buy opened at 3000.00, hedged by a sell at 2999.50: +0.50 a unit), negative when
/// better. The leg's PnL is minus its slippage.
public struct ReportHedgeLeg: Sendable, Hashable, Codable {
    /// The fill (on the hedge venue, or on the maker venue for a flatten).
    public var fill: ReportFill
    /// How much of the opening fill it offsets (a part of the fill when one hedge covers several).
    public var quantity: FixedDecimal
    /// Per unit, in quote: how much worse than the opening fill's price.
    public var slippagePerUnit: FixedDecimal
    /// `slippagePerUnit × quantity`, in quote.
    public var slippage: FixedDecimal
    /// `slippagePerUnit` in basis points of the opening fill's price, to 8 digits, rounded
    /// toward zero.
    public var slippageBps: FixedDecimal
    /// Realized PnL of this leg before fees, in quote: `−slippage`.
    public var grossPnL: FixedDecimal
    /// The part of the fill's fee that falls on this leg (by quantity).
    public var fee: FixedDecimal
    /// The fee's asset.
    public var feeAsset: String
    /// Microseconds from the opening fill reaching the engine to this fill, when measured in
    /// the same process.
    public var latencyMicros: Int64?

    /// A leg of `quantity` of `fill` against an opening fill at `openingPrice` on `openingSide`.
    init(fill: LedgerFill, quantity: FixedDecimal, openingSide: TradeSide, openingPrice: FixedDecimal, fee: FixedDecimal) {
        self.fill = ReportFill(fill)
        self.quantity = quantity
        // A long opened is sold: selling lower is the cost. A short opened is bought back:
        // buying higher is the cost.
        slippagePerUnit = openingSide == .buy ? openingPrice - fill.price : fill.price - openingPrice
        slippage = slippagePerUnit.multiplied(by: quantity)
        slippageBps = slippagePerUnit.multiplied(by: FixedDecimal(units: 10_000 * FixedDecimal.unitScale))
            .divided(by: openingPrice) ?? .zero
        grossPnL = -slippage
        self.fee = fee
        feeAsset = fill.feeAsset
        latencyMicros = fill.latencyMicros
    }
}
