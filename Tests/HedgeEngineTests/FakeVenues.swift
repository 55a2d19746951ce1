import Foundation
import HedgeEngine
import LighterProtocol
import Synchronization

/// A clock that moves only when a test says so.
final class FakeClock: HedgeClock {
    private let time = Mutex(EngineTime(wallMs: 1_800_000_000_000, monotonicNs: 1_000_000_000))

    func now() -> EngineTime { time.withLock { $0 } }

    func advance(ms: Int64) {
        time.withLock {
            $0.wallMs += ms
            $0.monotonicNs += UInt64(ms) * 1_000_000
        }
    }
}

/// A maker venue that records what it is asked; the test plays the venue's answers.
final class FakeMakerVenue: MakerVenue {
    enum Command: Equatable { case place(MakerOrder), cancel(Int64) }
    let name = "backpack"
    let rules: MarketRules
    let events: AsyncStream<MakerVenueEvent>
    let continuation: AsyncStream<MakerVenueEvent>.Continuation
    private let log = Mutex<[Command]>([])

    init(rules: MarketRules) {
        self.rules = rules
        (events, continuation) = AsyncStream.makeStream()
    }

    func place(_ order: MakerOrder) { log.withLock { $0.append(.place(order)) } }
    func cancel(clientOrderID: Int64) { log.withLock { $0.append(.cancel(clientOrderID)) } }

    var commands: [Command] { log.withLock { $0 } }
    var placed: [MakerOrder] { commands.compactMap { if case .place(let order) = $0 { order } else { nil } } }
    var cancels: [Int64] { commands.compactMap { if case .cancel(let id) = $0 { id } else { nil } } }
    func clear() { log.withLock { $0.removeAll() } }
}

/// A hedge venue that records what it is asked.
final class FakeHedgeVenue: HedgeVenue {
    let name = "lighter"
    let rules: MarketRules
    let events: AsyncStream<HedgeVenueEvent>
    let continuation: AsyncStream<HedgeVenueEvent>.Continuation
    private let orders = Mutex<[HedgeOrder]>([])
    private let resolves = Mutex<[Int64]>([])
    /// Called at the moment of the hand-off (to look at the ledger then).
    let onPlace = Mutex<(@Sendable (HedgeOrder) -> Void)?>(nil)

    init(rules: MarketRules) {
        self.rules = rules
        (events, continuation) = AsyncStream.makeStream()
    }

    func place(_ order: HedgeOrder) {
        onPlace.withLock { $0 }?(order)
        orders.withLock { $0.append(order) }
    }
    func resolve(clientOrderID: Int64, createdMs: Int64) { resolves.withLock { $0.append(clientOrderID) } }

    var placed: [HedgeOrder] { orders.withLock { $0 } }
    var resolved: [Int64] { resolves.withLock { $0 } }
}
