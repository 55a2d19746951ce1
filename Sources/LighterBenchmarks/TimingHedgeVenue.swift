import Foundation
import HedgeEngine
import Synchronization

/// A hedge venue that notes when each order was handed to it.
final class TimingHedgeVenue: HedgeVenue {
    let name = "lighter"
    let rules: MarketRules
    let events = AsyncStream<HedgeVenueEvent> { $0.finish() }
    private let handed = Mutex<(HedgeOrder, UInt64)?>(nil)

    init(rules: MarketRules) { self.rules = rules }

    func place(_ order: HedgeOrder) {
        let now = DispatchTime.now().uptimeNanoseconds
        handed.withLock { $0 = (order, now) }
    }

    func resolve(clientOrderID: Int64, createdMs: Int64) {}

    /// The last order handed on and when, once.
    func take() -> (order: HedgeOrder, at: UInt64)? { handed.withLock { value in defer { value = nil }; return value } }
}
