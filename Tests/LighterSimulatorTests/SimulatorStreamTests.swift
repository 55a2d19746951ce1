import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// The simulator seen through a plain WebSocket client over loopback.
@Suite(.serialized) struct SimulatorStreamTests {
    @Test func greetsThenSnapshotThenChainedUpdates() async throws {
        try await withSimulator { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            let first = try await client.waitFor("connected") { _ in true }
            guard case .connected(let session) = first else { Issue.record("first frame was \(first)"); return }
            #expect(!session.isEmpty)
            try await client.send(.subscribe(channel: "order_book/0", auth: nil))
            let snapshot = try await client.waitFor("snapshot") { if case .orderBook(let b) = $0 { b.isSnapshot } else { false } }
            guard case .orderBook(let book) = snapshot else { return }
            #expect(book.market == 0)
            #expect(!book.asks.isEmpty && !book.bids.isEmpty)
            #expect(book.beginNonce == 0)
            // Five updates, each chained to the nonce before it, offsets increasing.
            var previousNonce = book.nonce
            var previousOffset = book.offset
            var seen = 0
            var index = 0
            while seen < 5 {
                let frame = try await client.waitFor("update \(seen)", after: index) {
                    if case .orderBook(let b) = $0 { !b.isSnapshot } else { false }
                }
                index = client.texts.firstIndex { (try? FrameDecoder.decode($0)) == frame }.map { $0 + 1 } ?? index + 1
                guard case .orderBook(let update) = frame else { continue }
                #expect(update.beginNonce == previousNonce)
                #expect(update.nonce > previousNonce)
                #expect(update.offset > previousOffset)
                previousNonce = update.nonce
                previousOffset = update.offset
                seen += 1
            }
            await client.close()
        }
    }

    @Test func subscriptionErrorsUseTheVenueCodes() async throws {
        try await withSimulator { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.send(.subscribe(channel: "account_orders/0/7", auth: nil))
            try await client.waitFor("20001") { $0 == .error(ErrorFrame(code: 20001, message: "invalid param : auth field is required: account_orders:0")) }
            try await client.send(.subscribe(channel: "order_book/999", auth: nil))
            try await client.waitFor("30005") { if case .error(let e) = $0 { e.code == 30005 } else { false } }
            try await client.send(.subscribe(channel: "order_book/0", auth: nil))
            try await client.send(.subscribe(channel: "order_book/0", auth: nil))
            try await client.waitFor("30003") { $0 == .error(ErrorFrame(code: 30003, message: "Already Subscribed to : order_book:0")) }
            try await client.send(.unsubscribe(channel: "order_book/1"))
            try await client.waitFor("30002") { $0 == .error(ErrorFrame(code: 30002, message: "Not Subscribed to : order_book:1")) }
            try await client.send(.unsubscribe(channel: "order_book/0"))
            try await client.waitFor("unsubscribed") { $0 == .unsubscribed(channel: "order_book:0") }
            try await client.send(#"{"type":"dance"}"#)
            try await client.waitFor("30001") { if case .error(let e) = $0 { e.code == 30001 } else { false } }
            try await client.send("{not json")
            try await client.waitFor("30000") { if case .error(let e) = $0 { e.code == 30000 } else { false } }
            // Expired, not-yet-valid and wrong-account tokens.
            try await client.send(.subscribe(channel: "account_orders/0/7", auth: wellFormedToken(account: 7, lifetime: -10)))
            try await client.waitFor("expired") { $0 == .error(ErrorFrame(code: 20013, message: "invalid auth: invalid deadline")) }
            let mark = client.texts.count
            try await client.send(.subscribe(channel: "account_orders/0/7", auth: wellFormedToken(account: 7, lifetime: 9 * 3600)))
            try await client.waitFor("too far ahead", after: mark) { $0 == .error(ErrorFrame(code: 20013, message: "invalid auth: invalid deadline")) }
            try await client.send(.subscribe(channel: "account_orders/0/7", auth: wellFormedToken(account: 8)))
            try await client.waitFor("mismatch") { if case .error(let e) = $0 { e.message.contains("mismatch") } else { false } }
            try await client.send(.subscribe(channel: "account_orders/0/7", auth: "garbage"))
            try await client.waitFor("malformed") { if case .error(let e) = $0 { e.code == 20013 && e.message.hasPrefix("invalid auth") } else { false } }
            // A well-formed token is accepted.
            try await client.send(.subscribe(channel: "account_orders/0/7", auth: wellFormedToken(account: 7)))
            try await client.waitFor("subscribed/account_orders") {
                if case .accountOrders(let f) = $0 { f.isSnapshot && f.channel == "account_orders:0" } else { false }
            }
            await client.close()
        }
    }

    @Test func appPingsAreAnsweredAndServerPingsNeedAPong() async throws {
        try await withSimulator({ $0.serverPingInterval = .milliseconds(300); $0.pongTimeout = .milliseconds(400) }) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.send(.ping)
            try await client.waitFor("pong") { $0 == .pong }
            // Answering every ping keeps the socket open, however long the other one takes to close.
            let answering = try await PlainStreamClient.connect(endpoints.webSocketURL)
            let ponger = Task {
                var answered = 0
                while !Task.isCancelled, !answering.isFinished {
                    if answering.frames.filter({ $0 == .ping }).count > answered {
                        answered += 1
                        try? await answering.send(.pong)
                    } else {
                        try? await Task.sleep(for: .milliseconds(10))
                    }
                }
            }
            try await answering.waitFor("server ping") { $0 == .ping }
            // The silent client is closed with the venue's 1008 "no pong".
            try await client.waitUntilFinished(seconds: 5)
            #expect(client.closeCode == 1008)
            #expect(client.closeReason == "no pong")
            // Two more ping intervals answered: still open.
            let pings = answering.frames.filter { $0 == .ping }.count
            try await answering.waitFor("two more server pings") { _ in answering.frames.filter { $0 == .ping }.count >= pings + 2 }
            #expect(!answering.isFinished)
            ponger.cancel()
            await answering.close()
        }
    }

    @Test func badInputNeverHurtsOtherClients() async throws {
        try await withSimulator({ $0.maxFrameSize = 1 << 16 }) { endpoints, _ in
            let bystander = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await bystander.send(.subscribe(channel: "order_book/0", auth: nil))
            try await bystander.waitFor("snapshot") { if case .orderBook = $0 { true } else { false } }

            let noisy = try await PlainStreamClient.connect(endpoints.webSocketURL)
            var rng = SystemRandomNumberGenerator()
            for _ in 0..<50 {
                let junk = String((0..<Int.random(in: 1...300, using: &rng)).map { _ in Character(Unicode.Scalar(UInt8.random(in: 32...126, using: &rng))) })
                try await noisy.send(junk)
            }
            try await noisy.sendBinary([0, 1, 2, 255])
            try await noisy.send(#"{"type":"subscribe","channel":"order_book/0","auth":"#)
            try await noisy.send(String(repeating: "[", count: 50_000))
            // Every one of the 53 bad frames is answered with 30000 Invalid Json.
            var errorCount = 0
            for _ in 0..<300 where errorCount < 53 {
                errorCount = noisy.frames.filter { if case .error(let e) = $0 { e.code == 30000 } else { false } }.count
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(errorCount == 53)
            #expect(!noisy.isFinished)
            // A frame over the limit ends that connection only.
            let huge = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try? await huge.send(String(repeating: "x", count: 1 << 17))
            try await huge.waitUntilFinished(seconds: 5)

            // The bystander still receives: a book update after all that (waited for, not timed).
            let before = bystander.texts.count
            try await bystander.waitFor("a book update after the noise", after: before) { if case .orderBook = $0 { true } else { false } }
            #expect(!bystander.isFinished)
            await bystander.close()
            await noisy.close()
        }
    }
}
