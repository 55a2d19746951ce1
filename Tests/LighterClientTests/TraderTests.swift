import Foundation
import LighterClient
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Synchronization
import Testing

/// The trader against the real simulator: signed orders sent over REST, nonces kept in order,
/// the venue's refusals typed, and fills learned from the stream.
@Suite(.serialized) struct TraderTests {
    typealias H = ClientHarness
    static let market = MarketInfo(id: 0, symbol: "ETH", marketType: "perp", status: "active", sizeDecimals: 4, priceDecimals: 2)

    static func trader(_ endpoints: SimulatorEndpoints, account: Int64 = H.account) -> LighterTrader {
        LighterTrader(rest: LighterREST(baseURL: endpoints.httpURL), privateKey: TestKeys.privateKey, account: account, apiKeyIndex: 0)
    }

    @Test func anIOCIsAcceptedAndItsFillArrivesOnTheStreamExactlyOnce() async throws {
        try await withSimulator({ $0.updatesPerSecond = 10 }) { endpoints, server in
            let client = H.start(endpoints)
            try await client.log.waitUntil("account_orders confirmed") {
                $0.state(of: .accountOrders(market: 0, account: H.account))?.isConfirmed == true
            }
            let ask = try #require(await server.exchange.bestPrices(market: 0).ask)
            let trader = Self.trader(endpoints)
            let placed = try await trader.place(OrderRequest(market: Self.market, isAsk: false, size: FixedDecimal("0.01")!,
                                                             price: ask + FixedDecimal("5")!))
            #expect(placed.txHash.count == 80)
            try await client.log.waitUntil("the fill") { log in log.fills.contains { $0.clientOrderIndex == placed.clientOrderIndex } }
            try await Task.sleep(for: .milliseconds(300))
            await client.stop()
            let mine = client.log.fills.filter { $0.clientOrderIndex == placed.clientOrderIndex }
            #expect(mine.reduce(FixedDecimal.zero) { $0 + $1.size } == FixedDecimal("0.01")!)
            #expect((await H.audit(server, detected: client.log.fills)).exactlyOnce)
        }
    }

    @Test func concurrentOrdersGoOutInNonceOrderAndAnOutsideSenderIsCaughtUpWith() async throws {
        try await withSimulator { endpoints, server in
            let trader = Self.trader(endpoints)
            let bid = try #require(await server.exchange.bestPrices(market: 0).bid)
            let request = OrderRequest(market: Self.market, isAsk: false, size: FixedDecimal("0.01")!,
                                       price: bid - FixedDecimal("50")!, timeInForce: .postOnly(expiryMs: nil))
            let placed = try await withThrowingTaskGroup(of: PlacedOrder.self) { group in
                for _ in 0..<8 { group.addTask { try await trader.place(request) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(placed.map(\.nonce)).count == 8)
            #expect(Set(placed.map(\.clientOrderIndex)).count == 8)
            // Another process uses the same key: the trader's next nonce is stale, and it recovers.
            let outside = LighterTrader(rest: LighterREST(baseURL: endpoints.httpURL), privateKey: TestKeys.privateKey,
                                        account: H.account, apiKeyIndex: 0)
            _ = try await outside.place(request)
            let after = try await trader.place(request)
            #expect(after.nonce == (placed.map(\.nonce).max() ?? 0) + 2)
            let resting = await server.exchange.activeOrders(account: H.account, market: 0)
            #expect(resting.count == 10)
        }
    }

    @Test func refusalsAreTypedAndNothingIsSentForABadRequest() async throws {
        try await withSimulator { endpoints, _ in
            let trader = Self.trader(endpoints)
            await #expect(throws: TradeError.self) {
                // Five size decimals on a four-decimal market: refused before signing.
                try await trader.place(OrderRequest(market: Self.market, isAsk: true, size: FixedDecimal("0.00001")!,
                                                    price: FixedDecimal("3000")!))
            }
            // An unregistered key: the venue's own code comes back.
            let stranger = LighterTrader(rest: LighterREST(baseURL: endpoints.httpURL), privateKey: .generate(),
                                         account: H.account, apiKeyIndex: 3)
            let refused = await Self.outcome(stranger, OrderRequest(market: Self.market, isAsk: true, size: FixedDecimal("0.01")!,
                                                                    price: FixedDecimal("3000")!))
            guard case .failure(.rejected(let code, _)) = refused else { Issue.record("not refused: \(refused)"); return }
            #expect(code == .apiKeyNotFound || code == .invalidSignature, "\(code)")
        }
        // Nothing listening: the outcome is unknown, not a failure to retry blindly.
        let closedPort = try await withSimulator { endpoints, _ in endpoints.port }
        let nowhere = LighterTrader(rest: LighterREST(baseURL: "http://127.0.0.1:\(closedPort)", client: LighterREST.failFastClient),
                                    privateKey: TestKeys.privateKey, account: H.account, apiKeyIndex: 0)
        let lost = await Self.outcome(nowhere, OrderRequest(market: Self.market, isAsk: true, size: FixedDecimal("0.01")!,
                                                            price: FixedDecimal("3000")!))
        guard case .failure(.unknownOutcome(let index, _)) = lost else { Issue.record("not unknown: \(lost)"); return }
        #expect(index > 0)
    }

    /// The venue refusing a nonce now and then: the trader asks for the nonce again and sends
    /// once more, so every order goes through; a rate limit comes back typed, to retry later.
    @Test func aRefusedNonceIsFetchedAgainAndARateLimitIsTyped() async throws {
        try await withSimulator({ $0.faults.set(.badNonce, parameter: 2) }) { endpoints, server in
            let trader = Self.trader(endpoints)
            let bid = try #require(await server.exchange.bestPrices(market: 0).bid)
            let request = OrderRequest(market: Self.market, isAsk: false, size: FixedDecimal("0.01")!,
                                       price: bid - FixedDecimal("50")!, timeInForce: .postOnly(expiryMs: nil))
            var placed: [PlacedOrder] = []
            for _ in 0..<4 { placed.append(try await trader.place(request)) }
            #expect(Set(placed.map(\.nonce)).count == 4)
            #expect(await server.exchange.activeOrders(account: H.account, market: 0).count == 4)
        }
        try await withSimulator({ $0.faults.set(.rateLimitTx, parameter: 2) }) { endpoints, server in
            let trader = Self.trader(endpoints)
            let bid = try #require(await server.exchange.bestPrices(market: 0).bid)
            let request = OrderRequest(market: Self.market, isAsk: false, size: FixedDecimal("0.01")!,
                                       price: bid - FixedDecimal("50")!, timeInForce: .postOnly(expiryMs: nil))
            _ = try await trader.place(request)
            let limited = await Self.outcome(trader, request)
            guard case .failure(.rejected(let code, _)) = limited else { Issue.record("not refused: \(limited)"); return }
            #expect(code == .tooManyRequests)
            // A refused transaction used no nonce: the next one goes through.
            _ = try await trader.place(request)
        }
    }

    /// With the stream client as its socket, the trader sends on the open connection
    /// (`jsonapi/sendtx`), refetches a refused nonce there too, and uses REST while no
    /// connection is open.
    @Test func ordersGoOutOnTheOpenSocketAndOverRESTWhenItIsDown() async throws {
        try await withSimulator({ $0.faults.set(.badNonce, parameter: 3) }) { endpoints, server in
            let client = H.start(endpoints)
            try await client.log.waitUntil("account_orders confirmed") {
                $0.state(of: .accountOrders(market: 0, account: H.account))?.isConfirmed == true
            }
            let trader = LighterTrader(rest: LighterREST(baseURL: endpoints.httpURL), privateKey: TestKeys.privateKey,
                                       account: H.account, apiKeyIndex: 0, socket: client.client)
            let bid = try #require(await server.exchange.bestPrices(market: 0).bid)
            let request = OrderRequest(market: Self.market, isAsk: false, size: FixedDecimal("0.01")!,
                                       price: bid - FixedDecimal("50")!, timeInForce: .postOnly(expiryMs: nil))
            var placed: [PlacedOrder] = []
            for _ in 0..<4 { placed.append(try await trader.place(request)) }
            #expect(placed.allSatisfy { $0.route == .socket }, "\(placed.map(\.route))")
            #expect(Set(placed.map(\.nonce)).count == 4)
            #expect(await server.exchange.activeOrders(account: H.account, market: 0).count == 4)
            await client.stop()
            let afterStop = try await trader.place(request)
            #expect(afterStop.route == .rest)
        }
    }

    static func outcome(_ trader: LighterTrader, _ request: OrderRequest) async -> Result<PlacedOrder, TradeError> {
        do { return .success(try await trader.place(request)) } catch { return .failure(error) }
    }

    @Test func clientOrderIndexesOnlyGrowAndStayBelowTheLimit() {
        var indexes = ClientOrderIndexes()
        let a = indexes.next(nowMs: 1_800_000_000_000)
        let b = indexes.next(nowMs: 1_800_000_000_000)
        let c = indexes.next(nowMs: 1_799_999_999_000)
        #expect(a < b && b < c)
        #expect(c < ClientOrderIndexes.limit)
        // A later run (a new value) starts from the clock, above what an earlier run gave.
        var later = ClientOrderIndexes()
        #expect(later.next(nowMs: 1_800_000_000_001) > b)
    }
}
