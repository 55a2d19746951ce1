import LighterProtocol

/// An order for the maker venue: a post-only quote, or an immediate-or-cancel order that
/// flattens a naked leg when the hedge venue cannot.
public struct MakerOrder: Sendable, Hashable {
    /// How the order meets the book.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Rests on the book; refused by the venue if it would take.
        case postOnly
        /// Takes what it can at `price` or better; the rest is canceled.
        case immediateOrCancel
    }

    /// The engine's id; the adapter derives the venue's client id from it.
    public var clientOrderID: Int64
    /// Buy or sell on the maker venue (a buy adds to the position).
    public var side: TradeSide
    /// The limit on the venue's tick: a quote's resting price, a flatten's worst acceptable one.
    public var price: FixedDecimal
    /// Base-asset quantity, positive, on the venue's step.
    public var quantity: FixedDecimal
    /// A resting post-only quote, or an immediate-or-cancel order that flattens.
    public var kind: Kind

    /// An order as the engine decided it: the adapter only translates it.
    public init(clientOrderID: Int64, side: TradeSide, price: FixedDecimal, quantity: FixedDecimal, kind: Kind) {
        self.clientOrderID = clientOrderID; self.side = side; self.price = price; self.quantity = quantity; self.kind = kind
    }
}
