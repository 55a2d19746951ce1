import BackpackProtocol
import BackpackSimulator
import BackpackTestSupport
import Foundation
import LighterProtocol
import LighterTestSupport
import Testing

/// Orders against the simulator over loopback with a plain signed client.
@Suite(.serialized) struct TradingTests {
    static let eth = "ETH_USDC_PERP"

    static func book(_ client: BackpackTestClient) async throws -> BackpackOrderBook {
        var book = BackpackOrderBook(symbol: eth)
        book.apply(try decodeBody(BackpackDepthSnapshot.self, try await client.get("/api/v1/depth", [BackpackParam("symbol", eth)])))
        return book
    }

    static func orderEvents(_ stream: PlainStreamClient) -> [BackpackOrderUpdate] {
        stream.backpackFrames.compactMap { if case .orderUpdate(let update) = $0 { update } else { nil } }
    }

    static func positionEvents(_ stream: PlainStreamClient) -> [BackpackPositionUpdate] {
        stream.backpackFrames.compactMap { if case .positionUpdate(let update) = $0 { update } else { nil } }
    }

    /// A post-only bid at the best bid; refetches the book and tries again when the book moved
    /// and the venue refuses it as taking (as a hedge bot does).
    static func joinBestBid(_ client: BackpackTestClient, quantity: FixedDecimal, clientId: UInt32) async throws -> BackpackOrder {
        for _ in 0..<10 {
            let bid = try #require(try await book(client).bestBid).price
            let response = try await client.execute(.postOnlyLimit(symbol: eth, side: .bid, quantity: quantity, price: bid, clientId: clientId))
            if response.status == 200 { return try decodeBody(BackpackOrder.self, response) }
            #expect(try decodeBody(BackpackAPIError.self, response).isPostOnlyRejection)
        }
        throw HarnessError("the maker was refused ten times")
    }

    /// A private stream for the client's account. The venue never acknowledges a subscribe, so a
    /// public depth stream rides in the same message: its first frame shows the whole message was taken.
    static func privateStream(_ endpoints: BackpackEndpoints, _ client: BackpackTestClient,
                              streams: [String] = ["account.orderUpdate", "account.positionUpdate.ETH_USDC_PERP"]) async throws -> PlainStreamClient {
        let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
        try await stream.send(client.signer.subscribe(streams + ["depth.ETH_USDC_PERP"], timestampMs: client.clock()))
        try await stream.waitForBackpack("the subscription in force") { if case .depth = $0 { true } else { false } }
        return stream
    }

    @Test func aPostOnlyOrderThatWouldTakeGetsTheVenuesBody() async throws {
        try await withBackpackSimulator { endpoints, server in
            let client = BackpackTestClient(endpoints)
            let ask = try #require(try await Self.book(client).bestAsk).price
            // Well through the ask, so the book moving meanwhile cannot make it rest.
            let response = try await client.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.01")!,
                                                                   price: ask + FixedDecimal("5")!))
            #expect(response.status == 400)
            #expect(try RoundTripJSON.same(response.body, try SimulatorReference.sample("rest_order_execute_error_postonly_would_take.json")))
            #expect(try decodeBody(BackpackAPIError.self, response).isPostOnlyRejection)
            #expect(await server.exchange.stats.postOnlyRejections == 1)
            #expect(await server.exchange.orders(account: client.account).isEmpty)
        }
    }

    @Test func anIOCLargerThanTheTouchFillsInPartAndExpires() async throws {
        try await withBackpackSimulator({ $0.updatesPerSecond = 1 }) { endpoints, server in
            let client = BackpackTestClient(endpoints)
            let stream = try await Self.privateStream(endpoints, client)
            defer { Task { await stream.close() } }
            // Far more than the few levels at or under the limit hold, so it fills in part; tried
            // again when the book moved away before the order arrived and nothing filled.
            let quantity = FixedDecimal("60")!
            var placed: BackpackOrder?
            for _ in 0..<5 where (placed?.executedQuantity ?? .zero).isZero {
                let touch = try #require(try await Self.book(client).bestAsk)
                placed = try decodeBody(BackpackOrder.self, try await client.execute(BackpackOrderRequest(
                    symbol: Self.eth, side: .bid, orderType: .limit, quantity: quantity, price: touch.price,
                    timeInForce: .immediateOrCancel, clientId: 42)))
            }
            let order = try #require(placed)
            #expect(order.status == .expired)
            #expect(order.executedQuantity > .zero && order.executedQuantity < quantity)
            #expect(order.clientID == 42)

            try await stream.waitForBackpack("orderExpired") {
                if case .orderUpdate(let u) = $0 { u.event == .orderExpired && u.orderID == order.id } else { false }
            }
            try await stream.waitForBackpack("positionOpened") { if case .positionUpdate(let u) = $0 { u.event == .positionOpened } else { false } }
            let events = Self.orderEvents(stream).filter { $0.orderID == order.id }
            #expect(events.first?.event == .orderAccepted)
            #expect(events.last?.event == .orderExpired)
            // On the wire, the position follows the order's first fill.
            let frames = stream.backpackFrames
            let firstFill = frames.firstIndex { if case .orderUpdate(let u) = $0 { u.orderID == order.id && u.event == .orderFill } else { false } }
            let firstPosition = frames.firstIndex { if case .positionUpdate = $0 { true } else { false } }
            #expect(firstFill != nil && firstPosition != nil && firstFill! < firstPosition!)
            #expect(events.last?.expiryReason == "ImmediateOrCancel")
            let fills = events.filter { $0.event == .orderFill }
            #expect(!fills.isEmpty)
            #expect(fills.allSatisfy { $0.fill?.isMaker == false })
            // Cumulative quantities grow and end at what REST says.
            #expect(fills.map(\.executedQuantity) == fills.map(\.executedQuantity).sorted())
            #expect(events.last?.executedQuantity == order.executedQuantity)
            let sum = fills.compactMap(\.fill).reduce(FixedDecimal.zero) { $0 + $1.quantity }
            #expect(sum == order.executedQuantity)
            #expect(Self.positionEvents(stream).last?.netQuantity == order.executedQuantity)
            // Every fill is in the account's history, with the trade ids the stream gave.
            let history = try decodeBody([BackpackFill].self, try await client.signedGet("/wapi/v1/history/fills", [BackpackParam("orderId", order.id)]))
            #expect(Set(history.map(\.tradeID)) == Set(fills.compactMap(\.fill?.tradeID)))
            #expect(await server.exchange.fills(account: client.account).count == fills.count)
        }
    }

    @Test func aRestingMakerIsFilledByTheMarketAndCanBeQueriedUntilItLeaves() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let client = BackpackTestClient(endpoints)
            let stream = try await Self.privateStream(endpoints, client)
            defer { Task { await stream.close() } }
            let placed = try await Self.joinBestBid(client, quantity: FixedDecimal("0.2")!, clientId: 9)
            let bid = try #require(placed.price)
            #expect(placed.status == .new)
            #expect(placed.postOnly == true)
            let first = try await stream.waitForBackpack("a maker fill", seconds: 30) {
                if case .orderUpdate(let u) = $0 { u.event == .orderFill && u.orderID == placed.id } else { false }
            }
            guard case .orderUpdate(let fill) = first else { return }
            #expect(fill.fill?.isMaker == true)
            #expect(fill.fill?.price == bid)
            #expect(fill.fill?.fee == FixedDecimal(units: (fill.fill?.quantity ?? .zero).multiplied(by: bid).units * 2 / 10_000).floored(decimals: 6))
            let events = Self.orderEvents(stream).filter { $0.orderID == placed.id }
            #expect(events.first?.event == .orderAccepted)
            #expect(events.first?.postOnly == true)
            // The position follows the fill on its own stream.
            try await stream.waitForBackpack("positionOpened") { if case .positionUpdate(let u) = $0 { u.event == .positionOpened } else { false } }

            // Still resting (in part), it is found by client id and can be cancelled; once it has
            // left the book (filled or cancelled) it is not found.
            let query = try await client.signedGet("/api/v1/order", [BackpackParam("clientId", 9), BackpackParam("symbol", Self.eth)])
            if query.status == 200 {
                #expect(try decodeBody(BackpackOrder.self, query).id == placed.id)
                let cancel = try await client.signed("DELETE", "/api/v1/order", BackpackCancelRequest(symbol: Self.eth, clientId: 9).params)
                if cancel.status == 200 {
                    let cancelled = try decodeBody(BackpackOrder.self, cancel)
                    #expect(cancelled.status == .cancelled && cancelled.executedQuantity > .zero)
                    try await stream.waitForBackpack("orderCancelled") { if case .orderUpdate(let u) = $0 { u.event == .orderCancelled } else { false } }
                } else {
                    // Filled between the query and the cancel.
                    #expect(try decodeBody(BackpackAPIError.self, cancel) == .orderNotFound)
                }
            } else {
                #expect(query.status == 404)
            }
            let gone = try await client.signedGet("/api/v1/order", [BackpackParam("orderId", placed.id), BackpackParam("symbol", Self.eth)])
            #expect(gone.status == 404)
            #expect(try decodeBody(BackpackAPIError.self, gone) == .notFound)
            // The history still has it.
            let history = try decodeBody([BackpackOrder].self, try await client.signedGet("/wapi/v1/history/orders", [BackpackParam("orderId", placed.id)]))
            #expect(history.first?.id == placed.id && history.first?.status.isFinal == true)
        }
    }

    @Test func cancelsByIdAndClientIdAndTheirErrors() async throws {
        try await withBackpackSimulator({ $0.updatesPerSecond = 1 }) { endpoints, _ in
            let client = BackpackTestClient(endpoints)
            let bid = try #require(try await Self.book(client).bestBid).price - FixedDecimal("5")!
            let one = try decodeBody(BackpackOrder.self, try await client.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.01")!, price: bid, clientId: 1)))
            _ = try decodeBody(BackpackOrder.self, try await client.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.02")!, price: bid, clientId: 2)))
            #expect(try decodeBody([BackpackOrder].self, try await client.signedGet("/api/v1/orders", [BackpackParam("symbol", Self.eth)])).count == 2)
            let byID = try decodeBody(BackpackOrder.self, try await client.signed("DELETE", "/api/v1/order", BackpackCancelRequest(symbol: Self.eth, orderId: one.id).params))
            #expect(byID.status == .cancelled && byID.id == one.id)
            let byClient = try decodeBody(BackpackOrder.self, try await client.signed("DELETE", "/api/v1/order", BackpackCancelRequest(symbol: Self.eth, clientId: 2).params))
            #expect(byClient.status == .cancelled && byClient.clientID == 2)
            let again = try await client.signed("DELETE", "/api/v1/order", BackpackCancelRequest(symbol: Self.eth, orderId: one.id).params)
            #expect(again.status == 400)
            #expect(try decodeBody(BackpackAPIError.self, again) == .orderNotFound)
            // Other accounts cannot see or cancel them.
            let stranger = BackpackTestClient(endpoints)
            #expect(try decodeBody([BackpackOrder].self, try await stranger.signedGet("/api/v1/orders")).isEmpty)
        }
    }

    @Test func ordersAreValidatedLikeTheVenue() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let client = BackpackTestClient(endpoints)
            let bid = try #require(try await Self.book(client).bestBid).price
            let tooFine = try await client.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.00001")!, price: bid))
            #expect(try decodeBody(BackpackAPIError.self, tooFine) == .quantityDecimalTooLong)
            let priceTooFine = try await client.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.01")!, price: bid + FixedDecimal("0.001")!))
            #expect(try decodeBody(BackpackAPIError.self, priceTooFine) == .priceDecimalTooLong)
            let far = try await client.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.01")!, price: FixedDecimal("100")!))
            #expect(try decodeBody(BackpackAPIError.self, far) == .priceTooFar)
            let huge = try await client.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("10000")!,
                                                               price: bid - FixedDecimal("10")!))
            #expect(try decodeBody(BackpackAPIError.self, huge) == .insufficientFunds)
            let unknown = try await client.execute(.postOnlyLimit(symbol: "NOPE_USDC_PERP", side: .bid, quantity: FixedDecimal("0.01")!, price: bid))
            #expect(unknown.status == 400 && unknown.body.hasPrefix("Bad Request parse request payload error"))
            // A batch answers per order.
            let results = try decodeBody([BackpackBatchOrderResult].self, try await client.batch([
                BackpackOrderRequest.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.01")!, price: bid - FixedDecimal("3")!).params(),
                BackpackOrderRequest.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.01")!, price: bid + FixedDecimal("50")!).params(),
            ]))
            #expect(results.count == 2)
            if case .ok(let order) = results.first { #expect(order.status == .new) } else { Issue.record("first should rest: \(results)") }
            if case .err(let error) = results.last { #expect(error.isPostOnlyRejection) } else { Issue.record("second should be refused") }
        }
    }

    @Test func fillsHistoryPagesNewestFirst() async throws {
        try await withBackpackSimulator({ $0.updatesPerSecond = 2 }) { endpoints, _ in
            let client = BackpackTestClient(endpoints)
            for _ in 0..<5 {
                let book = try await Self.book(client)
                let ask = try #require(book.bestAsk)
                let response = try await client.execute(BackpackOrderRequest(symbol: Self.eth, side: .bid, orderType: .limit,
                                                                             quantity: FixedDecimal("0.01")!, price: ask.price + FixedDecimal("1")!,
                                                                             timeInForce: .immediateOrCancel))
                #expect(try decodeBody(BackpackOrder.self, response).status == .filled)
            }
            let all = try decodeBody([BackpackFill].self, try await client.signedGet("/wapi/v1/history/fills", [BackpackParam("symbol", Self.eth)]))
            #expect(all.count >= 5)
            #expect(all.map(\.tradeID) == all.map(\.tradeID).sorted(by: >))
            var paged: [BackpackFill] = []
            for offset in stride(from: 0, to: all.count, by: 2) {
                let page = try decodeBody([BackpackFill].self, try await client.signedGet("/wapi/v1/history/fills",
                    [BackpackParam("limit", 2), BackpackParam("offset", Int64(offset)), BackpackParam("symbol", Self.eth)]))
                #expect(page.count <= 2)
                paged += page
            }
            #expect(paged == all)
            let ascending = try decodeBody([BackpackFill].self, try await client.signedGet("/wapi/v1/history/fills", [BackpackParam("sortDirection", "Asc")]))
            #expect(ascending == all.reversed())
            // from/to bound by time (milliseconds; `to` exclusive).
            let newest = try #require(all.first).timestamp
            let recent = try decodeBody([BackpackFill].self, try await client.signedGet("/wapi/v1/history/fills", [BackpackParam("from", newest)]))
            #expect(!recent.isEmpty && recent.allSatisfy { $0.timestamp >= newest })
            let older = try decodeBody([BackpackFill].self, try await client.signedGet("/wapi/v1/history/fills", [BackpackParam("to", newest)]))
            #expect(older.allSatisfy { $0.timestamp < newest })
            #expect(older.count + recent.count == all.count)
            let bad = try await client.signedGet("/wapi/v1/history/fills", [BackpackParam("limit", 5000)])
            #expect(bad.status == 400 && bad.body.hasPrefix("failed to parse parameter `limit`"))
            // The position and collateral reflect the fills.
            let position = try #require(try decodeBody([BackpackPosition].self, try await client.signedGet("/api/v1/position")).first)
            #expect(position.netQuantity == FixedDecimal("0.05"))
            let collateral = try decodeBody(BackpackCollateral.self, try await client.signedGet("/api/v1/capital/collateral"))
            let fees = all.reduce(FixedDecimal.zero) { $0 + $1.fee }
            #expect(collateral.collateral.first?.totalQuantity == FixedDecimal(100_000) - fees)
        }
    }
}

/// JSON texts compared as values.
enum RoundTripJSON {
    static func same(_ a: String, _ b: String) throws -> Bool {
        let x = try JSONSerialization.jsonObject(with: Data(a.utf8), options: [.fragmentsAllowed]) as? NSObject
        let y = try JSONSerialization.jsonObject(with: Data(b.utf8), options: [.fragmentsAllowed]) as? NSObject
        return x != nil && x == y
    }
}
