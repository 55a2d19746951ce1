import Journaling
import Foundation
import LighterClient
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Fills exactly once where a stream alone cannot promise it: restarts, long outages, a silent
/// account channel, a journal that fails or is shared, a token that lapses. The real client
/// against the real simulator over loopback.
@Suite(.serialized) struct FillHistoryTests {
    typealias H = ClientHarness
    static let ordersChannel = StreamChannel.accountOrders(market: 0, account: H.account)

    static func waitConfirmed(_ client: RunningClient, seconds: Double = 15) async throws {
        try await client.log.waitUntil("account_orders confirmed", seconds: seconds) { $0.state(of: ordersChannel)?.isConfirmed == true }
    }

    static func reconciliations(_ log: EventLog) -> Int {
        log.events.count { if case .reconciled = $0 { true } else { false } }
    }

    /// Waits for the client's run to end by itself, up to `seconds`.
    static func outcome(_ client: RunningClient, seconds: Double) async -> Result<Void, any Error>? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let done = Mutex<Result<Void, any Error>?>(nil)
        let watcher = Task { let result = await client.task.result; done.withLock { $0 = result } }
        while ContinuousClock.now < deadline {
            if let result = done.withLock({ $0 }) { return result }
            try? await Task.sleep(for: .milliseconds(20))
        }
        watcher.cancel()
        return nil
    }

    @Test func aRestartReportsExactlyWhatCameAfterTheOrigin() async throws {
        try await withSimulator({ $0.updatesPerSecond = 10 }) { endpoints, server in
            // The account trades for a while before any client listens: that is history.
            await server.exchange.startScript(AccountScriptSettings(account: H.account, market: 0, intervalMs: 150))
            try await Task.sleep(for: .seconds(2))
            let path = H.temporaryPath("fills.jsonl")
            let first = H.start(endpoints, journal: try FillJournal(path: path))
            try await Self.waitConfirmed(first)
            try await Task.sleep(for: .seconds(2))
            await first.stop()
            // Trading goes on while no client runs, then the second run starts on the same journal.
            try await Task.sleep(for: .milliseconds(1500))
            let second = H.start(endpoints, journal: try FillJournal(path: path))
            try await Self.waitConfirmed(second)
            try await Task.sleep(for: .seconds(1))
            await server.exchange.stopScript()
            // Resting orders may still fill at any time: exactly once is judged at a moment when
            // the client is running and has caught up, and no extra fill may appear after it.
            let originMs = try #require(try FillJournal.read(path: path).origin).originMs
            let firstFills = first.log.fills
            let caughtUp = await second.log.eventually(10) { log in
                let made = await server.exchange.fills(account: H.account).filter { $0.timestamp >= originMs }
                return FillAudit(made: made, account: H.account, detected: firstFills + log.fills).exactlyOnce
            }
            await second.stop()

            let contents = try FillJournal.read(path: path)
            let origin = try #require(contents.origin)
            #expect(origin.basis == .venue)
            let made = await server.exchange.fills(account: H.account)
            #expect(made.contains { $0.timestamp < origin.originMs }, "the account should have traded before the journal began")
            let audit = FillAudit(made: made.filter { $0.timestamp >= origin.originMs }, account: H.account,
                                  detected: contents.fills)
            #expect(caughtUp, "never caught up: missed \(audit.missed), extra \(audit.extra)")
            #expect(audit.extra.isEmpty, "reported beyond what the exchange made: \(audit.extra)")
            #expect(contents.fills == first.log.fills + second.log.fills)
            #expect(!second.log.fills.isEmpty, "fills made while no client ran are the second run's news")
            let origins = (first.log.events + second.log.events).compactMap { event -> Bool? in
                if case .historyOrigin(_, let isNew) = event { return isNew }
                return nil
            }
            #expect(origins == [true, false])
        }
    }

    @Test func anOutageOfMoreThanAPageIsPagedBackToTheCheckpoint() async throws {
        try await withSimulator({ $0.updatesPerSecond = 5 }) { endpoints, server in
            let path = H.temporaryPath("fills.jsonl")
            // Without the trades channel the snapshot shows open orders only: finished ones can
            // come back through paged REST alone.
            let configure: (inout StreamClientConfiguration) -> Void = { $0.subscribeAccountTrades = false }
            let first = H.start(endpoints, journal: try FillJournal(path: path), configure)
            try await Self.waitConfirmed(first)
            try await first.log.waitUntil("reconciled") { Self.reconciliations($0) > 0 }
            await first.stop()
            let before = await server.exchange.orders(account: H.account).count
            await server.exchange.startScript(AccountScriptSettings(account: H.account, market: 0, intervalMs: 100))
            let deadline = ContinuousClock.now + .seconds(30)
            while await server.exchange.orders(account: H.account).count - before < 115, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            await server.exchange.stopScript()
            try await Task.sleep(for: .milliseconds(500))
            let placed = await server.exchange.orders(account: H.account).count - before
            #expect(placed > 100, "the outage should span more than one page of 100 orders")

            let second = H.start(endpoints, journal: try FillJournal(path: path), configure)
            try await second.log.waitUntil("reconciled", seconds: 10) { Self.reconciliations($0) > 0 }
            // Orders the script left resting may still fill: compare up to a moment the client
            // has had time to report (the account channel shows a fill within milliseconds).
            let cutoffMs = Int64(Date().timeIntervalSince1970 * 1000)
            try await Task.sleep(for: .seconds(1))
            await second.stop()
            let contents = try FillJournal.read(path: path)
            let origin = try #require(contents.origin)
            let made = await server.exchange.fills(account: H.account).filter { $0.timestamp >= origin.originMs && $0.timestamp <= cutoffMs }
            let audit = FillAudit(made: made, account: H.account, detected: contents.fills.filter { $0.timeMs <= cutoffMs })
            #expect(audit.exactlyOnce, "missed \(audit.missed.count) orders, extra \(audit.extra.count)")
            #expect(second.log.fills.filter { $0.source == .rest }.count > 50)
        }
    }

    @Test func aSilentAccountChannelLosesNothingAndSaysSo() async throws {
        try await withSimulator({ $0.updatesPerSecond = 10; $0.faults.set(.accountSilenceAfter, parameter: 2) }) { endpoints, server in
            let client = H.start(endpoints) {
                $0.reconcile.activeInterval = .milliseconds(500)
                $0.reconcile.streamGrace = .milliseconds(500)
            }
            try await Self.waitConfirmed(client)
            await server.exchange.startScript(AccountScriptSettings(account: H.account, market: 0, intervalMs: 250))
            try await Task.sleep(for: .seconds(5))
            await server.exchange.stopScript()
            // Resting orders may still fill at any time: exactly once is judged at a moment when the
            // client runs and has caught up (room for a loaded machine), and nothing extra after.
            let caughtUp = await client.log.eventually(10) { log in
                FillAudit(made: await server.exchange.fills(account: H.account), account: H.account, detected: log.fills).exactlyOnce
            }
            await client.stop()
            let audit = await H.audit(server, detected: client.log.fills)
            #expect(audit.made.count >= 8)
            #expect(caughtUp, "missed \(audit.missed), extra \(audit.extra)")
            #expect(audit.extra.isEmpty, "reported beyond what the exchange made: \(audit.extra)")
            let gaps = client.log.events.count { if case .accountStreamGap = $0 { true } else { false } }
            #expect(gaps > 0, "fills found only through REST while the socket was up are a stream gap")
            #expect(client.logLines.contains { $0.contains("- WARNING - ⚠️ Account stream gap: a fill of order") })
            #expect(client.log.fills.contains { $0.source == .rest })
        }
    }

    #if os(Linux)
    @Test func aJournalThatCannotBeWrittenStopsTheRunBeforeReportingTheFill() async throws {
        try await withSimulator({ $0.updatesPerSecond = 10 }) { endpoints, server in
            let path = H.temporaryPath("fills.jsonl")
            let journal = try FillJournal(path: path)
            let client = H.start(endpoints, journal: journal)
            try await Self.waitConfirmed(client)
            // The disk fills up under the journal: every write now fails with ENOSPC.
            let full = open("/dev/full", O_WRONLY)
            #expect(full >= 0)
            #expect(dup2(full, journal.descriptorForTesting) >= 0)
            close(full)
            await server.exchange.startScript(AccountScriptSettings(account: H.account, market: 0, intervalMs: 200))
            let ended = await Self.outcome(client, seconds: 10)
            await server.exchange.stopScript()
            let result = try #require(ended, "the run should stop by itself")
            #expect(throws: StreamClientFailure.self) { try result.get() }
            #expect(client.log.fills.isEmpty, "no fill may be reported that is not on disk")
            #expect(client.logLines.contains { $0.contains("Fill journal write failed") })
        }
    }
    #endif

    @Test func twoWatchersCannotShareAJournal() throws {
        let path = H.temporaryPath("fills.jsonl")
        let first = try FillJournal(path: path)
        do {
            _ = try FillJournal(path: path)
            Issue.record("a second opener was let in")
        } catch let FillJournalError.locked(_, holder) {
            #expect(holder == getpid())
        }
        first.close()
        let after = try FillJournal(path: path)
        after.close()
    }

    @Test func aMovedOrDeletedJournalIsRefusedNotSilentlyRestarted() throws {
        let directory = H.temporaryPath("state")
        let registry = JournalRegistry(directory: directory)
        let host = "mainnet.zklighter.elliot.ai"
        let path = registry.defaultJournalPath(host: host, account: 7, market: 0)
        #expect(path.hasPrefix(directory + "/journals/"))
        #expect(registry.problemStartingNew(journal: path, host: host, account: 7, market: 0) == nil, "nothing known yet")
        let journal = try FillJournal(path: path)
        journal.close()
        try registry.remember(journal: path, host: host, account: 7, market: 0)
        #expect(registry.problemStartingNew(journal: path, host: host, account: 7, market: 0) == nil, "it is there")

        let moved = H.temporaryPath("moved.jsonl")
        try FileManager.default.moveItem(atPath: path, toPath: moved)
        let gone = try #require(registry.problemStartingNew(journal: path, host: host, account: 7, market: 0))
        #expect(gone.contains("is gone"))
        let elsewhere = try #require(registry.problemStartingNew(journal: H.temporaryPath("new.jsonl"), host: host, account: 7, market: 0))
        #expect(elsewhere.contains("--journal \(path)"))
        // Another account, market or host has a history of its own.
        #expect(registry.problemStartingNew(journal: path, host: host, account: 8, market: 0) == nil)
        #expect(registry.problemStartingNew(journal: path, host: "127.0.0.1:9", account: 7, market: 0) == nil)
    }

    @Test(arguments: [false, true])
    func aFixedTokenThatLapsesAcrossAReconnectMakesTheClientLoudlyBlind(exitOnBlind: Bool) async throws {
        try await withSimulator({ $0.updatesPerSecond = 10 }) { endpoints, server in
            let tokens = try StaticTokenProvider(token: wellFormedToken(account: H.account, lifetime: 3))
            let client = H.start(endpoints, tokens: tokens) {
                $0.tokenMinimumRemaining = .seconds(1)
                $0.blindness.after = .seconds(1)
                $0.blindness.repeatEvery = .seconds(1)
                $0.blindness.stopsRun = exitOnBlind
            }
            try await Self.waitConfirmed(client)
            // Deadlines are whole seconds and the venue takes the last one still: wait past it.
            try await Task.sleep(for: .seconds(5))
            // The token has lapsed; a reconnect must subscribe again with it.
            server.configuration.faults.set(.dropConnection, parameter: 0)
            try await client.log.waitUntil("a reconnect") { !$0.disconnects.isEmpty }
            server.configuration.faults.clear(.dropConnection)
            if exitOnBlind {
                let result = try #require(await Self.outcome(client, seconds: 10), "the run should stop once blind")
                #expect(throws: StreamClientFailure.self) { try result.get() }
            } else {
                try await client.log.waitUntil("blind, twice", seconds: 10) { log in
                    log.events.count { if case .blind = $0 { true } else { false } } >= 2
                }
                await client.stop()
            }
            let blind = client.log.events.compactMap { event -> String? in
                if case .blind(let reason, _) = event { return reason }
                return nil
            }
            #expect(!blind.isEmpty)
            #expect(blind.first?.contains("20013") == true, "\(blind)")
            #expect(client.logLines.contains { $0.contains("- ERROR - 🚨 Blind: no fill source is alive for account 7") })
        }
    }
}
