import BackpackClient
import BackpackProtocol
import BackpackSimulator
import BackpackTestSupport
import Foundation
import HedgeEngine
@testable import HedgeRuntime
import LighterClient
import LighterProtocol
import LighterSimulator
import LighterTestSupport
import Logging
import Synchronization
import Testing

/// The whole bot over loopback: `HedgeRun` with the real Backpack and Lighter clients against
/// both real simulators. The ledger must agree with both exchanges' own records.
@Suite(.serialized) struct HedgeRunTests {
    static let account: Int64 = 11
    static let backpackKey: BackpackSigner = {
        guard let key = try? BackpackSigner(secret: Array(repeating: 9, count: 32)) else { return .generate() }
        return key
    }()

    static func plan(lighter: String, backpack: String, ledger: String, _ configure: (inout HedgeConfiguration) -> Void) -> HedgeRunPlan {
        var lighterConfiguration = StreamClientConfiguration(url: lighter, market: 0)
        lighterConfiguration.backoffInitial = .milliseconds(50)
        lighterConfiguration.backoffMax = .milliseconds(500)
        lighterConfiguration.reconcile.activeInterval = .seconds(1)
        lighterConfiguration.reconcile.streamGrace = .seconds(1)
        lighterConfiguration.healthInterval = nil
        var backpackConfiguration = BackpackClientConfiguration(url: backpack, symbol: "")
        backpackConfiguration.backoffInitial = .milliseconds(50)
        backpackConfiguration.backoffMax = .milliseconds(500)
        backpackConfiguration.reconcile.activeInterval = .seconds(1)
        backpackConfiguration.reconcile.streamGrace = .seconds(1)
        backpackConfiguration.confirmTimeout = .seconds(2)
        backpackConfiguration.healthInterval = nil
        var configuration = HedgeConfiguration(size: dec("0.02"), iterations: 2, maxPosition: dec("0.02"))
        configuration.quoteMaxAgeMs = 3_000
        configure(&configuration)
        var plan = HedgeRunPlan(ticker: "ETH", lighter: lighterConfiguration, lighterAccount: account, lighterAPIKeyIndex: 0,
                                lighterKey: TestKeys.privateKey, backpack: backpackConfiguration, backpackKey: backpackKey,
                                configuration: configuration, ledgerPath: ledger)
        plan.tick = .milliseconds(50)
        return plan
    }

    /// Both simulators, and a ledger path of its own.
    static func withVenues(_ body: (SimulatorServer, BackpackServer, (@escaping (inout HedgeConfiguration) -> Void) -> HedgeRunPlan) async throws -> Void) async throws {
        try await withSimulator({ $0.updatesPerSecond = 20 }) { lighter, lighterServer in
            try await withBackpackSimulator({ $0.updatesPerSecond = 20 }) { backpack, backpackServer in
                let ledger = EngineHarness.temporaryLedgerPath()
                try await body(lighterServer, backpackServer) { configure in
                    plan(lighter: lighter.webSocketURL, backpack: backpack.webSocketURL, ledger: ledger, configure)
                }
            }
        }
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "hedge-run-test")
        logger.logLevel = .critical
        return logger
    }

    /// Runs until the engine is done, within `seconds`.
    static func runToEnd(_ run: HedgeRun, seconds: Int) async throws {
        let task = Task { try await run.run() }
        let finished = Task {
            try? await Task.sleep(for: .seconds(seconds))
            run.requestStop()
        }
        defer { finished.cancel() }
        try await task.value
    }

    /// The exchanges' own records against the ledger: same fills, same quantities.
    static func expectLedgerAgrees(_ run: HedgeRun, lighter: SimulatorServer, backpack: BackpackServer) async throws {
        let makerTrades = await backpack.exchange.fills(account: backpackKey.publicKeyBase64)
            .map { LedgerVenueAudit.VenueTrade(id: String($0.tradeID), signedQuantity: $0.side == .bid ? $0.quantity : -$0.quantity) }
        let hedgeTrades = await lighter.exchange.fills(account: account)
            .map { LedgerVenueAudit.VenueTrade(id: String($0.tradeID), signedQuantity: $0.bidAccountID == account ? $0.size : -$0.size) }
        let audit = try LedgerVenueAudit(ledger: run.ledger, makerTrades: makerTrades, hedgeTrades: hedgeTrades)
        #expect(audit.agrees, "\(audit.summary)")
        #expect(audit.makerNet.venue + audit.hedgeNet.venue == .zero, "no naked leg: \(audit.summary)")
    }

    @Test func roundsAreHedgedOnLighterAndTheLedgerAgreesWithBothExchanges() async throws {
        try await Self.withVenues { lighter, backpack, plan in
            let run = try await HedgeRun.prepare(plan { _ in }, logger: Self.quietLogger)
            try await Self.runToEnd(run, seconds: 90)
            let status = await run.engine.status
            #expect(status.phase == .done, "\(status.stopReason ?? "no stop reason")")
            #expect(status.roundsDone >= 2)
            #expect(status.nakedExposure == .zero)
            let pairs = try run.ledger.pairs()
            #expect(!pairs.isEmpty)
            let unpaired = pairs.filter { $0.open != .zero }
                .map { "\($0.exposure.venue) \($0.exposure.role) \($0.exposure.side) \($0.exposure.quantity) counted \($0.exposure.counted) open \($0.open)" }
            #expect(unpaired.isEmpty, "every Backpack fill paired with its hedge in full: \(unpaired)")
            try await Self.expectLedgerAgrees(run, lighter: lighter, backpack: backpack)
        }
    }

    @Test func aStopMidRunCancelsTheQuoteAndLeavesNothingNaked() async throws {
        try await Self.withVenues { lighter, backpack, plan in
            let run = try await HedgeRun.prepare(plan { $0.iterations = 50 }, logger: Self.quietLogger)
            let task = Task { try await run.run() }
            try await eventually("a first hedge", seconds: 60) { try !run.ledger.fills().filter { $0.venue == .hedge }.isEmpty }
            run.requestStop()
            try await task.value
            let status = await run.engine.status
            #expect(status.phase == .done, "\(status.stopReason ?? "no stop reason")")
            #expect(status.nakedExposure == .zero)
            let resting = await backpack.exchange.orders(account: Self.backpackKey.publicKeyBase64)
                .filter { $0.status == .new || $0.status == .partiallyFilled }
            #expect(resting.isEmpty, "the quote is canceled at the stop")
            try await Self.expectLedgerAgrees(run, lighter: lighter, backpack: backpack)
        }
    }

    /// A crash while a hedge is out: the process is gone (its tasks cancelled, no clean stop),
    /// then the same ledger again. The second run must hedge what the first left naked, once.
    @Test func aCrashMidHedgeThenARestartLeavesNothingNakedAndNothingHedgedTwice() async throws {
        try await Self.withVenues { lighter, backpack, plan in
            let first = try await HedgeRun.prepare(plan { $0.iterations = 3 }, logger: Self.quietLogger)
            let crashed = Task { try await first.run() }
            try await eventually("a hedge sent", seconds: 60) { try !first.ledger.orders().filter { $0.venue == .hedge }.isEmpty }
            crashed.cancel()
            _ = await crashed.result
            // A crash between the ledger's write and the send leaves a hedge the venue never got:
            // the restart knows it is gone only when its 70 s validity (counted from the first
            // run's send) has passed, and must not hedge again before. The kill switches and the
            // hedge budget outwait that by far here (CI once saw the 100 s budget spent), so the
            // run ends done rather than stopped by a switch a loaded machine may reach first.
            let second = try await HedgeRun.prepare(plan {
                $0.iterations = 3
                $0.maxNakedMs = 200_000
                $0.hedgeMaxMs = 180_000
                $0.hedgeMaxAttempts = 20
            }, logger: Self.quietLogger)
            try await Self.runToEnd(second, seconds: 220)
            let status = await second.engine.status
            #expect(status.phase == .done, "\(status.stopReason ?? "no stop reason")")
            #expect(status.nakedExposure == .zero)
            try await Self.expectLedgerAgrees(second, lighter: lighter, backpack: backpack)
        }
    }

    /// The Lighter account already holds a position the ledger knows nothing of: the check
    /// against the venue's REST stops quoting and names the venue and the gap.
    @Test func aPositionTheLedgerDoesNotKnowStopsQuotingAndIsNamed() async throws {
        try await Self.withVenues { lighter, _, plan in
            let markets = try await LighterREST(baseURL: try plan { _ in }.lighter.restBase()).markets()
            let eth = try #require(markets.first { $0.symbol == "ETH" })
            let trader = LighterTrader(rest: LighterREST(baseURL: try plan { _ in }.lighter.restBase()), privateKey: TestKeys.privateKey,
                                       account: Self.account, apiKeyIndex: 0)
            let ask = try #require(await lighter.exchange.bestPrices(market: 0).ask)
            _ = try await trader.place(OrderRequest(market: eth, isAsk: false, size: dec("0.05"), price: ask + dec("5")))
            var checked = plan { _ in }
            checked.positionInterval = .milliseconds(300)
            let run = try await HedgeRun.prepare(checked, logger: Self.quietLogger)
            let task = Task { try await run.run() }
            defer { task.cancel() }
            try await eventually("the mismatch alert", seconds: 30) {
                try run.ledger.alerts().contains { $0.message.contains("lighter venue (hedge) reports a position of 0.05") }
            }
            // Quoting waits (the maker venue may also still be settling at first).
            try await eventually("quoting paused for the position", seconds: 15) {
                guard case .paused(let reason) = await run.engine.status.state else { return false }
                return reason.contains("lighter position 0.05 off the ledger")
            }
            #expect(try run.ledger.fills().filter { $0.venue == .maker }.isEmpty, "no quote filled while the positions disagree")
        }
    }

    @Test func aJournalWithoutItsLedgerIsRefused() async throws {
        let ledger = EngineHarness.temporaryLedgerPath()
        let plan = Self.plan(lighter: "ws://127.0.0.1:1/stream", backpack: "ws://127.0.0.1:1/", ledger: ledger) { _ in }
        try "".write(toFile: plan.backpackJournalPath, atomically: true, encoding: .utf8)
        #expect(throws: HedgeRunError.self) { try HedgeRun.checkJournals(plan) }
    }
}
