/// How many fraction digits a market writes its sizes and prices with (ETH: 4 and 2).
public struct MarketDecimals: Sendable, Hashable {
    /// Fraction digits of sizes.
    public var size: Int
    /// Fraction digits of prices.
    public var price: Int
    /// USDC amounts: always 6.
    public static let quote = 6
    /// `size` and `price` fraction digits.
    public init(size: Int, price: Int) { self.size = size; self.price = price }
    /// ETH's digits (4 and 2), used where a market's are not known.
    public static let standard = MarketDecimals(size: 4, price: 2)
}
