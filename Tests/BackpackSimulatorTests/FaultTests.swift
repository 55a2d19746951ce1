import BackpackProtocol
import BackpackSimulator
import BackpackTestSupport
import Foundation
import LighterProtocol
import LighterTestSupport
import Testing

/// The faults, each switched on at start or at run time through `/control/faults`.
@Suite(.serialized) struct FaultTests {
    static let eth = "ETH_USDC_PERP"

    @Test func aRateLimitStormAnswers429WithTheBody() async throws {
        try await withBackpackSimulator({ $0.faults.set(.rateLimitStorm) }) { endpoints, server in
            let client = BackpackTestClient(endpoints)
            for response in [try await client.get("/api/v1/markets"), try await client.signedGet("/api/v1/capital")] {
                #expect(response.status == 429)
                #expect(try RoundTripJSON.same(response.body, try SimulatorReference.sample("rest_error_too_many_requests.json")))
            }
            #expect(await server.exchange.stats.rateLimited == 2)
        }
    }

    @Test func theRateLimitCountsPerAccountAndMinute() async throws {
        try await withBackpackSimulator({ $0.requestsPerMinute = 3 }) { endpoints, _ in
            let client = BackpackTestClient(endpoints)
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await client.signedGet("/api/v1/capital").status) }
            #expect(statuses == [200, 200, 200, 429])
            // Another key has its own budget.
            #expect(try await BackpackTestClient(endpoints).signedGet("/api/v1/capital").status == 200)
        }
    }

    @Test func faultsSwitchAtRunTimeAndAreListed() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let base = endpoints.httpURL + "/control/faults"
            #expect(try await httpRequest(base + "/post-only-reject", method: "PUT").status == 200)
            #expect(try await httpRequest(base + "/depth-gap?value=7", method: "PUT").status == 200)
            #expect(try await httpRequest(base + "/no-such-fault", method: "PUT").status == 400)
            #expect(try await httpRequest(base + "/post-only-reject?value=3", method: "PUT").status == 400)
            #expect(try RoundTripJSON.same(try await httpRequest(base).body, #"{"depth-gap":7,"post-only-reject":0}"#))
            let client = BackpackTestClient(endpoints)
            var book = BackpackOrderBook(symbol: Self.eth)
            book.apply(try decodeBody(BackpackDepthSnapshot.self, try await client.get("/api/v1/depth", [BackpackParam("symbol", Self.eth)])))
            let farBid = try #require(book.bestBid).price - FixedDecimal("10")!
            let refused = try await client.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.01")!, price: farBid))
            #expect(try decodeBody(BackpackAPIError.self, refused).isPostOnlyRejection)
            #expect(try await httpRequest(base + "/post-only-reject", method: "DELETE").status == 200)
            let rests = try await client.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.01")!, price: farBid))
            #expect(try decodeBody(BackpackOrder.self, rests).status == .new)
            let stats = try await httpRequest(endpoints.httpURL + "/control/stats")
            #expect(stats.body.contains("\"postOnlyRejections\":1"))
        }
    }

    @Test func partialFillsOnlyStopsAt60Percent() async throws {
        try await withBackpackSimulator({ $0.faults.set(.partialFillsOnly); $0.updatesPerSecond = 1 }) { endpoints, _ in
            let client = BackpackTestClient(endpoints)
            var book = BackpackOrderBook(symbol: Self.eth)
            book.apply(try decodeBody(BackpackDepthSnapshot.self, try await client.get("/api/v1/depth", [BackpackParam("symbol", Self.eth)])))
            let ask = try #require(book.bestAsk).price
            let order = try decodeBody(BackpackOrder.self, try await client.execute(BackpackOrderRequest(
                symbol: Self.eth, side: .bid, orderType: .limit, quantity: FixedDecimal("0.1")!, price: ask + FixedDecimal("2")!,
                timeInForce: .immediateOrCancel)))
            #expect(order.status == .expired)
            #expect(order.executedQuantity == FixedDecimal("0.06"))
        }
    }

    @Test func aCancelAnswered202HappensLater() async throws {
        try await withBackpackSimulator({ $0.faults.set(.cancelAccepted, parameter: 300); $0.updatesPerSecond = 1 }) { endpoints, _ in
            let client = BackpackTestClient(endpoints)
            let stream = try await TradingTests.privateStream(endpoints, client, streams: ["account.orderUpdate.ETH_USDC_PERP"])
            defer { Task { await stream.close() } }
            var book = BackpackOrderBook(symbol: Self.eth)
            book.apply(try decodeBody(BackpackDepthSnapshot.self, try await client.get("/api/v1/depth", [BackpackParam("symbol", Self.eth)])))
            let farBid = try #require(book.bestBid).price - FixedDecimal("20")!
            let order = try decodeBody(BackpackOrder.self, try await client.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.01")!, price: farBid)))
            let cancel = try await client.signed("DELETE", "/api/v1/order", BackpackCancelRequest(symbol: Self.eth, orderId: order.id).params)
            #expect(cancel.status == 202)
            // Still on the book right after the 202; gone a little later, with its event.
            let query = [BackpackParam("orderId", order.id), BackpackParam("symbol", Self.eth)]
            #expect(try await client.signedGet("/api/v1/order", query).status == 200)
            try await stream.waitForBackpack("orderCancelled") { if case .orderUpdate(let u) = $0 { u.event == .orderCancelled } else { false } }
            #expect(try await client.signedGet("/api/v1/order", query).status == 404)
        }
    }

    @Test func clockSkewMakesSignedRequestsExpireAndShowsInTheTime() async throws {
        try await withBackpackSimulator({ $0.faults.set(.clockSkew, parameter: 30_000) }) { endpoints, _ in
            let client = BackpackTestClient(endpoints)
            let response = try await client.signedGet("/api/v1/capital")
            #expect(try decodeBody(BackpackAPIError.self, response) == .requestExpired)
            // A client that takes the server's time recovers.
            let serverTime = try #require(BackpackREST.serverTime(Data(try await client.get("/api/v1/time").body.utf8)))
            let offset = serverTime - client.clock()
            #expect(offset > 25_000)
            let synced = BackpackTestClient(endpoints, signer: client.signer, clock: { Int64(Date().timeIntervalSince1970 * 1000) + offset })
            #expect(try await synced.signedGet("/api/v1/capital").status == 200)
        }
    }

    @Test func orderUpdatesStopWhileTheSocketStaysUp() async throws {
        try await withBackpackSimulator({ $0.faults.set(.orderUpdatesStop, parameter: 1) }) { endpoints, _ in
            let client = BackpackTestClient(endpoints)
            let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
            defer { Task { await stream.close() } }
            try await stream.send(client.signer.subscribe(["account.orderUpdate"], timestampMs: client.clock()))
            try await stream.send(BackpackClientMessage(method: .subscribe, params: ["depth.ETH_USDC_PERP"]))
            // Depth data means both subscribes were taken (in order); the fault's second counts
            // from there, however late a loaded machine took them.
            try await stream.waitFor("depth data", decode: { $0 }, { $0.contains("depth") })
            try await Task.sleep(for: .milliseconds(1_500))
            var book = BackpackOrderBook(symbol: Self.eth)
            book.apply(try decodeBody(BackpackDepthSnapshot.self, try await client.get("/api/v1/depth", [BackpackParam("symbol", Self.eth)])))
            let order = try await client.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.01")!,
                                                                price: try #require(book.bestBid).price - FixedDecimal("20")!))
            #expect(order.status == 200)
            let count = stream.texts.count
            try await Task.sleep(for: .milliseconds(600))
            #expect(!stream.isFinished)
            #expect(stream.texts.count > count)  // depth goes on
            #expect(!stream.texts.contains { $0.contains("orderAccepted") })
        }
    }

    @Test func dropConnectionCutsTheSocket() async throws {
        try await withBackpackSimulator({ $0.faults.set(.dropConnection, parameter: 1) }) { endpoints, _ in
            let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await stream.send(BackpackClientMessage(method: .subscribe, params: ["depth.ETH_USDC_PERP"]))
            try await stream.waitUntilFinished(seconds: 15)
            #expect(stream.closeCode == nil || stream.closeCode == 1006)
        }
    }

    @Test func delayedFramesArriveLate() async throws {
        try await withBackpackSimulator({ $0.faults.set(.delayFrames, parameter: 700) }) { endpoints, _ in
            let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
            defer { Task { await stream.close() } }
            let start = ContinuousClock.now
            try await stream.send(BackpackClientMessage(method: .subscribe, params: ["depth.ETH_USDC_PERP"]))
            try await stream.waitForBackpack("a depth update") { if case .depth = $0 { true } else { false } }
            #expect(ContinuousClock.now - start >= .milliseconds(700))
        }
    }

    @Test func theAccountScriptTradesWithNoClient() async throws {
        try await withBackpackSimulator({ $0.accountScript = BackpackScriptSettings(symbol: Self.eth, intervalMs: 150) }) { endpoints, server in
            let deadline = ContinuousClock.now + .seconds(30)
            var fills: [BackpackFill] = []
            var orders: [BackpackOrder] = []
            // A cycle's IOC can find the touch empty once its own maker is cancelled; wait for one that filled.
            while ContinuousClock.now < deadline {
                fills = await server.exchange.fills(account: server.exchange.scriptAccount)
                orders = await server.exchange.orders(account: server.exchange.scriptAccount)
                let makers = fills.filter(\.isMaker).count
                let partial = orders.contains { $0.status == .expired && $0.executedQuantity > .zero }
                if makers > 0 && makers < fills.count && partial { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let makers = fills.filter(\.isMaker).count
            #expect(makers > 0, "no maker fill from the walk")
            #expect(makers < fills.count, "no taker fill")
            #expect(orders.contains { $0.status == .expired && $0.executedQuantity > .zero }, "no partly filled IOC")
            #expect(await server.exchange.stats.scriptedOrders > 0)
        }
    }

    @Test func serverPingsKeepTheSocketAndAnAnsweringClientStays() async throws {
        try await withBackpackSimulator({ $0.pingInterval = .milliseconds(200) }) { endpoints, _ in
            let stream = try await PlainStreamClient.connect(endpoints.webSocketURL)
            defer { Task { await stream.close() } }
            try await Task.sleep(for: .milliseconds(900))
            // The test client answers pings (swift-websocket does), so several periods pass safely.
            #expect(!stream.isFinished)
        }
    }
}
