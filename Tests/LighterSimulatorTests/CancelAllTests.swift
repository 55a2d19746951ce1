import Foundation
import LighterProtocol
import LighterSigner
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// Cancel-all (tx type 16): now, in one market (attribute 5), scheduled as a dead-man switch,
/// and the scheduled one aborted; signed and hashed as the venue does.
@Suite struct CancelAllTests {
    static let t0 = EngineOverflowTests.t0
    static let account: Int64 = 41

    static func cancelAll(timeInForce: Int, time: Int64, nonce: Int64, attributes: String = "null", now: Int64 = t0) -> String {
        "{\"AccountIndex\":\(account),\"ApiKeyIndex\":0,\"TimeInForce\":\(timeInForce),\"Time\":\(time),"
            + "\"ExpiredAt\":\(now + 599_000),\"Nonce\":\(nonce),\"Sig\":\"AAAA\",\"L2TxAttributes\":\(attributes)}"
    }

    /// A resting buy far below the book.
    static func rest(_ engine: ExchangeEngine, market: Int, client: Int64, nonce: Int64, now: Int64 = t0) {
        let price: Int64 = market == 0 ? 150_000 : 500_000
        let base: Int64 = market == 0 ? 100 : 50
        let tx = EngineOverflowTests.tx(account: account, market: market, client: client, base: base, price: price,
                                        isAsk: false, tif: 1, expiry: now + 3_600_000, nonce: nonce, expiredAt: now + 599_000)
        if case .failure(let error) = engine.submit(txType: 14, txInfoJSON: tx, nowMs: now) { Issue.record("\(error)") }
    }

    @Test func nowInOneMarketThenEverywhere() {
        let engine = ExchangeEngine(markets: SimMarket.defaults(symbols: ["ETH", "BTC"]), seed: 4)
        Self.rest(engine, market: 0, client: 1, nonce: 0)
        Self.rest(engine, market: 0, client: 2, nonce: 1)
        Self.rest(engine, market: 1, client: 3, nonce: 2)
        let eth = engine.submit(txType: 16, txInfoJSON: Self.cancelAll(timeInForce: 0, time: 0, nonce: 3, attributes: "{\"5\":0}"),
                                nowMs: Self.t0)
        guard case .success(let first) = eth else { Issue.record("refused: \(eth)"); return }
        let canceled = first.events.compactMap { if case .orderUpdated(let o) = $0 { o } else { nil } }
        #expect(canceled.map(\.clientOrderIndex).sorted() == [1, 2] && canceled.allSatisfy { $0.status == .canceled })
        #expect(first.events.contains { if case .book(let b) = $0 { b.market == 0 } else { false } })
        #expect(engine.activeOrders(account: Self.account).map(\.clientOrderIndex) == [3])
        let all = engine.submit(txType: 16, txInfoJSON: Self.cancelAll(timeInForce: 0, time: 0, nonce: 4), nowMs: Self.t0)
        #expect((try? all.get()) != nil)
        #expect(engine.activeOrders(account: Self.account).isEmpty)
        #expect(engine.inactiveOrders(account: Self.account).items.count == 3)
    }

    @Test func scheduledFiresAtItsTimeUnlessAborted() {
        let engine = ExchangeEngine(markets: SimMarket.defaults(symbols: ["ETH"]), seed: 4)
        let deadline = Self.t0 + 600_000
        #expect((try? engine.submit(txType: 16, txInfoJSON: Self.cancelAll(timeInForce: 1, time: deadline, nonce: 0),
                                    nowMs: Self.t0).get()) != nil)
        #expect(engine.cancelAllTime(account: Self.account) == deadline)
        Self.rest(engine, market: 0, client: 1, nonce: 1)
        #expect(engine.runScheduledCancels(nowMs: deadline - 1).isEmpty)
        let fired = engine.runScheduledCancels(nowMs: deadline)
        #expect(fired.contains { if case .orderUpdated(let o) = $0 { o.clientOrderIndex == 1 && o.status == .canceled } else { false } })
        #expect(engine.cancelAllTime(account: Self.account) == 0 && engine.activeOrders(account: Self.account).isEmpty)

        // Scheduled again, then aborted: nothing happens at the time.
        let again = Self.cancelAll(timeInForce: 1, time: deadline + 600_000, nonce: 2, now: deadline)
        #expect((try? engine.submit(txType: 16, txInfoJSON: again, nowMs: deadline).get()) != nil)
        Self.rest(engine, market: 0, client: 2, nonce: 3, now: deadline)
        let abort = Self.cancelAll(timeInForce: 2, time: 0, nonce: 4, now: deadline)
        #expect((try? engine.submit(txType: 16, txInfoJSON: abort, nowMs: deadline).get()) != nil)
        #expect(engine.cancelAllTime(account: Self.account) == 0)
        #expect(engine.runScheduledCancels(nowMs: deadline + 700_000).isEmpty)
        #expect(engine.activeOrders(account: Self.account).map(\.clientOrderIndex) == [2])
    }

    @Test func invalidCombinationsAreRefusedAndUseNoNonce() {
        let engine = ExchangeEngine(markets: SimMarket.defaults(symbols: ["ETH"]), seed: 4)
        let refused = [
            Self.cancelAll(timeInForce: 0, time: Self.t0, nonce: 0),                          // immediate with a time
            Self.cancelAll(timeInForce: 1, time: Self.t0 + 60_000, nonce: 0),                 // under 5 minutes
            Self.cancelAll(timeInForce: 1, time: Self.t0 + 16 * 86_400_000, nonce: 0),        // over 15 days
            Self.cancelAll(timeInForce: 1, time: Self.t0 + 600_000, nonce: 0, attributes: "{\"5\":0}"),  // market on a schedule
            Self.cancelAll(timeInForce: 3, time: 0, nonce: 0),
            Self.cancelAll(timeInForce: 0, time: 0, nonce: 0, attributes: "{\"5\":7}"),       // no such market
        ]
        for tx in refused {
            guard case .failure(let error) = engine.submit(txType: 16, txInfoJSON: tx, nowMs: Self.t0) else {
                Issue.record("accepted: \(tx)")
                continue
            }
            #expect([VenueErrorCode.invalidTxInfo.rawValue, VenueErrorCode.invalidMarketIndex.rawValue].contains(error.code ?? 0), "\(tx)")
        }
        #expect(engine.nextNonce(account: Self.account, apiKeyIndex: 0) == 0)
    }

    @Test func signedCancelAllThroughTheServer() async throws {
        try await withSimulator({ $0.updatesPerSecond = 1 }) { endpoints, server in
            let expiry = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
            let resting = createOrderTx(account: 12, market: 0, clientOrderIndex: 9, baseAmount: 100, price: 150_000,
                                        isAsk: false, timeInForce: 1, nonce: 0, orderExpiry: expiry)
            let placed = try await httpRequest(endpoints.httpURL + "/api/v1/sendTx", method: "POST",
                                               body: formEncode([("tx_type", "14"), ("tx_info", resting)]))
            #expect(placed.status == 200, "\(placed.body)")
            let tx = CancelAllOrdersTx(accountIndex: 12, apiKeyIndex: 0, timeInForce: 0, time: 0,
                                       expiredAt: Int64(Date().timeIntervalSince1970 * 1000) + 600_000, nonce: 1)
            let signed = TestKeys.signer.sign(tx)
            let answer = try await VenueJSON.request(endpoints.httpURL + "/api/v1/sendTx", method: "POST",
                                                     body: formEncode([("tx_type", "16"), ("tx_info", signed.txInfo)]))
            #expect(answer.status == 200 && answer.json["tx_hash"]?.string == signed.txHash)
            #expect(await server.exchange.activeOrders(account: 12, market: nil).isEmpty)
        }
    }

    @Test func theSignersCancelAllSampleHashesAsTheVenue() throws {
        // Beside the checkout, or where LIGHTER_SAMPLES says, as for the protocol tests.
        let directory = ProcessInfo.processInfo.environment["LIGHTER_SAMPLES"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference/samples/lighter")
        let url = directory.appendingPathComponent("signer_tx_cancel_all_immediate.json")
        guard let data = try? Data(contentsOf: url),
              let sample = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let info = sample["tx_info"] as? String, let hash = sample["tx_hash"] as? String else {
            Issue.record("sample not readable at \(url.path)")
            return
        }
        #expect(SignedTransactions.hash(txType: 16, txInfoJSON: info) == hash)
    }
}
