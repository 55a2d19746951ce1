import Foundation
import HedgeEngine
import HedgeRuntime
import LighterClient
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Logging
import Testing

/// The engine hedging on the real Lighter simulator over loopback through `LighterHedgeVenue`
/// (the trader sends, the stream client reports), with a fake maker venue the test plays.
@Suite(.serialized) struct LighterHedgeVenueTests {
    static let account: Int64 = 9

    struct Tokens: AuthTokenProvider {
        var canRefresh: Bool { true }
        func freshToken() async throws -> String { wellFormedToken(account: LighterHedgeVenueTests.account, lifetime: 7 * 3600) }
    }

    /// Everything a test needs, running.
    struct Rig {
        let engine: HedgeEngine
        let maker: FakeMakerVenue
        let ledger: HedgeLedger
        let server: SimulatorServer

        /// Accepts the quote the engine placed and fills `quantity` of it.
        func fillQuote(_ quantity: FixedDecimal) async throws -> MakerOrder {
            try await eventually("a quote") { !maker.placed.isEmpty }
            guard let quote = maker.placed.first else { throw HarnessError("no quote") }
            maker.continuation.yield(.accepted(clientOrderID: quote.clientOrderID, venueOrderID: "bp-1"))
            maker.continuation.yield(.fill(VenueFill(fillID: "bp-t1", clientOrderID: quote.clientOrderID, side: quote.side,
                                                     price: quote.price, quantity: quantity)))
            return quote
        }

        /// The simulator's own record of the account's fills, as a signed position.
        func venuePosition() async -> FixedDecimal {
            await server.exchange.fills(account: LighterHedgeVenueTests.account).reduce(FixedDecimal.zero) { sum, trade in
                sum + (trade.bidAccountID == LighterHedgeVenueTests.account ? trade.size : -trade.size)
            }
        }
    }

    static func withRig(simulator: @escaping (inout SimulatorConfiguration) -> Void = { _ in },
                        _ configure: (inout HedgeConfiguration) -> Void,
                        _ body: (Rig) async throws -> Void) async throws {
        try await withSimulator({ $0.updatesPerSecond = 20; simulator(&$0) }) { endpoints, server in
            let rest = LighterREST(baseURL: endpoints.httpURL)
            let markets = try await rest.markets()
            let eth = try #require(markets.first { $0.symbol == "ETH" })
            let trader = LighterTrader(rest: rest, privateKey: TestKeys.privateKey, account: account, apiKeyIndex: 0)
            let venue = try LighterHedgeVenue(market: eth, trader: trader)
            var streamConfiguration = StreamClientConfiguration(url: endpoints.webSocketURL, market: eth.id, account: account)
            streamConfiguration.reportOrders = true
            streamConfiguration.backoffInitial = .milliseconds(50)
            streamConfiguration.backoffMax = .milliseconds(300)
            var logger = Logger(label: "hedge-test")
            logger.logLevel = .critical
            let client = LighterStreamClient(configuration: streamConfiguration, tokens: Tokens(), logger: logger)
            let following = Task { try await venue.follow(client) }
            defer { following.cancel() }

            let makerRules = try #require(MarketRules(symbol: "ETH_USDC_PERP", tickSize: dec("0.01"), stepSize: dec("0.0001"),
                                                      minQuantity: dec("0.0001")))
            let maker = FakeMakerVenue(rules: makerRules)
            let ledger = try HedgeLedger(path: EngineHarness.temporaryLedgerPath(), maker: EngineHarness.markets.maker,
                                         hedge: VenueMarket(venue: "lighter", symbol: eth.symbol))
            var configuration = HedgeConfiguration(size: dec("0.05"), iterations: 1, maxPosition: dec("0.05"))
            configure(&configuration)
            let engine = try HedgeEngine(configuration: configuration, maker: maker, hedge: venue, ledger: ledger)
            let running = Task { try await engine.run(tick: .milliseconds(50)) }
            defer { running.cancel() }
            // The maker venue: healthy, with a book near the simulator's, refreshed as a live one would be.
            maker.continuation.yield(.health(.healthy))
            let books = Task {
                while !Task.isCancelled {
                    let (bid, ask) = await server.exchange.bestPrices(market: eth.id)
                    if let bid, let ask { maker.continuation.yield(.book(BookTop(bid: bid, ask: ask))) }
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
            defer { books.cancel() }
            try await body(Rig(engine: engine, maker: maker, ledger: ledger, server: server))
        }
    }

    @Test func anIOCHedgeFillsAndTheLedgerAgreesWithTheVenue() async throws {
        try await Self.withRig({ _ in }) { rig in
            _ = try await rig.fillQuote(dec("0.05"))
            try await eventually("hedged") { await rig.engine.status.hedgePosition == dec("-0.05") }
            let status = await rig.engine.status
            #expect(status.nakedExposure == .zero)
            let hedges = try rig.ledger.orders().filter { $0.venue == .hedge }
            #expect(hedges.count == 1 && hedges.first?.status == .filled && hedges.first?.executed == dec("0.05"))
            #expect(await rig.venuePosition() == dec("-0.05"))
            let pair = try #require(try rig.ledger.pairs().first)
            #expect(pair.open == .zero && pair.offsets.allSatisfy { $0.fill.venue == .hedge })
        }
    }

    @Test func anIOCThatFillsPartlyEndsNotEnoughLiquidityAndTheRemainderIsHedgedAgain() async throws {
        // A fill larger than the few levels a one-basis-point cap can reach.
        try await Self.withRig({
            $0.size = dec("100"); $0.maxPosition = dec("100"); $0.maxNakedQuantity = dec("200")
            $0.slippage = dec("0.0001"); $0.hedgeMaxAttempts = 40; $0.hedgeMaxMs = 60_000; $0.maxNakedMs = 60_000
        }) { rig in
            _ = try await rig.fillQuote(dec("100"))
            try await eventually("hedged", seconds: 40) { await rig.engine.status.hedgePosition == dec("-100") }
            let hedges = try rig.ledger.orders().filter { $0.venue == .hedge }
            let partial = hedges.filter { $0.status == .canceled && $0.executed > .zero && $0.executed < $0.quantity }
            #expect(!partial.isEmpty)
            #expect(partial.allSatisfy { $0.reason?.contains("canceled-not-enough-liquidity") == true })
            #expect(hedges.count > partial.count, "the remainder went out again")
            #expect(await rig.engine.status.nakedExposure == .zero)
            #expect(await rig.venuePosition() == dec("-100"))
        }
    }

    @Test func neverFillSpendsTheBudgetAndThePolicyFlattensWithoutAFakeFill() async throws {
        try await Self.withRig(simulator: { $0.faults.set(.neverFill) }, {
            $0.hedgeMaxAttempts = 3; $0.policy = .flatten
        }) { rig in
            // A partial fill: the quote stays on the book until the policy takes it off.
            let quote = try await rig.fillQuote(dec("0.03"))
            try await eventually("the quote canceled", seconds: 20) { rig.maker.cancels.contains(quote.clientOrderID) }
            rig.maker.continuation.yield(.cancelResult(clientOrderID: quote.clientOrderID, .closed(executedQuantity: dec("0.03"))))
            try await eventually("a flatten order") { rig.maker.placed.contains { $0.kind == .immediateOrCancel } }
            let flatten = try #require(rig.maker.placed.first { $0.kind == .immediateOrCancel })
            #expect(flatten.side == .sell && flatten.quantity == dec("0.03"))
            rig.maker.continuation.yield(.fill(VenueFill(fillID: "bp-t2", clientOrderID: flatten.clientOrderID, side: .sell,
                                                         price: flatten.price, quantity: dec("0.03"))))
            try await eventually("stopped") { await rig.engine.status.phase == .stopped }
            let hedges = try rig.ledger.orders().filter { $0.venue == .hedge }
            #expect(hedges.count == 3)
            #expect(hedges.allSatisfy { $0.status == .canceled && $0.executed == .zero })
            #expect(try rig.ledger.fills().filter { $0.venue == .hedge }.isEmpty)
            #expect(await rig.venuePosition() == .zero)
            #expect(await rig.engine.status.nakedExposure == .zero)
        }
    }
}

/// Waits until `condition` holds, up to `seconds`.
func eventually(_ what: String, seconds: Double = 15, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw HarnessError("timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
