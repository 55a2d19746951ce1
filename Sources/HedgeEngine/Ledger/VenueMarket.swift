/// A venue and one of its markets (`backpack ETH_USDC_PERP`, `lighter ETH`).
public struct VenueMarket: Sendable, Hashable {
    public var venue: String
    public var symbol: String

    public init(venue: String, symbol: String) {
        self.venue = venue
        self.symbol = symbol
    }

    var text: String { "\(venue) \(symbol)" }
}
