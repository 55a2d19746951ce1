import Foundation
import LighterClient
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Logging
import Synchronization
import Testing

/// The real client against the real simulator over loopback WebSockets.
@Suite(.serialized) struct StreamClientEndToEndTests {
    typealias H = ClientHarness
    static let ordersChannel = StreamChannel.accountOrders(market: 0, account: H.account)

    /// Trades for `seconds` once the client listens, then lets it settle.
    /// With `minFills`, trading goes on past `seconds` until the exchange has made that many
    /// fills (a loaded machine places fewer orders in the same time), up to 30 s more.
    static func trade(_ server: SimulatorServer, _ client: RunningClient, seconds: Double, intervalMs: Int64 = 250,
                      settle: Double = 1.5, minFills: Int = 0) async throws {
        try await client.log.waitUntil("account_orders confirmed") { $0.state(of: ordersChannel)?.isConfirmed == true }
        await server.exchange.startScript(AccountScriptSettings(account: H.account, market: 0, intervalMs: intervalMs))
        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        let deadline = ContinuousClock.now + .seconds(30)
        while await server.exchange.fills(account: H.account).count < minFills, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        await server.exchange.stopScript()
        // A resting order may fill late, after the client caught up and before it stops: from now
        // on nothing fills, so the audits that follow judge a finished record.
        server.configuration.faults.set(.neverFill)
        try await Task.sleep(for: .milliseconds(Int(settle * 1000)))
        // A loaded machine may lag: stop once the client has caught up with the exchange.
        _ = await client.log.eventually(10) { log in
            FillAudit(made: await server.exchange.fills(account: ClientHarness.account), account: ClientHarness.account,
                      detected: log.fills).exactlyOnce
        }
    }

    /// No order's fill is reported twice: the cumulative amounts of an order's fills strictly increase.
    static func expectNoDuplicates(_ fills: [FillEvent]) {
        for (order, events) in Dictionary(grouping: fills, by: \.orderIndex) {
            let cumulative = events.map(\.cumulativeFilled)
            #expect(cumulative == cumulative.sorted() && Set(cumulative).count == cumulative.count,
                    "order \(order) reported twice: \(cumulative)")
        }
    }

    @Test(arguments: [false, true])
    func everyFillIsReportedExactlyOnce(fullSetUpdates: Bool) async throws {
        try await withSimulator({ $0.updatesPerSecond = 10; $0.fullSetAccountUpdates = fullSetUpdates }) { endpoints, server in
            let client = H.start(endpoints)
            try await Self.trade(server, client, seconds: 4, minFills: 8)
            await client.stop()
            let audit = await H.audit(server, detected: client.log.fills)
            let seen = audit.detected
            #expect(audit.made.count >= 8, "the script should have filled several orders")
            #expect(audit.exactlyOnce, "missed \(audit.missed), extra \(audit.extra)")
            Self.expectNoDuplicates(client.log.fills)
            // The script's orders include partial fills and IOC remainders; both were counted.
            let orders = await server.exchange.orders(account: H.account)
            let ioCRemainders = orders.filter { $0.status.wire.hasPrefix("canceled") && $0.filledBaseAmount > .zero }
            #expect(!ioCRemainders.isEmpty)
            for order in ioCRemainders { #expect(seen[order.orderIndex] == order.filledBaseAmount) }
            #expect(client.log.disconnects.isEmpty)
        }
    }

    @Test(arguments: [true, false])
    func fillsMadeWhileDroppedAreRecovered(accountTrades: Bool) async throws {
        try await withSimulator({ $0.updatesPerSecond = 10; $0.faults.set(.dropConnection, parameter: 2) }) { endpoints, server in
            // Reconnect delays long enough that orders land while the client is away.
            let client = H.start(endpoints) {
                $0.subscribeAccountTrades = accountTrades
                $0.backoffInitial = .milliseconds(500)
                $0.backoffMax = .seconds(1)
            }
            try await Self.trade(server, client, seconds: 6, settle: 2.5)
            await client.stop()
            let audit = await H.audit(server, detected: client.log.fills)
            #expect(client.log.disconnects.count >= 2, "the fault should have dropped the client")
            #expect(audit.exactlyOnce, "missed \(audit.missed), extra \(audit.extra)")
            Self.expectNoDuplicates(client.log.fills)
            let recovered = client.log.fills.filter(\.recovered)
            #expect(!recovered.isEmpty, "some fills should have happened while disconnected: \(client.log.fills.map { "\($0.source.rawValue) \($0.recovered)" })")
            if !accountTrades {
                // Without the trades channel, the gap can only be closed by REST or the order snapshot.
                #expect(recovered.allSatisfy { $0.source == .rest || $0.source == .accountOrders })
            }
        }
    }

    /// Book updates the socket hands the session on the spot count in the health line as any
    /// frame does, at both log levels (at INFO no per-frame line is built).
    @Test(arguments: [Logger.Level.info, .debug])
    func theHealthLineCountsTheBookUpdatesTakenInline(level: Logger.Level) async throws {
        try await withSimulator({ $0.updatesPerSecond = 20 }) { endpoints, _ in
            let client = H.start(endpoints, level: level)
            try await client.log.waitUntil("three health lines", seconds: 15) { log in
                log.events.filter { if case .health = $0 { true } else { false } }.count >= 3
            }
            await client.stop()
            let healths = client.log.events.compactMap { event -> HealthSummary? in
                if case .health(let summary) = event { return summary }
                return nil
            }
            // The first interval holds the connection's start; the later ones a steady 20 a second.
            let rate = healths.last?.messagesPerSecond[ServerFrame.bookUpdateTypeName] ?? 0
            #expect(rate >= 10, "book updates a second in the health line: \(rate)")
        }
    }

    @Test func aRestartWithTheSameJournalReportsNothingAgain() async throws {
        try await withSimulator({ $0.updatesPerSecond = 10 }) { endpoints, server in
            let path = H.temporaryPath("fills.jsonl")
            let first = H.start(endpoints, journal: try FillJournal(path: path))
            try await Self.trade(server, first, seconds: 2)
            await first.stop()
            let journaled = try FillJournal.load(path: path)
            #expect(journaled.count == first.log.fills.count)
            #expect(!journaled.isEmpty)

            let second = H.start(endpoints, journal: try FillJournal(path: path), history: journaled)
            try await second.log.waitUntil("account_orders confirmed") { $0.state(of: Self.ordersChannel)?.isConfirmed == true }
            try await second.log.waitUntil("reconciled") { log in
                log.events.contains { if case .reconciled = $0 { true } else { false } }
            }
            try await Task.sleep(for: .milliseconds(500))
            await second.stop()
            // A resting order may fill after the first client stopped (the second finds it in a
            // snapshot, as recovered) or while the second listens (live): either way the second
            // reports nothing the first one reported.
            var reported: [Int64: FixedDecimal] = [:]
            for fill in journaled { reported[fill.orderIndex] = max(reported[fill.orderIndex] ?? .zero, fill.cumulativeFilled) }
            for fill in second.log.fills {
                #expect(fill.cumulativeFilled - fill.size >= reported[fill.orderIndex] ?? .zero, "reported again: \(fill)")
            }
            let audit = await H.audit(server, detected: journaled + second.log.fills)
            #expect(audit.exactlyOnce, "missed \(audit.missed), extra \(audit.extra)")
            #expect(try FillJournal.load(path: path).count == journaled.count + second.log.fills.count)
        }
    }

    @Test func aBookGapResubscribesTheBookNotTheConnection() async throws {
        try await withSimulator({ $0.updatesPerSecond = 20; $0.faults.set(.skipBookUpdate, parameter: 5) }) { endpoints, server in
            let client = H.start(endpoints)
            try await client.log.waitUntil("a book resync") { log in
                log.events.contains { if case .bookResync = $0 { true } else { false } }
            }
            server.configuration.faults.clear(.skipBookUpdate)
            try await client.log.waitUntil("book confirmed again") { $0.state(of: .orderBook(market: 0))?.isConfirmed == true }
            try await Task.sleep(for: .milliseconds(300))
            // Compare with a new subscriber's snapshot at the same nonce.
            let plain = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await plain.send(.subscribe(channel: "order_book/0", auth: nil))
            let frame = try await plain.waitFor("snapshot") { if case .orderBook(let b) = $0 { b.isSnapshot } else { false } }
            guard case .orderBook(let snapshot) = frame else { return }
            try await client.log.waitUntil("the client at nonce \(snapshot.nonce)") { log in
                log.books.contains { ($0.nonce ?? 0) >= snapshot.nonce }
            }
            await plain.close()
            await client.stop()
            let mine = try #require(client.log.books.first { $0.nonce == snapshot.nonce })
            var expected = OrderBook(market: 0)
            _ = expected.apply(snapshot)
            #expect(mine.bids == expected.bids)
            #expect(mine.asks == expected.asks)
            #expect(client.log.disconnects.isEmpty, "a gap must not cost the connection")
            #expect(client.logLines.contains { $0.contains("Order book gap on market 0") })
        }
    }

    @Test func privateChannelsGetAFreshTokenBeforeTheOldOneExpires() async throws {
        struct ShortTokens: AuthTokenProvider {
            var canRefresh: Bool { true }
            func freshToken() async throws -> String {
                wellFormedToken(account: ClientHarness.account, lifetime: 3)
            }
        }
        try await withSimulator({ $0.updatesPerSecond = 10 }) { endpoints, server in
            let client = H.start(endpoints, tokens: ShortTokens()) {
                $0.tokenRefreshMargin = .seconds(2)
                $0.tokenMinimumRemaining = .seconds(1)
            }
            try await client.log.waitUntil("a token refresh", seconds: 5) { _ in
                client.logLines.contains { $0.contains("Refreshing auth token") }
            }
            try await client.log.waitUntil("account_orders confirmed after the refresh") { log in
                let states = log.events.compactMap { event -> SubscriptionState? in
                    if case .subscription(Self.ordersChannel, let state) = event { return state }
                    return nil
                }
                return states.filter(\.isConfirmed).count >= 2
            }
            // Fills still flow on the re-subscribed channels.
            try await Self.trade(server, client, seconds: 1.5, settle: 1)
            await client.stop()
            #expect((await H.audit(server, detected: client.log.fills)).exactlyOnce)
            #expect(client.log.disconnects.isEmpty)
        }
    }

    /// A token command may take seconds: the refresh runs beside the session, which goes on
    /// reading frames meanwhile.
    @Test func aSlowTokenRefreshDoesNotStopTheStream() async throws {
        final class SlowTokens: AuthTokenProvider, Sendable {
            let calls = Mutex(0)
            let slowFetch = Mutex<(start: ContinuousClock.Instant?, end: ContinuousClock.Instant?)>((nil, nil))
            var canRefresh: Bool { true }
            func freshToken() async throws -> String {
                let call = calls.withLock { $0 += 1; return $0 }
                if call == 2 {
                    slowFetch.withLock { $0.start = .now }
                    try await Task.sleep(for: .milliseconds(1500))
                    slowFetch.withLock { $0.end = .now }
                }
                return wellFormedToken(account: ClientHarness.account, lifetime: call == 1 ? 3 : 3600)
            }
        }
        let tokens = SlowTokens()
        try await withSimulator({ $0.updatesPerSecond = 20 }) { endpoints, _ in
            let client = H.start(endpoints, tokens: tokens) {
                $0.tokenRefreshMargin = .seconds(2)
                $0.tokenMinimumRemaining = .seconds(1)
            }
            // Book frames seen over time, sampled every 50 ms.
            var samples: [(ContinuousClock.Instant, Int)] = []
            let until = ContinuousClock.now + .seconds(6)
            while ContinuousClock.now < until, tokens.slowFetch.withLock({ $0.end }) == nil {
                samples.append((.now, client.log.books.count))
                try await Task.sleep(for: .milliseconds(50))
            }
            samples.append((.now, client.log.books.count))
            await client.stop()
            let fetch = tokens.slowFetch.withLock { $0 }
            let start = try #require(fetch.start, "the refresh never started")
            let end = try #require(fetch.end, "the refresh never ended")
            let before = samples.last { $0.0 <= start }?.1 ?? 0
            let during = samples.last { $0.0 <= end }?.1 ?? 0
            // 20 updates a second for 1.5 s: the session kept reading (a blocked one reads none).
            #expect(during - before >= 10, "book frames during a 1.5 s token refresh: \(during - before)")
            #expect(client.log.disconnects.isEmpty)
        }
    }

    @Test func appPingsAreAnsweredAndOwnPingsKeepTheSocketOpen() async throws {
        // The venue sends its next ping only once the last one was answered: five pings seen on
        // one connection prove four pongs, whatever the machine's pace (a pong is due within 1 s).
        try await withSimulator({ $0.serverPingInterval = .milliseconds(200); $0.pongTimeout = .seconds(1) }) { endpoints, _ in
            let client = H.start(endpoints)
            try await LighterTestSupport.waitUntil("five server pings", seconds: 15) {
                client.logLines.filter { $0.contains("Ping received (sending pong)") }.count >= 5
            }
            await client.stop()
            #expect(client.log.disconnects.isEmpty, "\(client.log.disconnects)")
        }
        // The client's own pings every 200 ms keep a venue that never pings from closing the
        // socket as idle after 1.5 s; the run lasts well past that.
        try await withSimulator({
            $0.faults.set(.noServerPing)
            $0.idleTimeout = .milliseconds(1500)
        }) { endpoints, _ in
            let client = H.start(endpoints) { $0.pingInterval = .milliseconds(200) }
            try await Task.sleep(for: .milliseconds(4000))
            await client.stop()
            #expect(client.log.disconnects.isEmpty, "the client's own pings should satisfy the idle limit")
        }
    }

    @Test func aSilentSocketIsDetectedAndReplaced() async throws {
        try await withSimulator({
            $0.updatesPerSecond = 1
            $0.faults.set(.noServerPing)
            $0.faults.set(.ignoreClientPing)
        }) { endpoints, _ in
            let client = H.start(endpoints) { $0.silenceTimeout = .milliseconds(400); $0.confirmTimeout = .seconds(5) }
            try await client.log.waitUntil("a silent-socket reconnect", seconds: 6) { log in
                log.disconnects.contains { $0.contains("silent socket") }
            }
            await client.stop()
        }
    }

    @Test func aRejectedTokenIsLoggedAndNeverPrinted() async throws {
        let token = H.token()
        let signature = String(token.split(separator: ":").last ?? "")
        let recording = H.temporaryPath("frames.jsonl")
        try await withSimulator({ $0.faults.set(.rejectAuth) }) { endpoints, _ in
            let recorder = try FrameRecorder(path: recording)
            let client = H.start(endpoints, tokens: try StaticTokenProvider(token: token), recorder: recorder)
            try await client.log.waitUntil("errored subscription") { log in
                if case .errored(let code, _)? = log.state(of: Self.ordersChannel) { return code == 20013 }
                return false
            }
            await client.stop()
            recorder.close()
            let lines = client.logLines
            #expect(lines.contains { $0.contains(" - WARNING - ") && $0.contains("code=20013") })
            #expect(!lines.contains { $0.contains(signature) })
            let recorded = try String(contentsOfFile: recording, encoding: .utf8)
            #expect(!recorded.isEmpty)
            #expect(!recorded.contains(signature))
            let described = client.log.events.map { String(describing: $0) }.joined()
            #expect(!described.contains(signature))
        }
    }

    @Test func badFramesAreLoggedAndNeverStopTheStream() async throws {
        try await withSimulator({
            $0.updatesPerSecond = 10
            $0.faults.set(.malformedJSON, parameter: 1)
            $0.faults.set(.unknownFrame, parameter: 1)
        }) { endpoints, _ in
            let client = H.start(endpoints, level: .info)
            try await client.log.waitUntil("bad frames", seconds: 4) { _ in
                client.logLines.contains { $0.contains("Undecodable frame") }
                    && client.logLines.contains { $0.contains("UNEXPECTED MESSAGE TYPE: update/mystery") }
            }
            let booksBefore = client.log.books.count
            try await Task.sleep(for: .milliseconds(500))
            await client.stop()
            #expect(client.log.books.count > booksBefore, "the book stopped updating after a bad frame")
            #expect(client.log.disconnects.isEmpty)
            #expect(client.logLines.contains { $0.contains(" - WARNING - ") && $0.contains("Undecodable frame") })
        }
    }

    /// The guide's six quick diagnostics, run on a debug log of a healthy session.
    @Test func theGuidesQuickDiagnosticsWorkOnOurLog() async throws {
        try await withSimulator({ $0.updatesPerSecond = 10; $0.serverPingInterval = .milliseconds(500) }) { endpoints, server in
            let client = H.start(endpoints, level: .debug)
            try await Self.trade(server, client, seconds: 2, settle: 0.5)
            await client.stop()
            let log = client.logLines
            func grep(_ needle: String) -> [String] { log.filter { $0.contains(needle) } }
            // 1. grep "subscribed" | head -5: both confirmations.
            let subscribed = grep("subscribed").prefix(5).joined(separator: "\n")
            #expect(subscribed.contains("subscribed/order_book"))
            #expect(subscribed.contains("subscribed/account_orders"))
            // 2. grep -i "auth\|token": the account subscription with its token, confirmed.
            #expect(log.filter { $0.lowercased().contains("auth") || $0.lowercased().contains("token") }
                .contains { $0.contains("Subscribed to account orders with auth token") })
            // 3. grep "update/account_orders" | wc -l: more than zero.
            #expect(grep("update/account_orders").count > 0)
            // 4. grep "Order FILLED": the fills.
            #expect(grep("Order FILLED").count == client.log.fills.count)
            #expect(!client.log.fills.isEmpty)
            // 5. Message types with counts. The guide cuts field 5; in this format the type is field 4.
            let types = Dictionary(grouping: grep("Received message type:").map {
                $0.split(separator: ":", omittingEmptySubsequences: false).dropFirst(3).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            }, by: { $0 }).mapValues(\.count)
            #expect((types["update/order_book"] ?? 0) > 5)
            #expect(types["ping"] != nil)
            // 6. grep "UNEXPECTED MESSAGE TYPE": nothing on a healthy stream.
            #expect(grep("UNEXPECTED MESSAGE TYPE").isEmpty)
        }
    }
}
