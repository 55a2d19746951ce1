import LighterProtocol

/// Fees paid on one venue in one asset, over every fill in the ledger.
public struct ReportFee: Sendable, Hashable, Codable {
    /// Maker or hedge venue.
    public var venue: VenueRole
    /// The venue's name (`backpack`, `lighter`).
    public var name: String
    /// The asset the fees were charged in.
    public var asset: String
    /// Their sum (negative for a rebate).
    public var amount: FixedDecimal
}
