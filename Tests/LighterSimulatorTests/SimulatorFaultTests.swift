import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// Each fault knob, observed on the wire.
@Suite(.serialized) struct SimulatorFaultTests {
    static let account: Int64 = 9

    static func start(_ fault: Fault, _ parameter: Int? = nil,
                      _ configure: @escaping (inout SimulatorConfiguration) -> Void = { _ in },
                      _ body: @escaping (SimulatorEndpoints, SimulatorServer) async throws -> Void) async throws {
        try await withSimulator({ configuration in
            configuration.faults.set(fault, parameter: parameter)
            configure(&configuration)
        }, body)
    }

    /// Sends a buy IOC crossing the touch by 1% for `size` (4 decimals) and returns its final order.
    static func crossingBuy(_ client: PlainStreamClient, _ server: SimulatorServer, clientOrderIndex: Int64,
                            size: Int64 = 100, seconds: Double = 5) async throws -> Order {
        let frame = try await client.waitFor("book") { if case .orderBook(let b) = $0 { b.isSnapshot } else { false } }
        guard case .orderBook(let book) = frame, let ask = book.asks.first else { throw HarnessError("no ask") }
        let limit = ask.price.multiplied(by: FixedDecimal("1.01")!).floored(decimals: 2).scaledInteger(decimals: 2) ?? 0
        let nonce = await server.exchange.nextNonce(account: account, apiKeyIndex: 0)
        try await client.send(.sendTx(id: nil, txType: 14, txInfoJSON: createOrderTx(
            account: account, market: 0, clientOrderIndex: clientOrderIndex, baseAmount: size, price: limit,
            isAsk: false, nonce: nonce)))
        let final = try await client.waitFor("final order", seconds: seconds) {
            if case .accountOrders(let f) = $0 { f.allOrders.contains { $0.clientOrderIndex == clientOrderIndex && $0.status.isFinal } } else { false }
        }
        guard case .accountOrders(let f) = final, let order = f.allOrders.first(where: { $0.clientOrderIndex == clientOrderIndex }) else {
            throw HarnessError("no order")
        }
        return order
    }

    static func subscribeAll(_ client: PlainStreamClient) async throws {
        try await client.send(.subscribe(channel: "account_orders/0/\(account)", auth: wellFormedToken(account: account)))
        try await client.send(.subscribe(channel: "order_book/0", auth: nil))
    }

    @Test func rejectAuth() async throws {
        try await Self.start(.rejectAuth) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await Self.subscribeAll(client)
            try await client.waitFor("invalid auth") { if case .error(let e) = $0 { e.code == 20013 } else { false } }
            #expect(!client.frames.contains { if case .accountOrders = $0 { true } else { false } })
            await client.close()
        }
    }

    @Test func noAccountConfirm() async throws {
        try await Self.start(.noAccountConfirm, nil, { $0.updatesPerSecond = 1 }) { endpoints, server in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await Self.subscribeAll(client)
            let order = try await Self.crossingBuy(client, server, clientOrderIndex: 1)
            #expect(order.status == .filled)
            // Updates flow, but the subscription was never confirmed.
            #expect(!client.frames.contains { if case .accountOrders(let f) = $0 { f.isSnapshot } else { false } })
            await client.close()
        }
    }

    @Test func accountSilenceAfter() async throws {
        try await Self.start(.accountSilenceAfter, 1, { $0.updatesPerSecond = 2 }) { endpoints, server in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await Self.subscribeAll(client)
            try await client.waitFor("confirmed") { if case .accountOrders(let f) = $0 { f.isSnapshot } else { false } }
            try await Task.sleep(for: .milliseconds(1200))
            await #expect(throws: HarnessError.self) {
                _ = try await Self.crossingBuy(client, server, clientOrderIndex: 2, seconds: 1)
            }
            // The book kept flowing while the account channel went quiet.
            #expect(client.frames.filter { if case .orderBook(let b) = $0 { !b.isSnapshot } else { false } }.count >= 2)
            await client.close()
        }
    }

    @Test func neverFill() async throws {
        try await Self.start(.neverFill, nil, { $0.updatesPerSecond = 1 }) { endpoints, server in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await Self.subscribeAll(client)
            let order = try await Self.crossingBuy(client, server, clientOrderIndex: 3)
            #expect(order.status.wire.hasPrefix("canceled"))
            #expect(order.filledBaseAmount == .zero)
            await client.close()
        }
    }

    @Test func partialFillsOnly() async throws {
        try await Self.start(.partialFillsOnly, nil, { $0.updatesPerSecond = 1 }) { endpoints, server in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await Self.subscribeAll(client)
            let order = try await Self.crossingBuy(client, server, clientOrderIndex: 4, size: 1000)
            #expect(order.status.wire.hasPrefix("canceled"))
            #expect(order.filledBaseAmount > .zero)
            #expect(order.filledBaseAmount < order.initialBaseAmount)
            await client.close()
        }
    }

    @Test func dropConnection() async throws {
        try await Self.start(.dropConnection, 1) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.send(.subscribe(channel: "order_book/0", auth: nil))
            try await client.waitUntilFinished(seconds: 4)
            // Dropped, not closed: no close frame reached the client.
            #expect(client.closeCode == nil || client.closeCode == 1006)
            #expect(client.frames.contains { if case .orderBook = $0 { true } else { false } })
        }
    }

    @Test func skipBookUpdate() async throws {
        try await Self.start(.skipBookUpdate, 3) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.send(.subscribe(channel: "order_book/0", auth: nil))
            var books: [OrderBookFrame] = []
            for _ in 0..<200 where books.count < 8 {
                books = client.frames.compactMap { if case .orderBook(let b) = $0 { b } else { nil } }
                try await Task.sleep(for: .milliseconds(20))
            }
            let breaks = zip(books, books.dropFirst()).filter { $1.beginNonce != $0.nonce }
            #expect(!breaks.isEmpty, "no nonce gap in \(books.count) frames")
            var local = OrderBook(market: 0)
            let results = books.map { local.apply($0) }
            #expect(results.contains { if case .gap = $0 { true } else { false } })
            await client.close()
        }
    }

    @Test func malformedJSON() async throws {
        try await Self.start(.malformedJSON, 1) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            for _ in 0..<200 where !client.texts.contains(where: { (try? FrameDecoder.decode($0)) == nil }) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(client.texts.contains { (try? FrameDecoder.decode($0)) == nil })
            #expect(!client.isFinished)
            await client.close()
        }
    }

    @Test func unknownFrame() async throws {
        try await Self.start(.unknownFrame, 1) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.waitFor("unknown type", seconds: 3) { if case .otherChannel(let type, _, _) = $0 { type == "update/mystery" } else { false } }
            await client.close()
        }
    }

    @Test func noServerPing() async throws {
        try await Self.start(.noServerPing, nil, { $0.serverPingInterval = .milliseconds(200); $0.pongTimeout = .milliseconds(300) }) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await Task.sleep(for: .milliseconds(900))
            #expect(!client.frames.contains(.ping))
            // With no ping sent there is nothing to miss: the socket stays open.
            #expect(!client.isFinished)
            await client.close()
        }
    }

    @Test func ignoreClientPing() async throws {
        try await Self.start(.ignoreClientPing) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.send(.ping)
            try await Task.sleep(for: .milliseconds(600))
            #expect(!client.frames.contains(.pong))
            await client.close()
        }
    }

    @Test func delayFrames() async throws {
        try await Self.start(.delayFrames, 700) { endpoints, _ in
            let started = ContinuousClock.now
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.waitFor("connected") { if case .connected = $0 { true } else { false } }
            #expect(ContinuousClock.now - started >= .milliseconds(700))
            await client.close()
        }
    }

    @Test func refuseUpgrade() async throws {
        try await Self.start(.refuseUpgrade) { endpoints, _ in
            await #expect(throws: (any Error).self) { _ = try await PlainStreamClient.connect(endpoints.webSocketURL) }
            let plain = try await httpRequest("\(endpoints.httpURL)/stream")
            #expect(plain.status == 400)
        }
    }

    @Test func wrongMarketKeys() async throws {
        try await Self.start(.wrongMarketKeys) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await Self.subscribeAll(client)
            let frame = try await client.waitFor("snapshot") { if case .accountOrders(let f) = $0 { f.isSnapshot } else { false } }
            guard case .accountOrders(let snapshot) = frame else { return }
            #expect(snapshot.channel == "account_orders:0")
            #expect(Array(snapshot.orders.keys) == ["1"])
            await client.close()
        }
    }

    @Test func faultsChangeAtRunTimeThroughTheControlAPI() async throws {
        try await withSimulator { endpoints, _ in
            let set = try await httpRequest("\(endpoints.httpURL)/control/faults/drop-connection?value=7", method: "PUT")
            #expect(set.status == 200)
            #expect(try await httpRequest("\(endpoints.httpURL)/control/faults").body == #"{"drop-connection":7}"#)
            let bad = try await httpRequest("\(endpoints.httpURL)/control/faults/drop-connection?value=x", method: "PUT")
            #expect(bad.status == 400)
            _ = try await httpRequest("\(endpoints.httpURL)/control/faults/refuse-upgrade", method: "PUT")
            await #expect(throws: (any Error).self) { _ = try await PlainStreamClient.connect(endpoints.webSocketURL) }
            _ = try await httpRequest("\(endpoints.httpURL)/control/faults/refuse-upgrade", method: "DELETE")
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.waitFor("connected") { if case .connected = $0 { true } else { false } }
            await client.close()
        }
    }

    @Test func faultNamesParse() {
        #expect(Fault.allCases.count == 16)
        if case .success(let (fault, value)) = Fault.parse("drop-connection=3") { #expect(fault == .dropConnection && value == 3) }
        else { Issue.record("did not parse") }
        if case .success(let (_, value)) = Fault.parse("skip-book-update") { #expect(value == 20) } else { Issue.record("default") }
        if case .failure(let e) = Fault.parse("never-fill=2") { #expect(e.message.contains("takes no number")) } else { Issue.record("accepted") }
        if case .failure(let e) = Fault.parse("bogus") { #expect(e.message.contains("known:")) } else { Issue.record("accepted") }
        if case .failure = Fault.parse("delay-frames=-5") {} else { Issue.record("accepted negative") }
    }
}
