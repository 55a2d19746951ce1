import Journaling
import LighterProtocol

/// What an order still open at the journal's origin had already filled: history, not news,
/// when the order fills further after the origin.
public struct OrderBaseline: Sendable, Hashable, Codable {
    /// The venue's order index.
    public var orderIndex: Int64
    /// The order's market.
    public var market: Int
    /// True for a sell.
    public var isAsk: Bool
    /// Base filled before the origin.
    public var filled: FixedDecimal
    /// Quote filled before the origin.
    public var quote: FixedDecimal

    /// Every field as documented on its property.
    public init(orderIndex: Int64, market: Int, isAsk: Bool, filled: FixedDecimal, quote: FixedDecimal) {
        self.orderIndex = orderIndex; self.market = market; self.isAsk = isAsk
        self.filled = filled; self.quote = quote
    }
}
