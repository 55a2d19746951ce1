import BackpackProtocol
import BackpackSimulator
import BackpackTestSupport
import Foundation
import LighterProtocol
import LighterTestSupport
import Testing

/// Public streams: depth with chained update ids, the book ticker, trades and the errors.
@Suite(.serialized) struct StreamTests {
    static func depthUpdates(_ stream: PlainStreamClient) -> [BackpackDepthUpdate] {
        stream.backpackFrames.compactMap { if case .depth(let update) = $0 { update } else { nil } }
    }

    static func waitForDepth(_ stream: PlainStreamClient, count: Int, seconds: Double = 30) async throws -> [BackpackDepthUpdate] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while depthUpdates(stream).count < count {
            guard ContinuousClock.now < deadline else { throw HarnessError("only \(depthUpdates(stream).count) depth updates") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return depthUpdates(stream)
    }

    @Test func depthUpdatesChainAndAlignWithTheRESTSnapshot() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
            defer { Task { await stream.close() } }
            try await stream.send(BackpackClientMessage(method: .subscribe, params: ["depth.ETH_USDC_PERP", "bookTicker.ETH_USDC_PERP"]))
            _ = try await Self.waitForDepth(stream, count: 3)
            let client = BackpackTestClient(endpoints)
            let snapshot = try decodeBody(BackpackDepthSnapshot.self, try await client.get("/api/v1/depth", [BackpackParam("symbol", "ETH_USDC_PERP")]))
            let updates = try await Self.waitForDepth(stream, count: 25)
            #expect(stream.texts.allSatisfy { !$0.contains("\"error\"") })
            for (previous, next) in zip(updates, updates.dropFirst()) {
                #expect(next.firstUpdateID == previous.lastUpdateID + 1)
                #expect(next.engineTime > previous.engineTime)
            }
            #expect(updates.allSatisfy { $0.symbol == "ETH_USDC_PERP" && $0.firstUpdateID <= $0.lastUpdateID })
            // The REST book lies within the stream's ids and seeds a book the stream keeps.
            #expect(snapshot.lastUpdateID >= updates[0].firstUpdateID - 1)
            #expect(snapshot.bids.map(\.price) == snapshot.bids.map(\.price).sorted())
            let (book, outcome) = BackpackOrderBook.aligned(symbol: "ETH_USDC_PERP", snapshot: snapshot, buffered: updates)
            guard case .synced(let applied, _) = outcome else { Issue.record("\(outcome)"); return }
            #expect(applied > 0)
            #expect(!book.isCrossed)
            // Book tickers carry a depth update id and its touch.
            let tickers = stream.backpackFrames.compactMap { if case .bookTicker(let t) = $0 { t } else { nil } }
            #expect(!tickers.isEmpty)
            let ids = Set(updates.map(\.lastUpdateID))
            #expect(tickers.allSatisfy { ids.contains($0.updateID) || $0.updateID < updates[0].firstUpdateID })
            #expect(stream.texts.contains { $0.contains(#""u":"#) && $0.contains("bookTicker") })
        }
    }

    @Test func theDepthGapFaultBreaksTheChainAndTheBookSaysSo() async throws {
        try await withBackpackSimulator({ $0.faults.set(.depthGap, parameter: 4) }) { endpoints, server in
            let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
            defer { Task { await stream.close() } }
            try await stream.send(BackpackClientMessage(method: .subscribe, params: ["depth.ETH_USDC_PERP"]))
            let updates = try await Self.waitForDepth(stream, count: 12)
            let gaps = zip(updates, updates.dropFirst()).filter { $1.firstUpdateID != $0.lastUpdateID + 1 }
            #expect(!gaps.isEmpty)
            var book = BackpackOrderBook(symbol: "ETH_USDC_PERP")
            book.apply(BackpackDepthSnapshot(asks: [], bids: [], lastUpdateID: updates[0].firstUpdateID - 1, timestamp: 0))
            let results = updates.map { book.apply($0) }
            #expect(results.contains { if case .gap = $0 { true } else { false } })
            #expect(await server.exchange.stats.depthUpdatesSkipped > 0)
        }
    }

    @Test func windowedDepthMergesUpdatesAndStillChains() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
            defer { Task { await stream.close() } }
            try await stream.send(BackpackClientMessage(method: .subscribe, params: ["depth.200ms.ETH_USDC_PERP"]))
            let updates = try await Self.waitForDepth(stream, count: 4)
            #expect(stream.texts.allSatisfy { $0.contains("depth.200ms.ETH_USDC_PERP") })
            for (previous, next) in zip(updates, updates.dropFirst()) {
                #expect(next.firstUpdateID == previous.lastUpdateID + 1)
            }
            // At 20 updates a second, a 200 ms window holds several.
            #expect(updates.contains { $0.lastUpdateID > $0.firstUpdateID })
        }
    }

    @Test func badSubscriptionsGetTheVenuesErrorsAndUnknownSymbolsSilence() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
            defer { Task { await stream.close() } }
            try await stream.send("not json")
            try await stream.waitForBackpack("4002") { $0 == .error(.parseError) }
            try await stream.send(BackpackClientMessage(method: .subscribe, params: ["nonsense.ETH_USDC_PERP"]))
            try await stream.waitForBackpack("4006") { $0 == .error(.invalidStream) }
            try await stream.send(BackpackClientMessage(method: .subscribe, params: ["depth.100ms.ETH_USDC_PERP"]))
            try await stream.waitForBackpack("4008") { $0 == .error(.invalidDepthWindow) }
            let count = stream.texts.count
            try await stream.send(BackpackClientMessage(method: .subscribe, params: ["depth.NOPE_USDC_PERP"]))
            try await Task.sleep(for: .milliseconds(400))
            #expect(stream.texts.count == count)
            #expect(try SimulatorReferenceJSON.matches(stream.texts[0], sample: "ws_error_4002_parse_error.json"))
        }
    }

    @Test func tradesAndUnsubscribe() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
            defer { Task { await stream.close() } }
            try await stream.send(BackpackClientMessage(method: .subscribe, params: ["trade.ETH_USDC_PERP", "depth.ETH_USDC_PERP"]))
            try await stream.waitForBackpack("depth") { if case .depth = $0 { true } else { false } }
            let client = BackpackTestClient(endpoints)
            var book = BackpackOrderBook(symbol: "ETH_USDC_PERP")
            book.apply(try decodeBody(BackpackDepthSnapshot.self, try await client.get("/api/v1/depth", [BackpackParam("symbol", "ETH_USDC_PERP")])))
            let ask = try #require(book.bestAsk).price
            let order = try decodeBody(BackpackOrder.self, try await client.execute(BackpackOrderRequest(
                symbol: "ETH_USDC_PERP", side: .bid, orderType: .market, quantity: FixedDecimal("0.01")!)))
            #expect(order.status == .filled)
            let trade = try await stream.waitForBackpack("a trade") { if case .trade = $0 { true } else { false } }
            guard case .trade(let printed) = trade else { return }
            #expect(printed.buyerOrderID == order.id && !printed.buyerIsMaker)
            #expect(printed.price >= ask - FixedDecimal("1")!)
            try await stream.send(BackpackClientMessage(method: .unsubscribe, params: ["depth.ETH_USDC_PERP", "trade.ETH_USDC_PERP"]))
            try await Task.sleep(for: .milliseconds(200))
            let count = stream.texts.count
            try await Task.sleep(for: .milliseconds(400))
            #expect(stream.texts.count == count)
        }
    }

    @Test func publicRESTShapes() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let client = BackpackTestClient(endpoints)
            let markets = try decodeBody([BackpackMarket].self, try await client.get("/api/v1/markets"))
            #expect(markets.map(\.symbol) == ["ETH_USDC_PERP", "BTC_USDC_PERP", "SOL_USDC_PERP"])
            let eth = try decodeBody(BackpackMarket.self, try await client.get("/api/v1/market", [BackpackParam("symbol", "ETH_USDC_PERP")]))
            #expect(eth.tickSize == FixedDecimal("0.01"))
            let unknown = try await client.get("/api/v1/depth", [BackpackParam("symbol", "NOPE")])
            #expect(try decodeBody(BackpackAPIError.self, unknown) == .invalidMarketSymbol)
            let badLimit = try await client.get("/api/v1/depth", [BackpackParam("symbol", "ETH_USDC_PERP"), BackpackParam("limit", 30)])
            #expect(badLimit.status == 400)
            #expect(badLimit.body == (try SimulatorReference.sample("rest_error_parse_parameter.txt")).trimmingCharacters(in: .whitespacesAndNewlines))
            let five = try decodeBody(BackpackDepthSnapshot.self, try await client.get("/api/v1/depth", [BackpackParam("symbol", "ETH_USDC_PERP"), BackpackParam("limit", 5)]))
            #expect(five.asks.count == 5 && five.bids.count == 5)
            #expect(try await client.get("/api/v1/status").body == #"{"message":null,"status":"Ok"}"#)
            let time = try await client.get("/api/v1/time")
            #expect(abs((BackpackREST.serverTime(Data(time.body.utf8)) ?? 0) - Int64(Date().timeIntervalSince1970 * 1000)) < 5_000)
            #expect(try await client.get("/api/v1/ping").body == "pong")
            _ = try decodeBody(BackpackTicker.self, try await client.get("/api/v1/ticker", [BackpackParam("symbol", "ETH_USDC_PERP")]))
            #expect(try decodeBody([BackpackMarkPrice].self, try await client.get("/api/v1/markPrices")).count == 3)
        }
    }
}

/// A frame compared with a reference sample as JSON values.
enum SimulatorReferenceJSON {
    static func matches(_ text: String, sample: String) throws -> Bool {
        try RoundTripJSON.same(text, try SimulatorReference.sample(sample))
    }
}
