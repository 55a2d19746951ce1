import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// Orders sent over the wire fill against the simulated book and show up on the account channels.
@Suite(.serialized) struct SimulatorTradingTests {
    static let account: Int64 = 7

    /// Connects, subscribes to the book and the account's channels, returns the client and the snapshot.
    static func subscribedClient(_ endpoints: SimulatorEndpoints) async throws -> (PlainStreamClient, OrderBookFrame) {
        let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
        try await client.send(.subscribe(channel: "account_orders/0/\(account)", auth: wellFormedToken(account: account)))
        try await client.send(.subscribe(channel: "account_all_trades/\(account)", auth: nil))
        try await client.waitFor("subscribed/account_orders") { if case .accountOrders(let f) = $0 { f.isSnapshot } else { false } }
        try await client.waitFor("subscribed/account_all_trades") { if case .accountTrades(let f) = $0 { f.isSnapshot } else { false } }
        try await client.send(.subscribe(channel: "order_book/0", auth: nil))
        let frame = try await client.waitFor("book") { if case .orderBook(let b) = $0 { b.isSnapshot } else { false } }
        guard case .orderBook(let book) = frame else { throw HarnessError("no book") }
        return (client, book)
    }

    /// The account's order updates for `orderClientIndex`, newest last.
    static func updates(_ client: PlainStreamClient, clientOrderIndex: Int64) -> [Order] {
        client.frames.flatMap { frame -> [Order] in
            guard case .accountOrders(let f) = frame, !f.isSnapshot else { return [] }
            return f.allOrders.filter { $0.clientOrderIndex == clientOrderIndex }
        }
    }

    static func trades(_ client: PlainStreamClient, orderIndex: Int64) -> [Trade] {
        client.frames.flatMap { frame -> [Trade] in
            guard case .accountTrades(let f) = frame, !f.isSnapshot else { return [] }
            return f.allTrades.filter { $0.bidID == orderIndex || $0.askID == orderIndex }
        }
    }

    static func finalUpdate(_ client: PlainStreamClient, clientOrderIndex: Int64) async throws -> Order {
        let frame = try await client.waitFor("final status of \(clientOrderIndex)") { frame in
            guard case .accountOrders(let f) = frame else { return false }
            return f.allOrders.contains { $0.clientOrderIndex == clientOrderIndex && $0.status.isFinal }
        }
        guard case .accountOrders(let f) = frame,
              let order = f.allOrders.first(where: { $0.clientOrderIndex == clientOrderIndex }) else { throw HarnessError("no order") }
        return order
    }

    @Test func crossingIOCFillsAndBothChannelsAgree() async throws {
        try await withSimulator({ $0.updatesPerSecond = 1 }) { endpoints, server in
            let (client, book) = try await Self.subscribedClient(endpoints)
            let ask = try #require(book.asks.first)
            let nonce = await server.exchange.nextNonce(account: Self.account, apiKeyIndex: 0)
            // Buy 0.0100 ETH, willing to pay up to 1% above the touch: it fills whole.
            let limit = try #require(ask.price.multiplied(by: FixedDecimal("1.01")!).floored(decimals: 2).scaledInteger(decimals: 2))
            let tx = createOrderTx(account: Self.account, market: 0, clientOrderIndex: 101, baseAmount: 100,
                                   price: limit, isAsk: false, type: 0, timeInForce: 0, nonce: nonce)
            try await client.send(.sendTx(id: "t1", txType: 14, txInfoJSON: tx))
            try await client.waitFor("tx result") { if case .txResult(let r) = $0 { r.id == "t1" && r.code == 200 && r.txHash.count == 80 } else { false } }
            let order = try await Self.finalUpdate(client, clientOrderIndex: 101)
            #expect(order.status == .filled)
            #expect(order.filledBaseAmount == FixedDecimal("0.01"))
            #expect(order.remainingBaseAmount == .zero)
            #expect(!order.isAsk)
            try await client.waitFor("trades") { if case .accountTrades(let f) = $0 { !f.isSnapshot } else { false } }
            try await Task.sleep(for: .milliseconds(200))
            let trades = Self.trades(client, orderIndex: order.orderIndex)
            #expect(!trades.isEmpty)
            let tradedBase = trades.reduce(FixedDecimal.zero) { $0 + $1.size }
            let tradedQuote = trades.reduce(FixedDecimal.zero) { $0 + $1.price.multiplied(by: $1.size) }
            #expect(tradedBase == order.filledBaseAmount)
            #expect(tradedQuote == order.filledQuoteAmount)
            #expect(trades.allSatisfy { $0.bidAccountID == Self.account && $0.isMakerAsk })
            await client.close()
        }
    }

    @Test func iocLargerThanTheTouchEndsCanceledWithAPartialFill() async throws {
        try await withSimulator({ $0.updatesPerSecond = 1 }) { endpoints, server in
            let (client, _) = try await Self.subscribedClient(endpoints)
            // The touch as it is now, not as the snapshot showed it. The book walks once a second:
            // when it moved away between the read and the order, nothing crossed; try again.
            var order = try await Self.buyThreeTimesTheTouch(server, client, clientOrderIndex: 202)
            for attempt in 1...4 where order.filledBaseAmount == .zero {
                order = try await Self.buyThreeTimesTheTouch(server, client, clientOrderIndex: 202 + Int64(attempt))
            }
            #expect(order.status.wire.hasPrefix("canceled"))
            #expect(order.filledBaseAmount > .zero)
            #expect(order.filledBaseAmount < order.initialBaseAmount)
            try await Task.sleep(for: .milliseconds(200))
            let trades = Self.trades(client, orderIndex: order.orderIndex)
            #expect(trades.reduce(FixedDecimal.zero) { $0 + $1.size } == order.filledBaseAmount)
            await client.close()
        }
    }

    /// An IOC buy of three times the size at the touch, at the touch's price; its final update.
    static func buyThreeTimesTheTouch(_ server: SimulatorServer, _ client: PlainStreamClient,
                                      clientOrderIndex: Int64) async throws -> Order {
        let nonce = await server.exchange.nextNonce(account: Self.account, apiKeyIndex: 0)
        let ask = try #require(await server.exchange.topOfBook(market: 0).ask)
        let touchSize = try #require(ask.size.scaledInteger(decimals: 4))
        let tx = createOrderTx(account: Self.account, market: 0, clientOrderIndex: clientOrderIndex, baseAmount: touchSize * 3,
                               price: try #require(ask.price.scaledInteger(decimals: 2)), isAsk: false,
                               type: 0, timeInForce: 0, nonce: nonce)
        try await client.send(.sendTx(id: nil, txType: 14, txInfoJSON: tx))
        return try await Self.finalUpdate(client, clientOrderIndex: clientOrderIndex)
    }

    @Test func restSendTxAndOrderQueries() async throws {
        try await withSimulator({ $0.updatesPerSecond = 1 }) { endpoints, server in
            let (client, book) = try await Self.subscribedClient(endpoints)
            let bid = try #require(book.bids.first)
            let nonceText = try await httpRequest("\(endpoints.httpURL)/api/v1/nextNonce?account_index=\(Self.account)&api_key_index=0")
            #expect(nonceText.status == 200)
            let nonce = await server.exchange.nextNonce(account: Self.account, apiKeyIndex: 0)
            #expect(nonceText.body == "{\"code\":200,\"nonce\":\(nonce)}")
            // A resting GTT sell far above the market stays open.
            let price = try #require(bid.price.multiplied(by: 2).floored(decimals: 2).scaledInteger(decimals: 2))
            let expiry = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
            let tx = createOrderTx(account: Self.account, market: 0, clientOrderIndex: 303, baseAmount: 50, price: price,
                                   isAsk: true, type: 0, timeInForce: 1, nonce: nonce, orderExpiry: expiry)
            let sent = try await httpRequest("\(endpoints.httpURL)/api/v1/sendTx", method: "POST",
                                             body: formEncode([("tx_type", "14"), ("tx_info", tx)]))
            #expect(sent.status == 200, "\(sent.body)")
            #expect(sent.body.contains("\"tx_hash\""))
            try await client.waitFor("open order") { if case .accountOrders(let f) = $0 { f.allOrders.contains { $0.clientOrderIndex == 303 && $0.status == .open } } else { false } }
            // Reusing the nonce is refused with 21104.
            let again = try await httpRequest("\(endpoints.httpURL)/api/v1/sendTx", method: "POST",
                                              body: formEncode([("tx_type", "14"), ("tx_info", tx)]))
            #expect(again.status == 400)
            #expect(again.body.contains("21104"))
            // Active orders need auth and list the resting order.
            let unauthorised = try await httpRequest("\(endpoints.httpURL)/api/v1/accountActiveOrders?account_index=\(Self.account)&market_id=0")
            #expect(unauthorised.status == 400)
            #expect(unauthorised.body.contains("20001"))
            let active = try await httpRequest("\(endpoints.httpURL)/api/v1/accountActiveOrders?account_index=\(Self.account)&market_id=0",
                                               headers: ["Authorization": wellFormedToken(account: Self.account)])
            #expect(active.status == 200)
            #expect(active.body.contains("\"client_order_index\":303"))
            let books = try await httpRequest("\(endpoints.httpURL)/api/v1/orderBooks")
            #expect(books.body.contains("\"market_id\":2048"))
            #expect(books.body.contains("\"supported_size_decimals\":4"))
            await client.close()
        }
    }
}
