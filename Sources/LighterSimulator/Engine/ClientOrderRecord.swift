import LighterProtocol

/// A client order plus its integer amounts (the `Order` holds the decimal forms).
struct ClientOrderRecord {
    var order: Order
    let priceTicks: Int64
    let initialLots: Int64
    var filledLots: Int64 = 0
    /// Reduce-only orders may fill at most this much (the position when they arrived).
    var reduceOnlyLimitLots: Int64?
    var remainingLots: Int64 { order.status.isFinal ? 0 : initialLots - filledLots }
}
