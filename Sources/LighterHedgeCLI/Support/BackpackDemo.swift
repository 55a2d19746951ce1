import ArgumentParser
import BackpackClient
import BackpackProtocol
import BackpackSimulator
import Foundation
import Journaling
import LighterProtocol
import Logging

/// `demo --venue backpack`: the Backpack simulator in this process, its account script trading
/// as the demo's key, and `watch --venue backpack` following that key; at the end the fills the
/// exchange made against the fills the client reported.
enum BackpackDemo {
    /// The demo's key: fixed, so that a journal given twice is the same account's (a restart
    /// then reports nothing twice). Only ever used against the local simulator.
    static let signer: BackpackSigner = {
        // Thirty-two bytes of a constant seed are always a valid ED25519 key.
        guard let key = try? BackpackSigner(secret: Array(repeating: 7, count: 32)) else { return .generate() }
        return key
    }()

    /// Fault sets under which fills happen but no client can see them: REST refused throughout
    /// while the stream is cut or silent.
    static func fillsInvisible(_ faults: Set<BackpackFault>) -> Bool {
        faults.contains(.rateLimitStorm) && !faults.isDisjoint(with: [.dropConnection, .orderUpdatesStop])
    }

    static func run(faults texts: [String], seconds: Int, scriptIntervalMs: Int64, journal: String?, logs: LogOptions) async throws {
        var active: [BackpackFault: Int] = [:]
        for text in texts {
            switch BackpackFault.parse(text) {
            case .success(let (fault, value)): active[fault] = value
            case .failure(let error): throw ValidationError(error.message)
            }
        }
        var simConfig = BackpackSimulatorConfiguration(faults: BackpackFaultSwitchboard(active))
        simConfig.updatesPerSecond = 5
        var simLogger = Logger(label: "backpack-sim")
        simLogger.logLevel = .critical
        let server = BackpackServer(configuration: simConfig, logger: simLogger)
        let (ready, readyContinuation) = AsyncStream<BackpackEndpoints>.makeStream()
        let serverTask = Task { try await server.run { readyContinuation.yield($0) } }
        defer { serverTask.cancel() }
        var iterator = ready.makeAsyncIterator()
        guard let endpoints = await iterator.next() else { throw RuntimeFailure("the Backpack simulator did not start") }
        let faultText = active.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: ", ")
        Terminal.printLine("Backpack simulator on \(endpoints.webSocketURL)\(active.isEmpty ? "" : " with faults: " + faultText)")

        let symbol = "ETH_USDC_PERP"
        var configuration = BackpackClientConfiguration(url: endpoints.webSocketURL, symbol: symbol)
        configuration.tuneForShortRuns()
        let exchange = server.exchange
        let script = BackpackScriptSettings(symbol: symbol, intervalMs: scriptIntervalMs, account: signer.publicKeyBase64)
        let startedAtMs = WallClock.nowMilliseconds()
        let account = signer.publicKeyBase64
        // What the script leaves resting is cancelled with it: a maker filled after the client
        // stopped would be a fill nobody could have reported.
        let schedule = DemoSchedule(seconds: seconds, start: { await exchange.startScript(script) }, stop: {
            await exchange.stopScript()
            _ = await exchange.cancelAll(account: account, symbol: symbol)
        })
        let orders = BackpackStream.orderUpdate(symbol: symbol).name
        let journalPath = journal ?? "logs/demo_backpack_fills_\(startedAtMs / 1000).jsonl"
        let tally = try await BackpackWatch.watch(
            configuration: configuration, signer: signer, journalPath: journalPath, logs: logs, seconds: seconds, echoLog: true,
            observer: { event in
                // Trading starts once the order stream stands.
                if case .subscription(orders, let state) = event, state.isStanding { schedule.startNow() }
            })
        if schedule.neverStarted() { Terminal.printLine("note: the script never traded (the run ended before it started)") }

        let made = await exchange.fills(account: signer.publicKeyBase64).filter { $0.timestamp >= startedAtMs }
        let audit = summarise(made: made, tally: tally, symbol: symbol, faults: Set(active.keys))
        if !fillsInvisible(Set(active.keys)), !audit.exactlyOnce {
            Terminal.flush()
            throw ExitCode(1)
        }
    }

    static func summarise(made: [BackpackFill], tally: BackpackWatch.Tally, symbol: String, faults: Set<BackpackFault>) -> BackpackFillAudit {
        let audit = BackpackFillAudit(made: made, detected: tally.fills)
        let detectedTotal = tally.fills.reduce(FixedDecimal.zero) { $0 + $1.quantity }
        let recovered = tally.fills.filter(\.recovered).count
        Terminal.printLine("")
        Terminal.printLine("Summary")
        Terminal.printLine("  exchange made: \(made.count) fills (\(audit.made.count) trades), \(audit.madeQuantity) \(symbol)")
        Terminal.printLine("  client saw:    \(tally.fills.count) fill events (\(audit.detected.count) trades), \(detectedTotal) \(symbol)\(recovered > 0 ? " (\(recovered) found through REST reconciliation)" : "")")
        if tally.resyncs > 0 { Terminal.printLine("  book resyncs:  \(tally.resyncs) depth gaps, each reseeded from a REST snapshot") }
        if tally.streamGaps > 0 { Terminal.printLine("  stream gaps:   \(tally.streamGaps) fills the order stream never showed (found through REST)") }
        if tally.blind.time > .zero { Terminal.printLine("  blind:         \(tally.blind.time.components.seconds) s with no fill source alive") }
        if audit.exactlyOnce {
            Terminal.printLine("  verdict:       every fill the exchange made was detected exactly once")
        } else {
            for key in audit.missed { Terminal.printLine("  MISSED:        trade \(key.tradeID): the exchange made it, the client never reported it") }
            for key in audit.doubled { Terminal.printLine("  DOUBLED:       trade \(key.tradeID): reported \(audit.detected[key] ?? 0) times") }
            for key in audit.extra { Terminal.printLine("  EXTRA:         trade \(key.tradeID): reported, but the exchange made no such fill for the account") }
            if fillsInvisible(faults) {
                Terminal.printLine("  (with \(faults.map(\.rawValue).sorted().joined(separator: ", ")) no client can see every fill: REST is refused while the stream is cut)")
            }
        }
        return audit
    }
}
