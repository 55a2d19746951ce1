/// One price level: an absolute size at a price. Size zero in an update deletes the level.
public struct PriceLevel: Sendable, Hashable {
    /// The level's price.
    public var price: FixedDecimal
    /// The total size resting at the price (absolute, not a change).
    public var size: FixedDecimal
    /// A level of `size` at `price`.
    public init(price: FixedDecimal, size: FixedDecimal) { self.price = price; self.size = size }
}
