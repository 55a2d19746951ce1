import ArgumentParser
import BackpackSimulator
import Foundation
import Journaling
import LighterClient
import LighterProtocol
import LighterSigner
import LighterSimulator
import Logging

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The hedge bot on two local exchanges: Backpack quotes hedged on Lighter, then the closing table.",
        discussion: """
        Starts a Lighter and a Backpack simulator in this process on free loopback ports and runs the \
        hedge engine (`lighter-hedge run`) against them: post-only quotes on Backpack one tick inside \
        the spread, every fill (partial ones included) hedged at once on Lighter with an \
        immediate-or-cancel order, for --rounds rounds; then the position is closed. The log scrolls \
        by in the reference bot's format. The closing table comes from the run's SQLite ledger: \
        Backpack fills, Lighter hedges, every fill paired, naked exposure at the end (must be 0), \
        hedge latency. Exit 1 if anything is left naked.

        With --fault (Lighter) and --backpack-fault (Backpack) the simulators misbehave; the engine \
        must still end with nothing naked, or stop and name the exposure. Lighter faults: \
        \(Fault.allCases.map { $0.rawValue }.joined(separator: ", ")). Backpack faults: \
        \(BackpackFault.allCases.map(\.rawValue).joined(separator: ", ")).

        With --stream it is the stream demo instead: `watch` against the simulator while a scripted \
        account trades, and the fills made against the fills detected (--venue backpack for the same \
        on Backpack).

        Examples:
          lighter-hedge demo
          lighter-hedge demo --rounds 5 --fault drop-connection=2 --backpack-fault partial-fills-only
          lighter-hedge demo --stream --fault reject-auth --log-level debug
          lighter-hedge demo --stream --venue backpack --fault order-updates-stop=3
        """)

    @Flag(help: "The stream demo: watch against a scripted account, fills made against fills detected.")
    var stream = false

    @Option(help: "Hedge demo: rounds of 0.05 ETH to quote and hedge.")
    var rounds = 3

    @Option(help: "Hedge demo: when a hedge cannot complete, flatten (close the naked leg on Backpack) or stop (stop and name it).")
    var policy = "flatten"

    @Option(name: .customLong("backpack-fault"), help: "Hedge demo: inject a Backpack simulator fault: NAME or NAME=N. Repeatable.")
    var backpackFaults: [String] = []

    @Option(help: "Stream demo: the venue, lighter or backpack.")
    var venue: Venue = .lighter

    @Option(name: .customLong("fault"), help: "Inject a simulator fault: NAME or NAME=N. Repeatable.")
    var faults: [String] = []

    @Option(help: "How long to run (the hedge demo stops by itself when its rounds are done; this is its limit). (default: 20 for the stream demo, 60 for the hedge demo)")
    var seconds: Int?

    @Option(help: "The scripted account.")
    var account: Int64 = 7

    @Option(help: "Milliseconds between scripted orders.")
    var scriptIntervalMs: Int64 = 1200

    @Option(help: "Fill journal; a fresh one each run unless given (give the same one twice to see a restart report nothing again).")
    var journal: String?

    @Option(help: "Record every raw frame to this file.")
    var record: String?

    @OptionGroup var logs: LogOptions

    func validate() throws {
        guard (3...3600).contains(seconds ?? 20) else { throw ValidationError("--seconds must be 3 to 3600") }
        guard (1...100).contains(rounds) else { throw ValidationError("--rounds must be 1 to 100") }
        guard ["flatten", "stop"].contains(policy) else { throw ValidationError("--policy is flatten or stop") }
        if !stream && venue == .backpack { throw ValidationError("--venue is for the stream demo: add --stream") }
        if stream && !backpackFaults.isEmpty { throw ValidationError("--backpack-fault is for the hedge demo; with --stream --venue backpack use --fault") }
        for fault in backpackFaults {
            if case .failure(let error) = BackpackFault.parse(fault) { throw ValidationError(error.message) }
        }
        guard (100...3_600_000).contains(scriptIntervalMs) else { throw ValidationError("--script-interval-ms must be 100 to 3600000 (an hour)") }
        guard account >= 0 else { throw ValidationError("--account must not be negative") }
        if venue == .backpack, record != nil { throw ValidationError("--record is for Lighter") }
        for fault in faults {
            switch venue {
            case .lighter: if case .failure(let error) = Fault.parse(fault) { throw ValidationError(error.message) }
            case .backpack: if case .failure(let error) = BackpackFault.parse(fault) { throw ValidationError(error.message) }
            }
        }
    }

    func run() async throws {
        var active: [Fault: Int] = [:]
        for text in faults { if case .success(let (fault, value)) = Fault.parse(text) { active[fault] = value } }
        guard stream else {
            var backpackActive: [BackpackFault: Int] = [:]
            for text in backpackFaults { if case .success(let (fault, value)) = BackpackFault.parse(text) { backpackActive[fault] = value } }
            try await HedgeDemo.run(lighterFaults: active, backpackFaults: backpackActive, seconds: seconds ?? 60, rounds: rounds,
                                   policy: policy == "stop" ? .stop : .flatten, logs: logs)
            return
        }
        let seconds = self.seconds ?? 20
        if venue == .backpack {
            try await BackpackDemo.run(faults: faults, seconds: seconds, scriptIntervalMs: scriptIntervalMs, journal: journal, logs: logs)
            return
        }
        var simConfig = SimulatorConfiguration(faults: FaultSwitchboard(active))
        simConfig.updatesPerSecond = 5
        var simLogger = Logger(label: "lighter-sim")
        simLogger.logLevel = .critical
        let server = SimulatorServer(configuration: simConfig, logger: simLogger)
        let (ready, readyContinuation) = AsyncStream<SimulatorEndpoints>.makeStream()
        let serverTask = Task { try await server.run { readyContinuation.yield($0) } }
        defer { serverTask.cancel() }
        var iterator = ready.makeAsyncIterator()
        guard let endpoints = await iterator.next() else { throw ValidationError("the simulator did not start") }

        Terminal.printLine("Simulator on \(endpoints.webSocketURL)\(active.isEmpty ? "" : " with faults: " + active.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: ", "))")
        let markets = try await LighterREST(baseURL: endpoints.httpURL).markets()
        let market = try MarketResolver.resolve("ETH", in: markets, allowSpot: false)
        var configuration = StreamClientConfiguration(url: endpoints.webSocketURL, market: market.id, account: account)
        configuration.tuneForShortRuns()
        let journalPath = journal ?? "logs/demo_fills_\(Int(Date().timeIntervalSince1970)).jsonl"
        // A fresh API key, registered with the simulator as ChangePubKey would with the venue;
        // the client mints and rotates its tokens with it through the native signer.
        let exchange = server.exchange
        let privateKey = LighterPrivateKey.generate()
        await exchange.registerKey(account: account, apiKeyIndex: 0, publicKey: privateKey.publicKey)
        let tokens = try SignerTokenProvider(privateKey: privateKey, account: account, apiKeyIndex: 0)
        let script = AccountScriptSettings(account: account, market: market.id, intervalMs: scriptIntervalMs)
        let startedAtMs = WallClock.nowMilliseconds()
        let schedule = DemoSchedule(seconds: seconds, start: { await exchange.startScript(script) }, stop: { await exchange.stopScript() })
        let tally = try await WatchCommand.watch(
            configuration: configuration, market: market, tokens: tokens, journalPath: journalPath, recordPath: record,
            logs: logs, seconds: seconds, echoLog: true,
            observer: { event in
                // Trading starts once the client listens, or after 3 s when a fault stops it from confirming.
                if case .subscription(.accountOrders, let state) = event, state.isConfirmed { schedule.startNow() }
            })
        if schedule.neverStarted() { Terminal.printLine("note: the script never traded (the run ended before it started)") }

        let made = await exchange.fills(account: account).filter { $0.timestamp >= startedAtMs }
        let audit = Self.summarise(made: made, detected: tally.fills, account: account, symbol: market.symbol,
                                   faults: active, blind: tally.blindTime, gaps: tally.streamGaps)
        let fillsVisible = Self.faultsWithoutVisibleFills.isDisjoint(with: active.keys)
        if fillsVisible, !audit.exactlyOnce {
            Terminal.flush()
            throw ExitCode(1)
        }
    }

    /// Faults under which the exchange makes no fill the client could see: every other fault
    /// must still end with every fill reported exactly once.
    static let faultsWithoutVisibleFills: Set<Fault> = [.neverFill, .refuseUpgrade, .rejectAuth]

    static func summarise(made: [Trade], detected: [FillEvent], account: Int64, symbol: String, faults: [Fault: Int],
                          blind: Duration, gaps: Int) -> FillAudit {
        let audit = FillAudit(made: made, account: account, detected: detected)
        let madeTotal = audit.made.values.reduce(FixedDecimal.zero, +)
        let detectedTotal = audit.detected.values.reduce(FixedDecimal.zero, +)
        let recovered = detected.filter(\.recovered).count
        Terminal.printLine("")
        Terminal.printLine("Summary")
        Terminal.printLine("  exchange made: \(made.count) fills on \(audit.made.count) orders, \(madeTotal) \(symbol)")
        Terminal.printLine("  client saw:    \(detected.count) fill events on \(audit.detected.count) orders, \(detectedTotal) \(symbol)\(recovered > 0 ? " (\(recovered) found through REST reconciliation)" : "")")
        if gaps > 0 { Terminal.printLine("  stream gaps:   \(gaps) fills the account channels never showed (found through REST)") }
        if blind > .zero { Terminal.printLine("  blind:         \(blind.components.seconds) s with no fill source alive") }
        if audit.exactlyOnce {
            Terminal.printLine("  verdict:       every fill the exchange made was detected exactly once")
        } else {
            for miss in audit.missed {
                Terminal.printLine("  MISSED:        order \(miss.order): exchange filled \(miss.made), client saw \(miss.detected)")
            }
            for more in audit.extra {
                Terminal.printLine("  EXTRA:         order \(more.order): client saw \(more.detected), exchange filled \(more.made)")
            }
            if !faults.isEmpty {
                Terminal.printLine("  (with \(faults.keys.map(\.rawValue).sorted().joined(separator: ", ")) this is the fault's symptom: run `lighter-hedge doctor` on the log)")
            }
        }
        return audit
    }
}
