import LighterProtocol

/// Pairs added up: quantities, realized PnL and fees. One per round, and one for the whole
/// ledger.
public struct ReportSum: Sendable, Hashable, Codable {
    /// How many pairs.
    public var pairs: Int
    /// What their opening fills opened.
    public var quantity: FixedDecimal
    /// What of it is hedged.
    public var hedged: FixedDecimal
    /// What of it is not.
    public var open: FixedDecimal
    /// Realized PnL before fees, in quote.
    public var grossPnL: FixedDecimal
    /// The fees falling on the pairs (for the whole ledger: every fee), per asset.
    public var fees: [String: FixedDecimal]
    /// `grossPnL` less the fees in the quote asset.
    public var netPnL: FixedDecimal

    /// The sum of `pairs`, with `otherFees` (fees no pair carries) added to theirs.
    init(_ pairs: [ReportPair], otherFees: [String: FixedDecimal] = [:], quoteAsset: String) {
        self.pairs = pairs.count
        quantity = pairs.reduce(.zero) { $0 + $1.quantity }
        hedged = pairs.reduce(.zero) { $0 + $1.hedged }
        open = pairs.reduce(.zero) { $0 + $1.open }
        grossPnL = pairs.reduce(.zero) { $0 + $1.grossPnL }
        var fees = otherFees
        for pair in pairs { for (asset, amount) in pair.fees { fees[asset, default: .zero] += amount } }
        self.fees = fees
        netPnL = grossPnL - (fees[quoteAsset] ?? .zero)
    }
}
