import ArgumentParser
import BackpackClient
import BackpackProtocol
import Foundation
import HedgeEngine
import HedgeRuntime
import Journaling
import LighterClient
import LighterProtocol
import LighterSigner
import Logging

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The hedge bot: post-only quotes on Backpack, each fill hedged at once on Lighter with an IOC.",
        discussion: """
        Takes the reference bot's flags and environment (LIGHTER_ACCOUNT_INDEX, LIGHTER_API_KEY_INDEX, \
        API_KEY_PRIVATE_KEY, BACKPACK_PUBLIC_KEY, BACKPACK_SECRET_KEY, from the environment or --env-file). \
        Each round quotes --size one tick inside the Backpack spread, building the position up to \
        --max-position and then unwinding it; every Backpack fill, partial ones included, is hedged on \
        Lighter with an immediate-or-cancel order capped at --slippage-bps from the live Lighter book. \
        A hedge counts as filled only when Lighter says so (its fill stream, or REST): never after a \
        timeout. A hedge that cannot complete within its budget is flattened on Backpack (--policy \
        flatten) or stops the bot with the exposure named (--policy stop).

        Every order and fill of both venues goes into a SQLite ledger before anything is acted on; \
        after a crash (even SIGKILL) the same command with the same --ledger carries on: fills made \
        while it was down are found, each unhedged fill hedged exactly once, orders left open \
        canceled. Ctrl-C stops cleanly (quote canceled, nothing left naked); a second Ctrl-C exits at \
        once. See the ledger with `lighter-hedge ledger`.

        --dry-run runs the same against both simulators started in this process (no keys needed). \
        To rehearse against simulators started apart, point the endpoints at them: \
        --lighter-url (LIGHTER_WS_URL), --backpack-url (BACKPACK_WS_URL).

        Examples:
          lighter-hedge run --dry-run --size 0.05 --iter 3 --max-position 0.1
          lighter-hedge run --ticker ETH --size 0.05 --iter 20 --max-position 0.1 --env-file .env
          lighter-hedge run --size 0.05 --iter 5 --lighter-url ws://127.0.0.1:8787/stream \\
            --backpack-url ws://127.0.0.1:8788/ --env-file sim.env
        """)

    @Option(help: "The base asset: Lighter's perp of that symbol, Backpack's <TICKER>_USDC_PERP.") var ticker = "ETH"
    @Option(help: "Quantity of each round's quote, a decimal (0.05).") var size: String
    @Option(help: "Rounds to run before closing the position.") var iter = 20
    @Option(help: "The position is built up to this (and unwound to its opposite). (default: --size)") var maxPosition: String?
    @Option(help: "Seconds a quote may rest unfilled before it is canceled and placed again at the new price.") var fillTimeout = 10
    @Option(help: "Seconds to pause between rounds.") var sleep = 0
    @Option(help: "A .env file with the keys and settings.") var envFile: String?
    @Flag(help: "Run against both simulators in this process: nothing leaves the machine.") var dryRun = false
    @Option(help: "Stop cleanly after this many seconds.") var seconds: Int?
    @Option(help: "The SQLite ledger. (default: one per ticker and account under ~/.local/state/lighter-hedge/ledgers, or LIGHTER_HEDGE_STATE_DIR)") var ledger: String?
    @Option(help: "Lighter stream URL. (default: LIGHTER_WS_URL, else mainnet)") var lighterURL: String?
    @Option(help: "Lighter REST base. (default: LIGHTER_REST_URL, else derived from the stream URL)") var lighterRestURL: String?
    @Option(help: "Backpack stream URL. (default: BACKPACK_WS_URL, else wss://ws.backpack.exchange)") var backpackURL: String?
    @Option(help: "Backpack REST base. (default: BACKPACK_REST_URL, else derived from the stream URL)") var backpackRestURL: String?
    @Flag(help: "Allow plain ws:// and http:// to hosts that are not loopback.") var insecure = false
    @Option(help: "Lighter account index. (default: LIGHTER_ACCOUNT_INDEX)") var account: Int64?
    @Option(help: "Lighter API key index. (default: LIGHTER_API_KEY_INDEX, else 0)") var apiKeyIndex: Int?
    @Option(help: "A file with the Lighter API private key in hex. (default: API_KEY_PRIVATE_KEY)") var lighterKeyFile: String?
    @Option(help: "A file with the Backpack base64 secret. (default: BACKPACK_SECRET_KEY, checked against BACKPACK_PUBLIC_KEY)") var backpackKeyFile: String?
    @Option(help: "Worst price a hedge may pay beyond the Lighter book's best, in basis points.") var slippageBps = 50
    @Option(help: "Kill switch: naked exposure above this stops quoting at once. (default: twice --size)") var maxNaked: String?
    @Option(help: "Kill switch: naked for longer than this many seconds stops quoting at once.") var maxNakedSeconds = 30
    @Option(help: "When a hedge cannot complete: flatten (close the naked leg on Backpack) or stop (stop and name it).") var policy = "flatten"
    @Option(help: "Lighter chain id: 304 mainnet, 300 testnet.") var chainId: UInt32 = 304
    @Option(help: "Serve Prometheus metrics on http://127.0.0.1:PORT/metrics (0 picks a free port). Off unless given.") var metricsPort: Int?
    @OptionGroup var logs: LogOptions

    func validate() throws {
        guard iter >= 0 else { throw ValidationError("--iter must not be negative") }
        guard (1...3600).contains(fillTimeout) else { throw ValidationError("--fill-timeout must be 1 to 3600 seconds") }
        guard (0...86_400).contains(sleep) else { throw ValidationError("--sleep must be 0 to 86400 seconds") }
        guard (1...1000).contains(slippageBps) else { throw ValidationError("--slippage-bps must be 1 to 1000") }
        guard (1...86_400).contains(maxNakedSeconds) else { throw ValidationError("--max-naked-seconds must be 1 to 86400") }
        guard ["flatten", "stop"].contains(policy) else { throw ValidationError("--policy is flatten or stop") }
        guard seconds.map({ $0 > 0 }) ?? true else { throw ValidationError("--seconds must be positive") }
        guard metricsPort.map({ (0...65_535).contains($0) }) ?? true else { throw ValidationError("--metrics-port must be 0 to 65535") }
        guard ticker.range(of: "^[A-Za-z0-9]{1,20}$", options: .regularExpression) != nil else {
            throw ValidationError("--ticker is a symbol like ETH")
        }
        if dryRun, [lighterURL, lighterRestURL, backpackURL, backpackRestURL, lighterKeyFile, backpackKeyFile].contains(where: { $0 != nil }) {
            throw ValidationError("--dry-run runs its own simulators and keys: drop the endpoint and key flags, or drop --dry-run to use them")
        }
        _ = try hedgeConfiguration()
    }

    /// The engine's settings from the flags.
    func hedgeConfiguration() throws -> HedgeConfiguration {
        func amount(_ text: String, _ flag: String) throws -> FixedDecimal {
            guard let value = FixedDecimal(text), value > .zero else { throw ValidationError("\(flag) \(text) is not a positive decimal") }
            return value
        }
        let size = try amount(self.size, "--size")
        var configuration = HedgeConfiguration(
            size: size, iterations: iter, maxPosition: try maxPosition.map { try amount($0, "--max-position") } ?? size,
            slippage: FixedDecimal(units: Int64(slippageBps) * FixedDecimal.unitScale / 10_000),
            maxNakedQuantity: try maxNaked.map { try amount($0, "--max-naked") })
        configuration.quoteMaxAgeMs = Int64(fillTimeout) * 1000
        configuration.pauseBetweenRoundsMs = Int64(sleep) * 1000
        configuration.maxNakedMs = Int64(maxNakedSeconds) * 1000
        configuration.policy = policy == "stop" ? .stop : .flatten
        return configuration
    }

    func run() async throws {
        let configuration = try hedgeConfiguration()
        let settings: EnvironmentSettings
        do { settings = try EnvironmentSettings.load(dotEnvPath: envFile, required: envFile != nil) } catch {
            throw ValidationError("\(error)")
        }
        let (logger, logPath) = try logs.makeLogger(name: "hedge_bot_\(ticker.uppercased())",
                                                    defaultFile: "logs/backpack_\(ticker.uppercased())_hedge_mode_log.txt", echo: true)
        var venues: EmbeddedVenues?
        if dryRun { venues = try await EmbeddedVenues.start() }
        defer { venues?.stop() }
        let plan = try makePlan(configuration: configuration, settings: settings, embedded: venues)
        Terminal.printLine("Log: \(logPath); ledger: \(plan.ledgerPath)\(dryRun ? " (dry run: both venues simulated in this process)" : "")")
        // Before the engine exists: metrics made earlier would record nowhere.
        var metricsServer: Task<Void, Never>?
        if let metricsPort {
            let endpoint = MetricsEndpoint.bootstrap()
            metricsServer = Task {
                do {
                    try await endpoint.run(port: metricsPort) { port in Terminal.printLine("Metrics: http://127.0.0.1:\(port)/metrics") }
                } catch {
                    if !Task.isCancelled { logger.error("The metrics endpoint stopped: \(error)") }
                }
            }
        }
        defer { metricsServer?.cancel() }
        let (status, flat) = try await HedgeSession.prepareAndRun(plan, logger: logger, seconds: seconds) { run in
            "Hedging \(run.backpackMarket.symbol) on Backpack against \(run.lighterMarket.symbol) (market \(run.lighterMarket.id)) on Lighter: size \(configuration.size), \(configuration.iterations) rounds, max position \(configuration.maxPosition)"
        }
        if status.phase != .done || !flat { throw ExitCode(1) }
    }

    /// Endpoints, keys and the ledger from flags, then the environment; the embedded
    /// simulators' for a dry run.
    func makePlan(configuration: HedgeConfiguration, settings: EnvironmentSettings, embedded: EmbeddedVenues?) throws -> HedgeRunPlan {
        var lighter = StreamClientConfiguration(url: embedded?.lighterURL ?? lighterURL ?? settings["LIGHTER_WS_URL"]
                                                ?? StreamClientConfiguration.mainnetURL, market: 0)
        lighter.restURL = embedded == nil ? lighterRestURL ?? settings["LIGHTER_REST_URL"] : nil
        lighter.insecure = insecure
        var backpack = BackpackClientConfiguration(url: embedded?.backpackURL ?? backpackURL ?? settings["BACKPACK_WS_URL"]
                                                   ?? BackpackClientConfiguration.mainnetURL, symbol: "")
        backpack.restURL = embedded == nil ? backpackRestURL ?? settings["BACKPACK_REST_URL"] : nil
        backpack.insecure = insecure
        // The venue never acknowledges a subscribe: the order stream counts as standing once no
        // error came back within this long, and quoting waits for it.
        backpack.confirmTimeout = .seconds(3)
        for problem in [Result { try lighter.endpoint() }.failureText, Result { try backpack.endpoint() }.failureText].compactMap({ $0 }) {
            throw ValidationError(problem)
        }
        let account: Int64
        let apiKeyIndex: Int
        let lighterKey: LighterPrivateKey
        let backpackKey: BackpackSigner
        if let embedded {
            account = EmbeddedVenues.lighterAccount
            apiKeyIndex = 0
            lighterKey = embedded.lighterKey
            backpackKey = embedded.backpackKey
        } else {
            guard let index = try settings.accountIndex(flag: self.account) else {
                throw ValidationError("no Lighter account: give --account or set LIGHTER_ACCOUNT_INDEX")
            }
            account = index
            apiKeyIndex = try settings.apiKeyIndex(flag: self.apiKeyIndex)
            guard let key = try KeyOptions.loadKey(file: lighterKeyFile, settings: settings) else {
                throw ValidationError("no Lighter key: give --lighter-key-file or set API_KEY_PRIVATE_KEY")
            }
            lighterKey = key
            guard let signer = try BackpackWatch.signer(keyFile: backpackKeyFile, settings: settings) else {
                throw ValidationError("no Backpack key: give --backpack-key-file or set BACKPACK_SECRET_KEY")
            }
            backpackKey = signer
        }
        let host = (try? lighter.endpoint()).map { "\($0.host)\($0.port.map { ":\($0)" } ?? "")" } ?? "lighter"
        let ledgerPath = try ledger ?? defaultLedgerPath(host: host, account: account, dryRun: embedded != nil)
        var plan = HedgeRunPlan(ticker: ticker.uppercased(), lighter: lighter, lighterAccount: account, lighterAPIKeyIndex: apiKeyIndex,
                                lighterKey: lighterKey, backpack: backpack, backpackKey: backpackKey,
                                configuration: configuration, ledgerPath: ledgerPath)
        plan.chainID = chainId
        return plan
    }

    /// One ledger per venue host, account and ticker in the per-user state directory (where
    /// `ledger` looks): a rehearsal against a simulator never shares mainnet's. A dry run's is
    /// new each time, as its simulators are.
    func defaultLedgerPath(host: String, account: Int64, dryRun: Bool) throws -> String {
        let directory = dryRun ? NSTemporaryDirectory() + "lighter-hedge-dry-run-\(getpid())-\(WallClock.nowMilliseconds())"
                               : HedgeLedger.defaultDirectory()
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw ValidationError("cannot create \(directory): \(error.localizedDescription)")
        }
        let safeHost = host.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" }
        return directory + "/\(ticker.uppercased())-\(String(safeHost))-\(account).sqlite"
    }
}

extension Result where Failure == any Error {
    /// The error's text, or nil on success.
    var failureText: String? {
        if case .failure(let error) = self { return "\(error)" }
        return nil
    }
}
