/// A venue and one of its markets (`backpack ETH_USDC_PERP`, `lighter ETH`).
public struct VenueMarket: Sendable, Hashable {
    /// The venue's name as its adapter gives it (`backpack`, `lighter`).
    public var venue: String
    /// The venue's name for the market (`ETH_USDC_PERP`, `ETH`).
    public var symbol: String

    /// The pair of names a ledger is bound to.
    public init(venue: String, symbol: String) {
        self.venue = venue
        self.symbol = symbol
    }

    var text: String { "\(venue) \(symbol)" }
}
