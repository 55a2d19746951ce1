import HedgeEngine
import Synchronization

/// A maker venue that keeps only the last order.
final class NullMakerVenue: MakerVenue {
    let name = "backpack"
    let rules: MarketRules
    let events = AsyncStream<MakerVenueEvent> { $0.finish() }
    private let last = Mutex<MakerOrder?>(nil)

    init(rules: MarketRules) { self.rules = rules }

    func place(_ order: MakerOrder) { last.withLock { $0 = order } }
    func cancel(clientOrderID: Int64) {}
    var lastPlaced: MakerOrder? { last.withLock { $0 } }
}
