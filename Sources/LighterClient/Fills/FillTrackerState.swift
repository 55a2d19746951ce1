import Journaling
import LighterProtocol

/// What a `FillTracker` knows, in a form that can be saved and restored.
package struct FillTrackerState: Sendable, Hashable, Codable {
    package struct OrderRecord: Sendable, Hashable, Codable {
        package var orderIndex: Int64
        package var market: Int
        package var isAsk: Bool
        package var clientOrderIndex: Int64 = 0
        /// Last status seen on an order frame (wire spelling).
        package var status: String?
        /// The order's size, when an order frame showed it: a cap on trade-derived fills.
        package var initialBase: FixedDecimal?
        /// Cumulative amounts already emitted as fills.
        package var emittedBase: FixedDecimal = .zero
        package var emittedQuote: FixedDecimal = .zero
        /// Cumulative amounts from the trades seen (quote = Σ price × size).
        package var tradeBase: FixedDecimal = .zero
        package var tradeQuote: FixedDecimal = .zero

        package init(orderIndex: Int64, market: Int, isAsk: Bool) {
            self.orderIndex = orderIndex; self.market = market; self.isAsk = isAsk
        }
    }

    /// Sorted by order index.
    package var orders: [OrderRecord]
    /// At most `FillTracker.seenTradeLimit`, oldest first.
    package var seenTradeIDs: [Int64]
    package var lastEventTimeMs: Int64?

    package init(orders: [OrderRecord] = [], seenTradeIDs: [Int64] = [], lastEventTimeMs: Int64? = nil) {
        self.orders = orders; self.seenTradeIDs = seenTradeIDs; self.lastEventTimeMs = lastEventTimeMs
    }
}
