import LighterProtocol

/// The best bid and ask of one venue's book, as last seen.
public struct BookTop: Sendable, Hashable {
    /// The best bid price; nil when the book shows no bids.
    public var bid: FixedDecimal?
    /// The best ask price; nil when the book shows no asks.
    public var ask: FixedDecimal?

    /// The top as an adapter read it from its venue's book.
    public init(bid: FixedDecimal?, ask: FixedDecimal?) {
        self.bid = bid
        self.ask = ask
    }

    /// Both sides present and not crossed: a book to price from.
    public var isUsable: Bool {
        guard let bid, let ask else { return false }
        return bid > .zero && bid < ask
    }
}
