import BackpackClient
import BackpackProtocol
import BackpackSimulator
import BackpackTestSupport
import LighterProtocol
import Testing

/// The REST client against the simulator: every call the hedge bot makes, and the venue's
/// errors arriving typed.
struct BackpackRESTClientTests {
    static let symbol = BackpackHarness.symbol

    private func client(_ endpoints: BackpackEndpoints, signer: BackpackSigner? = .generate()) -> BackpackRESTClient {
        BackpackRESTClient(baseURL: endpoints.httpURL, signer: signer)
    }

    @Test func publicEndpoints() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let rest = client(endpoints, signer: nil)
            let markets = try await rest.markets()
            #expect(markets.contains { $0.symbol == Self.symbol && $0.isPerp })
            #expect(try await rest.market(symbol: Self.symbol).tickSize == FixedDecimal("0.01"))
            let depth = try await rest.depth(symbol: Self.symbol, limit: 100)
            #expect(!depth.bids.isEmpty && !depth.asks.isEmpty)
            // REST lists bids ascending: the best bid is the last.
            #expect(depth.bids.map(\.price) == depth.bids.map(\.price).sorted())
            #expect(try await rest.ticker(symbol: Self.symbol).symbol == Self.symbol)
            #expect(abs(try await rest.syncClock()) < 5_000)
            await #expect(throws: BackpackRESTError.noKey) { _ = try await rest.openOrders(symbol: Self.symbol) }
        }
    }

    @Test func ordersCancelsAndTheirErrors() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let rest = client(endpoints)
            let book = try await rest.depth(symbol: Self.symbol)
            let bestBid = try #require(book.bids.last?.price)
            let bestAsk = try #require(book.asks.first?.price)

            // A post-only bid well through the asks would take (the book moves meanwhile, not that
            // far): refused, typed.
            await #expect(throws: BackpackRESTError.postOnlyWouldTake(message: "Order would immediately match and take")) {
                _ = try await rest.execute(.postOnlyLimit(symbol: Self.symbol, side: .bid, quantity: FixedDecimal("0.01")!,
                                                          price: bestAsk + 30))
            }
            // A maker below the touch rests; cancelled by client id, it is gone.
            let maker = try await rest.execute(.postOnlyLimit(symbol: Self.symbol, side: .bid, quantity: FixedDecimal("0.01")!,
                                                              price: bestBid - 5, clientId: 4242))
            #expect(maker.status == .new)
            #expect(try await rest.openOrders(symbol: Self.symbol).contains { $0.id == maker.id })
            guard case .cancelled(let cancelled) = try await rest.cancel(symbol: Self.symbol, clientID: 4242) else {
                Issue.record("a cancel without the fault is done at once")
                return
            }
            #expect(cancelled.id == maker.id && cancelled.status == .cancelled)
            await #expect {
                _ = try await rest.cancel(symbol: Self.symbol, orderID: maker.id)
            } throws: { error in
                if case .notFound? = error as? BackpackRESTError { true } else { false }
            }
            // An IOC through the touch fills; the fills history shows it, paged.
            let taker = try await rest.execute(BackpackOrderRequest(symbol: Self.symbol, side: .bid, orderType: .limit,
                                                                   quantity: FixedDecimal("0.01"), price: bestAsk + 5,
                                                                   timeInForce: .immediateOrCancel))
            #expect(taker.executedQuantity > .zero)
            let fills = try await rest.fills(symbol: Self.symbol, since: 0, pageLimit: 1, maxPages: 50)
            #expect(fills.complete && !fills.fills.isEmpty && fills.fills.allSatisfy { $0.orderID == taker.id })
            #expect(fills.pages == fills.fills.count + 1, "one fill a page, then a short page")
            #expect(try await rest.orderHistory(symbol: Self.symbol).contains { $0.id == maker.id && $0.status == .cancelled })
            #expect(try await rest.positions(symbol: Self.symbol).first?.netQuantity == taker.executedQuantity)
            #expect(try await rest.collateral().netEquity > .zero)
            // Far more than the collateral covers.
            await #expect(throws: BackpackRESTError.insufficientFunds(message: "Insufficient funds")) {
                _ = try await rest.execute(BackpackOrderRequest(symbol: Self.symbol, side: .bid, orderType: .limit,
                                                               quantity: FixedDecimal("100000"), price: bestBid - 5,
                                                               postOnly: true, timeInForce: .goodTillCancelled))
            }
        }
    }

    @Test func aCancelAnswered202IsAcceptedNotDone() async throws {
        try await withBackpackSimulator({ $0.faults.set(.cancelAccepted, parameter: 300) }) { endpoints, _ in
            let rest = client(endpoints)
            let bestBid = try #require(try await rest.depth(symbol: Self.symbol).bids.last?.price)
            let maker = try await rest.execute(.postOnlyLimit(symbol: Self.symbol, side: .bid, quantity: FixedDecimal("0.01")!,
                                                              price: bestBid - 5))
            #expect(try await rest.cancel(symbol: Self.symbol, orderID: maker.id) == .accepted)
            try await Task.sleep(for: .milliseconds(800))
            #expect(try await rest.openOrders(symbol: Self.symbol).allSatisfy { $0.id != maker.id })
        }
    }

    @Test func aSkewedVenueClockIsLearntAndRequestsGoThrough() async throws {
        try await withBackpackSimulator({ $0.faults.set(.clockSkew, parameter: 20_000) }) { endpoints, _ in
            let rest = client(endpoints)
            // No sync yet: the first signed request is outside its window, the clock is resynced
            // from /api/v1/time and the request sent again.
            #expect(rest.clock.offsetMs == nil)
            _ = try await rest.openOrders(symbol: Self.symbol)
            let offset = try #require(rest.clock.offsetMs)
            #expect(abs(offset - 20_000) < 2_000)
        }
    }

    @Test func aStormOf429sIsRetriedWithAGrowingPauseThenTyped() async throws {
        try await withBackpackSimulator({ $0.faults.set(.rateLimitStorm) }) { endpoints, server in
            var policy = RateLimitPolicy()
            policy.attempts = 3
            policy.initialPause = .milliseconds(200)
            let rest = BackpackRESTClient(baseURL: endpoints.httpURL, signer: .generate(), policy: policy)
            let started = ContinuousClock.now
            await #expect {
                _ = try await rest.openOrders(symbol: Self.symbol)
            } throws: { error in
                if case .rateLimited? = error as? BackpackRESTError { true } else { false }
            }
            // Two pauses (200 ms, then 400 ms) between three attempts.
            #expect(ContinuousClock.now - started >= .milliseconds(550))
            #expect(await server.exchange.stats.rateLimited == 3)
        }
    }
}
