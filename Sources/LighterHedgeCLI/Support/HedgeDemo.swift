import ArgumentParser
import BackpackClient
import BackpackSimulator
import Foundation
import HedgeEngine
import HedgeRuntime
import Journaling
import LighterClient
import LighterProtocol
import LighterSimulator
import Logging

/// `demo` (the default): the hedge bot on both simulators in this process, a few rounds of
/// post-only quotes on Backpack hedged on Lighter, then the closing table from the ledger.
/// Exit 1 when anything is left naked.
enum HedgeDemo {
    static func run(lighterFaults: [Fault: Int], backpackFaults: [BackpackFault: Int], seconds: Int, rounds: Int,
                    policy: NakedLegPolicy, logs: LogOptions) async throws {
        let venues = try await EmbeddedVenues.start(lighterFaults: FaultSwitchboard(lighterFaults),
                                                    backpackFaults: BackpackFaultSwitchboard(backpackFaults))
        defer { venues.stop() }
        let faultText = lighterFaults.map { "lighter \($0.key.rawValue)=\($0.value)" }
            + backpackFaults.map { "backpack \($0.key.rawValue)=\($0.value)" }
        Terminal.printLine("Lighter simulator on \(venues.lighterURL), Backpack simulator on \(venues.backpackURL)"
                           + (faultText.isEmpty ? "" : " with faults: " + faultText.sorted().joined(separator: ", ")))
        let stamp = WallClock.nowMilliseconds() / 1000
        let (logger, logPath) = try logs.makeLogger(name: "hedge_bot_ETH", defaultFile: "logs/demo_hedge_ETH_\(stamp)_log.txt", echo: true)
        let directory = NSTemporaryDirectory() + "lighter-hedge-demo-\(getpid())-\(stamp)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)

        var lighter = StreamClientConfiguration(url: venues.lighterURL, market: 0)
        lighter.tuneForShortRuns()
        var backpack = BackpackClientConfiguration(url: venues.backpackURL, symbol: "ETH_USDC_PERP")
        backpack.tuneForShortRuns()
        var configuration = HedgeConfiguration(size: FixedDecimal(units: 5_000_000), iterations: rounds,
                                               maxPosition: FixedDecimal(units: 10_000_000))
        configuration.quoteMaxAgeMs = 3_000
        configuration.policy = policy
        let plan = HedgeRunPlan(ticker: "ETH", lighter: lighter, lighterAccount: EmbeddedVenues.lighterAccount, lighterAPIKeyIndex: 0,
                                lighterKey: venues.lighterKey, backpack: backpack, backpackKey: venues.backpackKey,
                                configuration: configuration, ledgerPath: directory + "/ledger.sqlite")
        Terminal.printLine("Log: \(logPath); ledger: \(plan.ledgerPath) (see it with `lighter-hedge ledger \(plan.ledgerPath)`)")
        let (_, flat) = try await HedgeSession.prepareAndRun(plan, logger: logger, seconds: seconds) { _ in
            "Demo: \(rounds) rounds of 0.05 ETH quoted on Backpack, each fill hedged on Lighter (stops by itself, or after \(seconds) s)"
        }
        // The ledger against both exchanges' own records of the bot's trades.
        let account = EmbeddedVenues.lighterAccount
        let makerTrades = await venues.backpack.exchange.fills(account: venues.backpackKey.publicKeyBase64)
            .map { LedgerVenueAudit.VenueTrade(id: String($0.tradeID), signedQuantity: $0.side == .bid ? $0.quantity : -$0.quantity) }
        let hedgeTrades = await venues.lighter.exchange.fills(account: account)
            .map { LedgerVenueAudit.VenueTrade(id: String($0.tradeID), signedQuantity: $0.bidAccountID == account ? $0.size : -$0.size) }
        let ledger = try HedgeLedger(readingAt: plan.ledgerPath)
        let audit = try LedgerVenueAudit(ledger: ledger, makerTrades: makerTrades, hedgeTrades: hedgeTrades)
        Terminal.printLine("  ledger:          \(audit.summary)")
        Terminal.flush()
        if !flat || !audit.agrees { throw ExitCode(1) }
    }
}
