import LighterProtocol

/// An order for the maker venue: a post-only quote, or an immediate-or-cancel order that
/// flattens a naked leg when the hedge venue cannot.
public struct MakerOrder: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Rests on the book; refused by the venue if it would take.
        case postOnly
        /// Takes what it can at `price` or better; the rest is canceled.
        case immediateOrCancel
    }

    /// The engine's id; the adapter derives the venue's client id from it.
    public var clientOrderID: Int64
    public var side: TradeSide
    public var price: FixedDecimal
    public var quantity: FixedDecimal
    public var kind: Kind

    public init(clientOrderID: Int64, side: TradeSide, price: FixedDecimal, quantity: FixedDecimal, kind: Kind) {
        self.clientOrderID = clientOrderID; self.side = side; self.price = price; self.quantity = quantity; self.kind = kind
    }
}
