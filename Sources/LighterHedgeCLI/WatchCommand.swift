import ArgumentParser
import Foundation
import LighterClient
import LighterProtocol
import Logging

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow a Lighter market and account: live best bid/ask and every fill, exactly once.",
        discussion: """
        Connects to the stream, subscribes order_book/{market}, account_orders/{market}/{account} \
        (with auth) and account_all_trades/{account}, and reports every fill exactly once: partial \
        fills, IOC remainders that end canceled-* with a fill, and fills made while the connection \
        was down (found through REST after each reconnect, marked "recovered"). Fills go to a \
        journal (JSON lines, on disk before they are shown); a restart with the same journal \
        reports none twice.

        The log uses the reference bot's format (`date - name - LEVEL - message`) and the \
        diagnostic guide's lines, so the guide's greps work on it; `lighter-hedge doctor` reads it.

        Auth: with the API private key (--key-file or API_KEY_PRIVATE_KEY) the native signer mints \
        7-hour tokens and rotates them an hour before expiry; or give --auth-token-command, or a \
        fixed --auth-token. Settings come from flags, then the environment (LIGHTER_ACCOUNT_INDEX, \
        LIGHTER_API_KEY_INDEX, API_KEY_PRIVATE_KEY, LIGHTER_AUTH_TOKEN, LIGHTER_WS_URL), then a .env \
        file. Tokens and keys are never printed.

        Examples:
          lighter-hedge watch --market ETH --account 12345 --auth-token-command './mint-token.sh'
          lighter-hedge watch --url ws://127.0.0.1:8787/stream --market 0 --account 7 --auth-token "$TOKEN"
        """)

    @Option(help: "Stream URL. (default: LIGHTER_WS_URL or \(StreamClientConfiguration.mainnetURL))")
    var url: String?

    @Option(help: "REST base URL; derived from --url when absent.")
    var restURL: String?

    @Option(help: "Market symbol (ETH) or id (0).")
    var market: String

    @Option(help: "Account index. (default: LIGHTER_ACCOUNT_INDEX)")
    var account: Int64?

    @Option(help: "API key index of the token. (default: LIGHTER_API_KEY_INDEX or 0)")
    var apiKeyIndex: Int?

    @Option(help: "A ready auth token (deadline:account:key:signature). (default: LIGHTER_AUTH_TOKEN) Prefer --auth-token-command: a fixed token cannot be rotated.")
    var authToken: String?

    @Option(help: "A shell command that prints a fresh auth token; run again before each token expires.")
    var authTokenCommand: String?

    @Option(help: "A .env file to read settings from. (default: ./.env when present)")
    var envFile: String?

    @Option(help: "Fill journal (JSON lines). (default: logs/fills_<account>_<market>.jsonl)")
    var journal: String?

    @Option(help: "Record every raw frame with its receive time (JSON lines, auth redacted).")
    var record: String?

    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).")
    var seconds: Int?

    @Flag(help: "Allow plain ws:// to a host that is not loopback.")
    var insecure = false

    @Flag(help: "Accept a spot market (id 2048 and above) although a perp hedge on it would not hedge.")
    var forceSpot = false

    @Flag(help: "Do not subscribe account_all_trades (the second fill source).")
    var noAccountTrades = false

    @OptionGroup var logs: LogOptions
    @OptionGroup var key: KeyOptions

    func validate() throws {
        // Sleeping is counted in nanoseconds: a billion seconds (31 years) is as long as it goes.
        if let seconds, !(1...999_999_999).contains(seconds) { throw ValidationError("--seconds must be 1 to 999999999; omit it to run until Ctrl-C") }
        if authToken != nil && authTokenCommand != nil {
            throw ValidationError("give --auth-token or --auth-token-command, not both")
        }
    }

    func run() async throws {
        let settings: EnvironmentSettings
        do { settings = try EnvironmentSettings.load(dotEnvPath: envFile, required: envFile != nil) } catch {
            throw ValidationError("\(error)")
        }
        let url = self.url ?? settings["LIGHTER_WS_URL"] ?? StreamClientConfiguration.mainnetURL
        guard let account = try settings.accountIndex(flag: self.account) else {
            throw ValidationError("no account: give --account or set LIGHTER_ACCOUNT_INDEX")
        }
        let keyIndex = try settings.apiKeyIndex(flag: apiKeyIndex)

        let tokens: (any AuthTokenProvider)?
        if let command = authTokenCommand {
            tokens = CommandTokenProvider(command: command)
        } else if let token = authToken ?? settings["LIGHTER_AUTH_TOKEN"] {
            do { tokens = try StaticTokenProvider(token: token) } catch { throw ValidationError("\(error)") }
        } else if let privateKey = try key.loadKey(settings: settings) {
            // The native signer mints and rotates tokens from the API key.
            do { tokens = try SignerTokenProvider(privateKey: privateKey, account: account, apiKeyIndex: keyIndex) } catch {
                throw ValidationError("\(error)")
            }
        } else {
            tokens = nil
        }

        var configuration = StreamClientConfiguration(url: url, market: 0, account: account)
        configuration.restURL = restURL
        configuration.apiKeyIndex = keyIndex
        configuration.insecure = insecure
        configuration.subscribeAccountTrades = !noAccountTrades
        let restBase: String
        do {
            _ = try configuration.endpoint()
            restBase = try configuration.restBase()
        } catch { throw ValidationError("\(error)") }

        let markets: [MarketInfo]
        do { markets = try await LighterREST(baseURL: restBase, client: LighterREST.failFastClient).markets() } catch {
            let failure = ConnectFailure.classify(error)
            throw RuntimeFailure("cannot list markets from \(restBase)/api/v1/orderBooks (\(failure.kind)): \(failure.detail)")
        }
        let resolved: MarketInfo
        do { resolved = try MarketResolver.resolve(market, in: markets, allowSpot: forceSpot) } catch {
            throw ValidationError("\(error)")
        }
        configuration.market = resolved.id

        let tally = try await Self.watch(configuration: configuration, market: resolved, tokens: tokens, journalPath: journal,
                                         recordPath: record, logs: logs, seconds: seconds, echoLog: false)
        // A run that never had the account's orders confirmed saw none of its fills: not a success.
        let orders = StreamChannel.accountOrders(market: resolved.id, account: account)
        if !tally.everConfirmed.contains(orders) {
            throw RuntimeFailure("\(orders.subscribeName) was never confirmed: fills on this account went unseen (see the log)")
        }
    }

    /// Shared by `watch` and `demo`: opens the journal, log and recording, runs, prints a summary.
    @discardableResult
    static func watch(configuration: StreamClientConfiguration, market: MarketInfo, tokens: (any AuthTokenProvider)?,
                      journalPath: String?, recordPath: String?, logs: LogOptions, seconds: Int?,
                      echoLog: Bool, observer: (@Sendable (StreamEvent) -> Void)? = nil) async throws -> WatchRunner.Tally.State {
        let account = configuration.account ?? 0
        let journalFile = journalPath ?? "logs/fills_\(account)_\(market.id).jsonl"
        let history: [FillEvent]
        do {
            history = FileManager.default.fileExists(atPath: journalFile) ? try FillJournal.load(path: journalFile) : []
        } catch { throw RuntimeFailure("cannot read the fill journal: \(error)") }
        let journal: FillJournal
        do { journal = try FillJournal(path: journalFile) } catch { throw RuntimeFailure("cannot open the fill journal: \(error)") }
        let recorder: FrameRecorder?
        do { recorder = try recordPath.map { try FrameRecorder(path: $0) } } catch {
            throw RuntimeFailure("cannot open the recording: \(error)")
        }
        let name = "lighter_hedge_\(market.symbol.replacingOccurrences(of: "/", with: "_"))"
        let (logger, logPath) = try logs.makeLogger(name: name, defaultFile: "logs/lighter_hedge_\(market.symbol.replacingOccurrences(of: "/", with: "_")).log", echo: echoLog)
        logger.info("lighter-hedge watch: market \(market.symbol) (id \(market.id)), account \(account), journal \(journalFile) with \(history.count) fills already reported")
        Terminal.printLine("Watching \(market.symbol) (market \(market.id)) for account \(account) on \(configuration.url)")
        Terminal.printLine("  log: \(logPath)   journal: \(journalFile) (\(history.count) fills already reported)\(recordPath.map { "   recording: \($0)" } ?? "")")
        if tokens == nil { Terminal.printLine("  no auth token: account_orders cannot be followed; only account_all_trades") }
        let client = LighterStreamClient(configuration: configuration, tokens: tokens, journal: journal, history: history,
                                         recorder: recorder, logger: logger)
        let runner = WatchRunner(client: client, symbol: market.symbol, seconds: seconds, plainLines: echoLog, observer: observer)
        let tally = try await runner.run()
        recorder?.close()
        journal.close()
        Terminal.printLine("Stopped. Fills reported this run: \(tally.fills.count); reconnects: \(tally.reconnects); book resyncs: \(tally.resyncs)")
        return tally
    }
}
