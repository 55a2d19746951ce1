import CoreMetrics
import Foundation
import HedgeEngine
import LighterProtocol
import Synchronization
import Testing

func dec(_ text: String) -> FixedDecimal {
    guard let value = FixedDecimal(text) else { fatalError("bad decimal in a test: \(text)") }
    return value
}

/// An engine with fake venues, a fake clock and a real ledger in a temporary file.
struct EngineHarness {
    static let makerRules = MarketRules(symbol: "ETH_USDC_PERP", tickSize: dec("0.01"), stepSize: dec("0.0001"),
                                        minQuantity: dec("0.0001"))!
    static let hedgeRules = MarketRules(symbol: "ETH", priceDecimals: 2, sizeDecimals: 4, minQuantity: dec("0.005"))!
    static let markets = (maker: VenueMarket(venue: "backpack", symbol: "ETH_USDC_PERP"), hedge: VenueMarket(venue: "lighter", symbol: "ETH"))

    let engine: HedgeEngine
    let maker: FakeMakerVenue
    let hedge: FakeHedgeVenue
    let clock: FakeClock
    let ledger: HedgeLedger
    let path: String
    let alerts: AlertLog

    static func configuration(size: String = "0.05", iterations: Int = 2, maxPosition: String = "0.1",
                              _ adjust: (inout HedgeConfiguration) -> Void = { _ in }) -> HedgeConfiguration {
        var configuration = HedgeConfiguration(size: dec(size), iterations: iterations, maxPosition: dec(maxPosition))
        adjust(&configuration)
        return configuration
    }

    /// A new engine on `path` (a fresh ledger unless given): a restart when the file holds a run.
    static func make(_ configuration: HedgeConfiguration = configuration(), path: String? = nil,
                     clock: FakeClock = FakeClock(), metricsFactory: (any MetricsFactory)? = nil) throws -> EngineHarness {
        let path = path ?? temporaryLedgerPath()
        let ledger = try HedgeLedger(path: path, maker: markets.maker, hedge: markets.hedge)
        let maker = FakeMakerVenue(rules: makerRules)
        let hedge = FakeHedgeVenue(rules: hedgeRules)
        let alerts = AlertLog()
        let engine = try HedgeEngine(configuration: configuration, maker: maker, hedge: hedge, ledger: ledger, clock: clock,
                                     metricsFactory: metricsFactory ?? MetricsSystem.factory) { alerts.append($0) }
        return EngineHarness(engine: engine, maker: maker, hedge: hedge, clock: clock, ledger: ledger, path: path, alerts: alerts)
    }

    static func temporaryLedgerPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hedge-engine-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("ledger.sqlite").path
    }

    func send(_ event: EngineEvent) async throws { try await engine.handle(event) }
    func maker(_ event: MakerVenueEvent) async throws { try await engine.handle(.maker(event)) }
    func hedge(_ event: HedgeVenueEvent) async throws { try await engine.handle(.hedge(event)) }

    /// Healthy venues with books: maker 3000.00 / 3000.50, hedge 3000.10 / 3000.30.
    func ready(makerBid: String = "3000", makerAsk: String = "3000.5", hedgeBid: String = "3000.1",
               hedgeAsk: String = "3000.3") async throws {
        try await maker(.health(.healthy))
        try await hedge(.health(.healthy))
        try await books(makerBid: makerBid, makerAsk: makerAsk, hedgeBid: hedgeBid, hedgeAsk: hedgeAsk)
    }

    func books(makerBid: String = "3000", makerAsk: String = "3000.5", hedgeBid: String = "3000.1",
               hedgeAsk: String = "3000.3") async throws {
        try await maker(.book(BookTop(bid: dec(makerBid), ask: dec(makerAsk))))
        try await hedge(.book(BookTop(bid: dec(hedgeBid), ask: dec(hedgeAsk))))
    }

    /// Starts, makes the venues ready and accepts the first quote; returns it.
    @discardableResult
    func startQuoting() async throws -> MakerOrder {
        try await send(.start)
        try await ready()
        let quote = try #require(maker.placed.last)
        try await maker(.accepted(clientOrderID: quote.clientOrderID, venueOrderID: "bp-\(quote.clientOrderID)"))
        return quote
    }

    private static let tradeIDs = TradeIDs()

    /// A maker fill of `quantity` on `order` with a fresh trade id.
    @discardableResult
    func fillMaker(_ order: MakerOrder, _ quantity: String, tradeID: String? = nil) async throws -> VenueFill {
        let fill = VenueFill(fillID: tradeID ?? Self.tradeIDs.next(), clientOrderID: order.clientOrderID, side: order.side,
                             price: order.price, quantity: dec(quantity), fee: dec("0.01"), feeAsset: "USDC")
        try await maker(.fill(fill))
        return fill
    }

    /// The hedge venue fills `quantity` of `order` and ends it (filled, or canceled with the rest).
    func fillHedge(_ order: HedgeOrder, _ quantity: String? = nil) async throws {
        let filled = quantity.map(dec) ?? order.quantity
        if filled > .zero {
            try await hedge(.fill(VenueFill(fillID: "\(order.clientOrderID):\(filled.units)", clientOrderID: order.clientOrderID,
                                            side: order.side, price: order.price, quantity: filled, fee: .zero, feeAsset: "USDC")))
        }
        let status: HedgeOutcome.Status = filled == order.quantity ? .filled : .canceled(reason: "canceled-not-enough-liquidity")
        try await hedge(.outcome(clientOrderID: order.clientOrderID, HedgeOutcome(status: status, filledQuantity: filled)))
    }

    var status: EngineStatus { get async { await engine.status } }
}

final class TradeIDs: Sendable {
    private let counter = Mutex(1000)
    func next() -> String { counter.withLock { $0 += 1; return "t\($0)" } }
}

final class AlertLog: Sendable {
    private let alerts = Mutex<[EngineAlert]>([])
    func append(_ alert: EngineAlert) { alerts.withLock { $0.append(alert) } }
    var all: [EngineAlert] { alerts.withLock { $0 } }
    func contains(_ text: String) -> Bool { all.contains { $0.message.contains(text) } }
}
