import LighterProtocol

/// A fill that opened exposure (a Backpack maker fill, as a rule) with the legs that offset it,
/// what is still open, and its realized PnL.
public struct ReportPair: Sendable, Hashable, Codable {
    /// The pair's id: the ledger's sequence number of the opening fill (`P12` in the CSV).
    public var id: Int64
    /// The engine's round its order was sent in; nil for a fill of an order the engine did not send.
    public var round: Int?
    /// The opening fill: its price is what every leg's slippage is measured against.
    public var fill: ReportFill
    /// What of the fill opened exposure.
    public var quantity: FixedDecimal
    /// The fills offsetting it, in ledger order.
    public var legs: [ReportHedgeLeg]
    /// The sum of the legs' quantities.
    public var hedged: FixedDecimal
    /// `quantity − hedged`: naked until hedged.
    public var open: FixedDecimal
    /// Realized PnL of the hedged quantity before fees, in quote.
    public var grossPnL: FixedDecimal
    /// Fees falling on the pair (the opening fill's, the legs' shares), per asset.
    public var fees: [String: FixedDecimal]
    /// `grossPnL` less the fees in the quote asset.
    public var netPnL: FixedDecimal
}
