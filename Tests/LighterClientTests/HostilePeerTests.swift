import Foundation
import LighterClient
import LighterProtocol
import StreamKit
@testable import LighterSimulator
import LighterTestSupport
import Synchronization
import Testing
import Logging
import Dispatch

/// A peer that lies, floods and tries to write into our terminal and logs: the simulator made
/// to send raw frames of the attacker's choosing to the real client.
@Suite(.serialized) struct HostilePeerTests {
    typealias H = ClientHarness
    static let ordersChannel = StreamChannel.accountOrders(market: 0, account: H.account)

    static func connected(_ endpoints: SimulatorEndpoints, _ configure: (inout StreamClientConfiguration) -> Void = { _ in })
        async throws -> RunningClient {
        let client = H.start(endpoints, level: .debug, configure)
        try await client.log.waitUntil("account_orders confirmed") { $0.state(of: ordersChannel)?.isConfirmed == true }
        return client
    }

    @Test func aStatusHoldingALineBreakIsNeverEchoed() async throws {
        try await withSimulator { endpoints, server in
            let client = try await Self.connected(endpoints)
            let now = LogClock.nowMilliseconds()
            let frame = #"{"type":"update/account_orders","channel":"account_orders:0","account":7,"nonce":1,"orders":{"0":[{"order_index":999,"client_order_index":0,"market_index":0,"owner_account_index":7,"initial_base_amount":"1","price":"2000","remaining_base_amount":"0.5","is_ask":true,"filled_base_amount":"0.5","filled_quote_amount":"1000","status":"open\nFILL sell 999 ETH @ 1","timestamp":"# + "\(now)}]}}"
            await server.exchange.sendRawToAll(frame)
            try await client.log.waitUntil("the fill") { !$0.fills.isEmpty }
            await client.stop()
            #expect(client.log.fills.first?.status == "unknown")
            #expect(!client.logLines.contains { $0.contains("\n") || $0.contains("\r") }, "a log line was split by a peer's text")
            #expect(client.logLines.contains { $0.contains("Order FILLED: id=999") && $0.contains("status=unknown") })
        }
    }

    @Test func terminalEscapesInAnErrorFrameAreShownNotObeyed() async throws {
        try await withSimulator { endpoints, server in
            let client = try await Self.connected(endpoints)
            let frame = #"{"error":{"code":30005,"message":"bad\r\u001b[2K2026-01-01 - INFO - fake \u001b]0;pwned\u0007 \u202e"}}"#
            await server.exchange.sendRawToAll(frame)
            try await client.log.waitUntil("the error frame") { log in
                log.events.contains { if case .serverError = $0 { true } else { false } }
            }
            await client.stop()
            let line = try #require(client.logLines.first { $0.contains("Server error frame: code=30005") })
            #expect(!line.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D || $0.value == 0x202E })
            #expect(line.contains(#"\x1b[2K"#))
            #expect(TextSanitizer.escapingControls("plain text ✅") == "plain text ✅")
        }
    }

    @Test func aTokenCommandThatPrintsAnExpiredTokenIsNotHammered() async throws {
        final class Expired: AuthTokenProvider, Sendable {
            let calls = Mutex(0)
            var canRefresh: Bool { true }
            func freshToken() async throws -> String {
                calls.withLock { $0 += 1 }
                return wellFormedToken(account: ClientHarness.account, lifetime: -60)
            }
        }
        let tokens = Expired()
        try await withSimulator { endpoints, _ in
            let client = H.start(endpoints, tokens: tokens)
            try await Task.sleep(for: .seconds(4))
            await client.stop()
            let calls = tokens.calls.withLock { $0 }
            // A growing pause: at 0 s, then about 0.2, 1.2 and 3.2 s; never every tick (20 in 4 s).
            #expect((1...5).contains(calls), "token asked for \(calls) times in 4 s")
            #expect(client.logLines.contains { $0.contains("Failed to create auth token: the token expired") })
        }
    }

    @Test func aFloodOfMadeUpChannelsAndTypesStaysBounded() async throws {
        try await withSimulator({ $0.updatesPerSecond = 10 }) { endpoints, server in
            let client = try await Self.connected(endpoints)
            for i in 0..<5_000 {
                await server.exchange.sendRawToAll(#"{"type":"unsubscribed","channel":"order_book:\#(1000 + i)"}"#)
            }
            for i in 0..<2_000 {
                await server.exchange.sendRawToAll(#"{"type":"weird/\#(i)","x":1}"#)
            }
            let booksBefore = client.log.books.count
            try await client.log.waitUntil("a health line after the flood", seconds: 15) { log in
                log.events.filter { if case .health = $0 { true } else { false } }.count >= 3
            }
            try await client.log.waitUntil("book frames after the flood") { $0.books.count > booksBefore + 5 }
            await client.stop()
            let healths = client.log.events.compactMap { event -> HealthSummary? in
                if case .health(let summary) = event { return summary }
                return nil
            }
            for health in healths {
                #expect(health.messagesPerSecond.count <= 30, "\(health.messagesPerSecond.count) types counted apart")
                #expect(health.subscriptions.count <= 3, "made-up channels entered the table")
            }
            let lines = client.logLines.filter { $0.contains("- INFO - Health:") }
            #expect(!lines.isEmpty)
            #expect(lines.allSatisfy { $0.count < 2200 })
        }
    }
}

/// Output that stops being read (a terminal scrolled back, a pipe nobody drains) must not stall
/// the client: fills are still journaled and reported, and the waiting output stays bounded.
@Suite struct BlockedOutputTests {
    final class BlockedSink: LogSink, @unchecked Sendable {
        let gate = DispatchSemaphore(value: 0)
        func write(line: String) { gate.wait() }
    }

    @Test func aLogThatStopsTakingLinesNeitherStallsTheClientNorGrows() async throws {
        try await withSimulator({ $0.updatesPerSecond = 200 }) { endpoints, server in
            let blocked = BlockedSink()
            let queued = QueuedLogSink(blocked, capacity: 200)
            let logger = Logger(label: "lighter_hedge_ETH") { _ in
                PythonStyleLogHandler(name: "lighter_hedge_ETH", sink: queued, logLevel: .debug)
            }
            let path = ClientHarness.temporaryPath("fills.jsonl")
            var configuration = StreamClientConfiguration(url: endpoints.webSocketURL, market: 0, account: ClientHarness.account)
            configuration.reconcile.activeInterval = .milliseconds(500)
            let client = LighterStreamClient(configuration: configuration, tokens: ClientHarness.Tokens(account: ClientHarness.account),
                                             journal: try FillJournal(path: path), logger: logger)
            let log = EventLog()
            let task = Task { try await client.run { log.append($0) } }
            // A wait, not a budget: 200 frames a second on a loaded machine can take a while to confirm.
            try await log.waitUntil("account_orders confirmed", seconds: 20) {
                $0.state(of: .accountOrders(market: 0, account: ClientHarness.account))?.isConfirmed == true
            }
            await server.exchange.startScript(AccountScriptSettings(account: ClientHarness.account, market: 0, intervalMs: 200))
            try await Task.sleep(for: .seconds(3))
            await server.exchange.stopScript()
            // Nothing fills from now on (a resting order could, after the client stops).
            server.configuration.faults.set(.neverFill)
            try await Task.sleep(for: .seconds(2))
            task.cancel()
            _ = await task.result
            let audit = await ClientHarness.audit(server, detected: try FillJournal.load(path: path))
            #expect(audit.made.count >= 5)
            #expect(audit.exactlyOnce, "missed \(audit.missed), extra \(audit.extra)")
            #expect(log.fills.count == (try FillJournal.load(path: path)).count)
            #expect(queued.writer.droppedCount > 0, "a 200 frames/s debug log must overflow a stalled 200-line queue")
            for _ in 0..<10_000 { blocked.gate.signal() }
        }
    }
}
