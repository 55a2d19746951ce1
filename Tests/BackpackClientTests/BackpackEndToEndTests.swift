import BackpackClient
import BackpackProtocol
import BackpackSimulator
import BackpackTestSupport
import Foundation
import Journaling
import LighterProtocol
import Testing

/// The real client against the real Backpack simulator over loopback.
struct BackpackEndToEndTests {
    typealias H = BackpackHarness

    /// Every Backpack fault under which fills still happen and can be seen; each must end with
    /// every fill reported exactly once.
    static let faults: [(BackpackFault, Int?)] = [
        (.dropConnection, 2), (.depthGap, 5), (.orderUpdatesStop, 2), (.delayFrames, 300), (.postOnlyReject, nil),
        (.partialFillsOnly, nil), (.rateLimitStorm, nil), (.cancelAccepted, 400), (.clockSkew, 10_000),
    ]

    @Test func everyFillIsReportedExactlyOnceWithNoFault() async throws {
        try await withBackpackSimulator { endpoints, server in
            let running = try H.start(endpoints)
            try await H.waitStanding(running)
            try await H.trade(server, as: running, seconds: 4)
            await running.stop()
            let audit = await H.audit(server, running)
            #expect(audit.made.count >= 5, "the script should have traded")
            #expect(audit.exactlyOnce, "missed \(audit.missed), doubled \(audit.doubled), extra \(audit.extra)")
            #expect(running.log.fills.contains { $0.source == .orderUpdate }, "the order stream should carry the fills")
            #expect(running.logLines.contains { $0.contains("- INFO - ✅ [BACKPACK WS] Order FILLED: id=") })
        }
    }

    /// The market's own depth and ticker frames count in the health line under their stream's
    /// names, as any frame does (they are counted apart on the hot path).
    @Test func theHealthLineCountsTheMarketsDepthAndTickerFrames() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let running = try H.start(endpoints, signer: nil, level: .info)
            try await running.log.waitUntil("three health lines", seconds: 15) { log in
                log.events.filter { if case .health = $0 { true } else { false } }.count >= 3
            }
            await running.stop()
            let last = running.log.events.compactMap { event -> BackpackHealth? in
                if case .health(let health) = event { return health }
                return nil
            }.last
            let rates = last?.framesPerSecond ?? [:]
            #expect((rates["depth.\(H.symbol)"] ?? 0) > 0, "\(rates)")
            #expect((rates["bookTicker.\(H.symbol)"] ?? 0) > 0, "\(rates)")
        }
    }

    @Test(arguments: faults.map { "\($0.0.rawValue)\($0.1.map { "=\($0)" } ?? "")" })
    func everyFillIsReportedExactlyOnceUnderAFault(_ fault: String) async throws {
        guard case .success(let (parsed, parameter)) = BackpackFault.parse(fault) else {
            Issue.record("bad fault \(fault)")
            return
        }
        try await withBackpackSimulator({ $0.faults.set(parsed, parameter: parameter) }) { endpoints, server in
            let running = try H.start(endpoints)
            try await H.waitStanding(running)
            try await H.trade(server, as: running, seconds: 5, settle: 4)
            await running.stop()
            let audit = await H.audit(server, running)
            #expect(audit.made.count >= 3, "the script should have traded under \(fault)")
            #expect(audit.exactlyOnce, "\(fault): missed \(audit.missed), doubled \(audit.doubled), extra \(audit.extra)")
        }
    }

    @Test func aDepthGapResyncsTheBookWhichThenEqualsTheSimulators() async throws {
        try await withBackpackSimulator({ $0.faults.set(.depthGap, parameter: 25) }) { endpoints, server in
            let running = try H.start(endpoints, signer: nil)
            try await running.log.waitUntil("two resyncs and a book seeded after them", seconds: 20) { log in
                log.resyncs >= 2 && log.count { if case .bookSynced = $0 { true } else { false } } >= 3
            }
            // Books move between the snapshot and the client: match them by update id.
            let rest = BackpackRESTClient(baseURL: endpoints.httpURL, signer: nil)
            var compared = 0
            for _ in 0..<20 where compared < 3 {
                let snapshot = try await rest.depth(symbol: H.symbol)
                try? await running.log.waitUntil("the client past \(snapshot.lastUpdateID)", seconds: 3) { log in
                    (log.books.last?.lastUpdateID ?? 0) >= snapshot.lastUpdateID
                }
                guard let book = running.log.books.last(where: { $0.lastUpdateID == snapshot.lastUpdateID }) else { continue }
                #expect(book.bids == snapshot.bids.reversed(), "bids at \(snapshot.lastUpdateID)")
                #expect(book.asks == snapshot.asks, "asks at \(snapshot.lastUpdateID)")
                #expect(!book.isCrossed)
                compared += 1
            }
            await running.stop()
            #expect(compared >= 1, "no client book matched a snapshot's update id")
            #expect(running.log.disconnects.isEmpty, "a depth gap must not cost the socket")
            #expect(await server.exchange.stats.depthUpdatesSkipped > 0)
            #expect(running.logLines.contains { $0.contains("- INFO - Depth gap on ETH_USDC_PERP: expected U=") })
        }
    }

    @Test func aRestartReportsOnlyWhatCameAfterTheCheckpoint() async throws {
        try await withBackpackSimulator { endpoints, server in
            let signer = BackpackSigner.generate()
            let path = H.temporaryPath("fills.jsonl")
            // The account traded before the journal began: that is history, not news.
            try await H.trade(server, account: signer.publicKeyBase64, seconds: 2)
            let before = await server.exchange.fills(account: signer.publicKeyBase64)
            #expect(!before.isEmpty)

            let first = try H.start(endpoints, signer: signer, journal: try BackpackFillJournal(path: path))
            try await H.waitStanding(first)
            try await H.trade(server, as: first, seconds: 3, settle: 1)
            try await first.log.waitUntil("a checkpoint's reconciliation") { $0.reconciliations > 0 }
            await first.stop()
            // Fills made while no client runs are the next run's news.
            try await H.trade(server, account: signer.publicKeyBase64, seconds: 3)

            let second = try H.start(endpoints, signer: signer, journal: try BackpackFillJournal(path: path))
            try await second.log.waitUntil("the restart's reconciliation") { $0.reconciliations > 0 }
            try await Task.sleep(for: .milliseconds(500))
            await second.stop()

            let contents = try BackpackFillJournal.read(path: path)
            let origin = try #require(contents.origin)
            #expect(origin.basis == .venue)
            #expect(origin.symbol == H.symbol && origin.accountKey == signer.publicKeyBase64)
            let made = await server.exchange.fills(account: signer.publicKeyBase64)
            let news = made.filter { fill in !before.contains { $0.tradeID == fill.tradeID } }
            let audit = BackpackFillAudit(made: news, detected: contents.fills)
            #expect(audit.exactlyOnce, "missed \(audit.missed), doubled \(audit.doubled), extra \(audit.extra)")
            #expect(contents.fills == first.log.fills + second.log.fills)
            #expect(!first.log.fills.isEmpty)
            #expect(!second.log.fills.isEmpty, "fills made while no client ran are the second run's news")
            #expect(second.log.fills.allSatisfy { $0.recovered && $0.source == .rest })
            let firstKeys = Set(first.log.fills.map(\.key))
            #expect(second.log.fills.allSatisfy { !firstKeys.contains($0.key) }, "nothing the first run reported comes again")
            let origins = (first.log.events + second.log.events).compactMap { event -> Bool? in
                if case .historyOrigin(_, let isNew) = event { return isNew }
                return nil
            }
            #expect(origins == [true, false])
        }
    }

    @Test func a429StormBacksOffAndLosesNothing() async throws {
        let faults = BackpackFaultSwitchboard()
        try await withBackpackSimulator({ $0.faults = faults }) { endpoints, server in
            // Reconnects slow enough that the script trades while the socket is down.
            let running = try H.start(endpoints) {
                $0.backoffInitial = .milliseconds(800)
                $0.backoffMax = .seconds(1)
            }
            try await H.waitStanding(running)
            await server.exchange.startScript(BackpackScriptSettings(symbol: H.symbol, intervalMs: 150, account: running.account))
            try await Task.sleep(for: .seconds(1))
            // A storm, and the socket cut meanwhile: what trades while the socket is down can
            // only come back through REST, once the storm is over.
            let before = await server.exchange.stats
            faults.set(.rateLimitStorm)
            faults.set(.dropConnection, parameter: 1)
            try await Task.sleep(for: .seconds(4))
            faults.clear(.dropConnection)
            let during = await server.exchange.stats
            faults.clear(.rateLimitStorm)
            try await Task.sleep(for: .seconds(1))
            await server.exchange.stopScript()
            _ = await server.exchange.cancelAll(account: running.account, symbol: H.symbol)
            try await running.log.waitUntil("a reconciliation after the storm") { log in
                log.events.last { if case .reconciled = $0 { true } else { false } } != nil
            }
            try await Task.sleep(for: .seconds(3))
            await running.stop()
            let audit = await H.audit(server, running)
            #expect(audit.exactlyOnce, "missed \(audit.missed), doubled \(audit.doubled), extra \(audit.extra)")
            #expect(running.logLines.contains { $0.contains("- WARNING - REST GET /wapi/v1/history/fills: 429 rate limited; every request waits") },
                    "reconciliation should have met the storm and paused")
            // Backing off: a few requests a second at most, where a client that did not would
            // retry every reconciliation tick and every snapshot at once.
            let refused = during.rateLimited - before.rateLimited
            #expect(refused > 0 && refused < 30, "\(refused) requests met the storm")
            #expect(running.log.fills.contains { $0.recovered }, "fills made while the socket was down come back through REST")
        }
    }

    @Test func silentOrderUpdatesLoseNothingAndAreAStreamGap() async throws {
        try await withBackpackSimulator({ $0.faults.set(.orderUpdatesStop, parameter: 1) }) { endpoints, server in
            let running = try H.start(endpoints)
            try await H.waitStanding(running)
            try await H.trade(server, as: running, seconds: 5, settle: 4)
            await running.stop()
            let audit = await H.audit(server, running)
            #expect(audit.made.count >= 5)
            #expect(audit.exactlyOnce, "missed \(audit.missed), doubled \(audit.doubled), extra \(audit.extra)")
            #expect(running.log.gaps > 0, "fills found only through REST while the socket was up are a stream gap")
            #expect(running.log.fills.contains { $0.source == .rest })
            #expect(running.logLines.contains { $0.contains("- WARNING - ⚠️ Account stream gap: trade ") })
        }
    }

    @Test func serverPingsAreAnswered() async throws {
        try await withBackpackSimulator({ $0.pingInterval = .milliseconds(500) }) { endpoints, _ in
            let running = try H.start(endpoints, signer: nil) { $0.pingInterval = .seconds(60) }
            try await Task.sleep(for: .seconds(3))
            await running.stop()
            #expect(running.log.disconnects.isEmpty, "a client that answers pings keeps its socket")
            #expect(!running.log.books.isEmpty)
        }
    }
}
