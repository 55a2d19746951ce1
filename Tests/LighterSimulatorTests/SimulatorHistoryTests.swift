import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// The REST history a client reconciles from: finished orders and trades, paged newest first
/// with an opaque cursor, over the real server on loopback.
@Suite(.serialized) struct SimulatorHistoryTests {
    /// Waits until `count` tx results (or refusals) have arrived.
    static func waitForTxResults(_ client: PlainStreamClient, count: Int, seconds: Double = 60) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let results = client.frames.filter { if case .txResult = $0 { true } else if case .error = $0 { true } else { false } }
            if results.count >= count {
                let refused = results.filter { if case .error = $0 { true } else { false } }
                guard refused.isEmpty else { throw HarnessError("refused: \(refused.prefix(3))") }
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessError("fewer than \(count) tx results within \(seconds)s")
    }

    /// Every page of a paged endpoint, following `next_cursor` until it is absent or empty.
    static func allPages<Item>(_ url: String, headers: [String: String] = [:],
                               decode: ([UInt8]) throws -> (items: [Item], cursor: String?)) async throws -> [[Item]] {
        var pages: [[Item]] = []
        var cursor: String?
        repeat {
            let pageURL = url + (cursor.map { "&cursor=\($0)" } ?? "")
            let response = try await httpRequest(pageURL, headers: headers)
            guard response.status == 200 else { throw HarnessError("\(pageURL): \(response.status) \(response.body)") }
            let page = try decode(Array(response.body.utf8))
            pages.append(page.items)
            cursor = page.cursor.flatMap { $0.isEmpty ? nil : $0 }
            guard pages.count < 100 else { throw HarnessError("no last page") }
        } while cursor != nil
        return pages
    }

    /// An unsigned create order expiring in ten minutes, for a simulator that does not verify
    /// signatures: hundreds of Schnorr signatures in a debug build would only cost time.
    static func order(account: Int64, market: Int, client: Int64, base: Int64, price: Int64, isAsk: Bool,
                      nonce: Int64) -> String {
        EngineOverflowTests.tx(account: account, market: market, client: client, base: base, price: price, isAsk: isAsk,
                               nonce: nonce, expiredAt: Int64(Date().timeIntervalSince1970 * 1000) + 600_000)
    }

    static func orders(_ body: [UInt8]) throws -> (items: [Order], cursor: String?) {
        let page = try RESTResponses.orders(body)
        return (page.orders, page.nextCursor)
    }

    static func trades(_ body: [UInt8]) throws -> (items: [Trade], cursor: String?) {
        let page = try RESTResponses.trades(body)
        return (page.trades, page.nextCursor)
    }

    @Test func finishedOrdersPageNewestFirstExactlyOnce() async throws {
        let account: Int64 = 15
        try await withSimulator({ $0.updatesPerSecond = 2; $0.authMode = .unverifiedSignatures }) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            // IOC sells far above the book: each ends canceled at once, unfilled. One in nine is on BTC.
            var eth: [Int64] = []
            var all: [Int64] = []
            for i in 0..<280 {
                let onBTC = i % 9 == 4 && all.count - eth.count < 30
                let clientIndex = Int64(1_000 + i)
                let tx = onBTC
                    ? Self.order(account: account, market: 1, client: clientIndex, base: 20, price: 2_000_000, isAsk: true,
                                 nonce: Int64(i))
                    : Self.order(account: account, market: 0, client: clientIndex, base: 100, price: 1_000_000, isAsk: true,
                                 nonce: Int64(i))
                try await client.send(.sendTx(id: "\(i)", txType: 14, txInfoJSON: tx))
                if !onBTC { eth.append(clientIndex) }
                all.append(clientIndex)
            }
            #expect(eth.count == 250)
            try await Self.waitForTxResults(client, count: 280)
            await client.close()

            let auth = ["Authorization": wellFormedToken(account: account)]
            let base = "\(endpoints.httpURL)/api/v1/accountInactiveOrders?account_index=\(account)"
            let ethPages = try await Self.allPages(base + "&market_id=0&limit=100", headers: auth, decode: Self.orders)
            #expect(ethPages.map(\.count) == [100, 100, 50])
            let ethOrders = ethPages.flatMap { $0 }
            #expect(ethOrders.map(\.clientOrderIndex) == eth.reversed())
            #expect(ethOrders.allSatisfy { $0.status.isFinal && $0.marketIndex == 0 })

            let allPages = try await Self.allPages(base + "&market_id=255&limit=100", headers: auth, decode: Self.orders)
            #expect(allPages.map(\.count) == [100, 100, 80])
            #expect(allPages.flatMap { $0 }.map(\.clientOrderIndex) == all.reversed())
            let small = try await Self.allPages(base + "&limit=7", headers: auth, decode: Self.orders)
            #expect(small.count == 40 && small.flatMap { $0 }.map(\.clientOrderIndex) == all.reversed())

            // The venue's limits and auth; a cursor of another list or of no list is refused.
            for query in ["&limit=0", "&limit=101", "", "&limit=10&cursor=bogus", "&limit=10&cursor=t5"] {
                let response = try await httpRequest(base + query, headers: auth)
                #expect(response.status == 400, "\(query)")
                #expect(response.body.contains("\"code\":20001"), "\(query): \(response.body)")
            }
            #expect(try await httpRequest(base + "&limit=10").status == 400)
            let byQuery = try await httpRequest(base + "&limit=1&auth=\(wellFormedToken(account: account))")
            #expect(byQuery.status == 200)
            #expect(try RESTResponses.orders(Array(byQuery.body.utf8)).nextCursor?.isEmpty == false)
        }
    }

    @Test func accountTradesPageNewestFirstExactlyOnce() async throws {
        let account: Int64 = 16
        try await withSimulator({ $0.updatesPerSecond = 2; $0.authMode = .unverifiedSignatures }) { endpoints, server in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.send(.subscribe(channel: "order_book/0", auth: nil))
            let frame = try await client.waitFor("book") { if case .orderBook(let b) = $0 { b.isSnapshot } else { false } }
            guard case .orderBook(let book) = frame, let ask = book.asks.first,
                  let limit = ask.price.multiplied(by: 105).divided(by: 100)?.floored(decimals: 2).scaledInteger(decimals: 2)
            else { throw HarnessError("no ask") }
            // 130 buys crossing the touch by 5%: each fills, some across two levels.
            for i in 0..<130 {
                try await client.send(.sendTx(id: "\(i)", txType: 14, txInfoJSON: Self.order(
                    account: account, market: 0, client: Int64(1 + i), base: 50, price: limit, isAsk: false, nonce: Int64(i))))
            }
            try await Self.waitForTxResults(client, count: 130)
            await client.close()
            let fills = await server.exchange.fills(account: account)
            #expect(fills.count >= 130)

            let url = "\(endpoints.httpURL)/api/v1/trades?account_index=\(account)&market_id=0&sort_by=timestamp&limit=100"
                + "&auth=\(wellFormedToken(account: account))"
            let pages = try await Self.allPages(url, decode: Self.trades)
            #expect(pages.first?.count == 100 && pages.count == (fills.count + 99) / 100)
            let paged = pages.flatMap { $0 }
            #expect(paged.map(\.tradeID) == fills.reversed().map(\.tradeID))
            #expect(Set(paged.map(\.tradeID)).count == paged.count)
            #expect(paged.allSatisfy { $0.bidAccountID == account && $0.size > .zero && $0.txHash.count == 80 })
            // Another market has none of them; the header works as well as the query.
            let btc = try await httpRequest("\(endpoints.httpURL)/api/v1/trades?account_index=\(account)&market_id=1&limit=100",
                                            headers: ["Authorization": wellFormedToken(account: account)])
            #expect(btc.status == 200)
            #expect(try RESTResponses.trades(Array(btc.body.utf8)).trades.isEmpty)
            #expect(!btc.body.contains("next_cursor"))
            for query in ["&limit=100&sort_by=price", "&limit=0", "&limit=10&cursor=o5"] {
                let response = try await httpRequest("\(endpoints.httpURL)/api/v1/trades?account_index=\(account)" + query,
                                                     headers: ["Authorization": wellFormedToken(account: account)])
                #expect(response.status == 400, "\(query)")
            }
            #expect(try await httpRequest("\(endpoints.httpURL)/api/v1/trades?account_index=\(account)&limit=10").status == 400)
        }
    }

    @Test func historyIsBoundedButKeepsItsLimitPerAccount() {
        #expect(ExchangeEngine.defaultHistoryLimit >= 10_000)
        #expect(ExchangeEngine(markets: SimMarket.defaults(symbols: []), seed: 1).historyLimit == ExchangeEngine.defaultHistoryLimit)
        // The same trimming at a small limit: 250 finished orders and their trades against a limit of 40.
        let engine = ExchangeEngine(markets: SimMarket.defaults(symbols: []), seed: 1, historyLimit: 40)
        let t0: Int64 = 1_780_000_000_000
        for i in 0..<Int64(250) {
            // Buys far above the book fill at once: a finished order and a trade each.
            let tx = "{\"AccountIndex\":31,\"ApiKeyIndex\":0,\"MarketIndex\":0,\"ClientOrderIndex\":0,\"BaseAmount\":50,"
                + "\"Price\":1000000,\"IsAsk\":0,\"Type\":0,\"TimeInForce\":0,\"ReduceOnly\":0,\"TriggerPrice\":0,"
                + "\"OrderExpiry\":0,\"ExpiredAt\":\(t0 + 599_000),\"Nonce\":\(i),\"Sig\":\"AAAA\"}"
            guard case .success = engine.submit(txType: 14, txInfoJSON: tx, nowMs: t0) else {
                Issue.record("refused at \(i)")
                return
            }
            if i % 20 == 0 { _ = engine.tick(market: 0, nowMs: t0 + i) }
        }
        var pagedOrders: [Order] = []
        var cursor: Int64?
        repeat {
            let page = engine.inactiveOrders(account: 31, limit: 7, before: cursor)
            pagedOrders += page.items
            cursor = page.nextCursor
        } while cursor != nil
        var pagedTrades: [Trade] = []
        cursor = nil
        repeat {
            let page = engine.trades(account: 31, market: nil, limit: 9, before: cursor)
            pagedTrades += page.items
            cursor = page.nextCursor
        } while cursor != nil
        #expect((40...80).contains(pagedOrders.count), "\(pagedOrders.count)")
        #expect((40...80).contains(pagedTrades.count), "\(pagedTrades.count)")
        // What is kept is the newest, whole and in order; what is dropped is forgotten everywhere.
        #expect(pagedOrders.map(\.nonce) == Array((Int64(250 - pagedOrders.count)..<250).reversed()))
        #expect(pagedTrades.map(\.tradeID) == pagedTrades.map(\.tradeID).sorted(by: >))
        #expect(engine.orders(account: 31).count == pagedOrders.count)
    }

    @Test func accountSilenceStopsEveryAccountChannelWhileBookAndRESTGoOn() async throws {
        let account: Int64 = 17
        try await withSimulator({ $0.faults.set(.accountSilenceAfter, parameter: 1); $0.updatesPerSecond = 10 }) { endpoints, server in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            let token = wellFormedToken(account: account)
            try await client.send(.subscribe(channel: "account_orders/0/\(account)", auth: token))
            try await client.send(.subscribe(channel: "account_all_orders/\(account)", auth: token))
            try await client.send(.subscribe(channel: "account_all_trades/\(account)", auth: token))
            try await client.send(.subscribe(channel: "order_book/0", auth: nil))
            try await client.send(.subscribe(channel: "trade/0", auth: nil))
            let frame = try await client.waitFor("book") { if case .orderBook(let b) = $0 { b.isSnapshot } else { false } }
            #expect(client.frames.filter { if case .accountOrders(let f) = $0 { f.isSnapshot } else { false } }.count == 2)
            #expect(client.frames.contains { if case .accountTrades(let f) = $0 { f.isSnapshot } else { false } })
            guard case .orderBook(let book) = frame, let ask = book.asks.first,
                  let limit = ask.price.multiplied(by: 105).divided(by: 100)?.floored(decimals: 2).scaledInteger(decimals: 2)
            else { throw HarnessError("no ask") }

            try await Task.sleep(for: .milliseconds(1_300))
            let mark = client.texts.count
            // A fill through REST, and a new account subscription: neither may reach the socket.
            let form = formEncode([("tx_type", "14"), ("tx_info", createOrderTx(
                account: account, market: 0, clientOrderIndex: 5, baseAmount: 100, price: limit, isAsk: false, nonce: 0))])
            let sent = try await httpRequest("\(endpoints.httpURL)/api/v1/sendTx", method: "POST", body: form)
            #expect(sent.status == 200, "\(sent.body)")
            try await client.send(.subscribe(channel: "account_orders/1/\(account)", auth: token))
            try await client.waitFor("the public trade", after: mark) { if case .trades(let t) = $0 { !t.isSnapshot } else { false } }
            try await Task.sleep(for: .milliseconds(500))

            let after = client.texts.dropFirst(mark).compactMap { try? FrameDecoder.decode($0) }
            let accountFrames = after.filter {
                switch $0 {
                case .accountOrders, .accountTrades: true
                default: false
                }
            }
            #expect(accountFrames.isEmpty, "\(accountFrames)")
            #expect(after.filter { if case .orderBook(let b) = $0 { !b.isSnapshot } else { false } }.count >= 3)
            #expect(!client.isFinished)

            // REST still answers with what the socket kept quiet about.
            #expect(await server.exchange.fills(account: account).count >= 1)
            let orders = try await httpRequest(
                "\(endpoints.httpURL)/api/v1/accountInactiveOrders?account_index=\(account)&limit=10", headers: ["Authorization": token])
            #expect(try RESTResponses.orders(Array(orders.body.utf8)).orders.map(\.clientOrderIndex) == [5])
            let trades = try await httpRequest(
                "\(endpoints.httpURL)/api/v1/trades?account_index=\(account)&limit=10&sort_by=timestamp", headers: ["Authorization": token])
            #expect(try RESTResponses.trades(Array(trades.body.utf8)).trades.isEmpty == false)
            await client.close()
        }
    }
}
