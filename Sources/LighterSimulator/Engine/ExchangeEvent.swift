import LighterProtocol

/// What the engine tells the server layer to publish.
package enum ExchangeEvent: Sendable, Hashable {
    /// An `update/order_book` (never a snapshot: those come from `snapshot(market:nowMs:)`).
    case book(OrderBookFrame)
    /// An order changed: accepted, filled (partly or fully), canceled. Carries the whole order.
    case orderUpdated(Order)
    case trade(Trade)
}
