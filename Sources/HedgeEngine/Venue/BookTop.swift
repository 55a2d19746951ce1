import LighterProtocol

/// The best bid and ask of one venue's book, as last seen.
public struct BookTop: Sendable, Hashable {
    public var bid: FixedDecimal?
    public var ask: FixedDecimal?

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
