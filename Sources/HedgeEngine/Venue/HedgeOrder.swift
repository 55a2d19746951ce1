import LighterProtocol

/// An immediate-or-cancel limit order for the hedge venue: it takes what the book has up to
/// `price` (the slippage cap) and never rests.
public struct HedgeOrder: Sendable, Hashable {
    /// The engine's id, also the venue's client order index.
    public var clientOrderID: Int64
    /// Sell to cover a long naked exposure, buy to cover a short one.
    public var side: TradeSide
    /// The worst acceptable price, on the venue's tick.
    public var price: FixedDecimal
    /// On the venue's step, at least its minimum.
    public var quantity: FixedDecimal

    /// An order as the engine decided it: the adapter signs and sends it.
    public init(clientOrderID: Int64, side: TradeSide, price: FixedDecimal, quantity: FixedDecimal) {
        self.clientOrderID = clientOrderID; self.side = side; self.price = price; self.quantity = quantity
    }
}
