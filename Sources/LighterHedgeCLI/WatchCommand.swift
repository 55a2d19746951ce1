import ArgumentParser
import BackpackClient
import Journaling
import Foundation
import LighterClient
import LighterProtocol
import StreamKit
import Logging

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow a market and account (Lighter, or Backpack with --venue backpack): live best bid/ask and every fill, exactly once.",
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

        Backpack (--venue backpack --symbol ETH_USDC_PERP): the depth stream is kept continuous (a gap \
        in U/u reseeds the book from a REST snapshot, the socket stays up), bookTicker, and with a key \
        the signed account.orderUpdate and account.positionUpdate streams; fills are keyed by trade id, \
        journaled, and reconciled from the fills history after every connect and on a schedule. The \
        key is BACKPACK_SECRET_KEY (checked against BACKPACK_PUBLIC_KEY) from the environment or .env, \
        or --key-file (the base64 secret, as `keys generate --venue backpack` writes it).

        Examples:
          lighter-hedge watch --market ETH --account 12345 --auth-token-command './mint-token.sh'
          lighter-hedge watch --url ws://127.0.0.1:8787/stream --market 0 --account 7 --auth-token "$TOKEN"
          lighter-hedge watch --venue backpack --symbol ETH_USDC_PERP
        """)

    @Option(help: "The venue: lighter or backpack.")
    var venue: Venue = .lighter

    @Option(help: "Backpack: the market symbol (ETH_USDC_PERP).")
    var symbol: String?

    @Option(help: "Stream URL. (default: LIGHTER_WS_URL or \(StreamClientConfiguration.mainnetURL); Backpack: BACKPACK_WS_URL or \(BackpackClientConfiguration.mainnetURL))")
    var url: String?

    @Option(help: "REST base URL; derived from --url when absent.")
    var restURL: String?

    @Option(help: "Lighter: market symbol (ETH) or id (0).")
    var market: String?

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

    @Option(help: "Fill journal (JSON lines). (default: a per-user file keyed by host, account and market, under LIGHTER_HEDGE_STATE_DIR or ~/.local/state/lighter-hedge/journals; printed at start)")
    var journal: String?

    @Flag(help: "Start a new journal although this account and market were followed with another one (fills made in between are not reported).")
    var newJournal = false

    @Option(help: "For a new journal: report fills from this moment on instead of from now: a duration back (90m, 6h, 2d) or a UTC time (2026-11-29T08:00:00Z).")
    var since: String?

    @Flag(help: "Stop at once (exit 1) when no fill source is alive; by default the run goes on, says so loudly and exits 1 at the end.")
    var exitOnBlind = false

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
        switch venue {
        case .lighter:
            guard market != nil else { throw ValidationError("give --market (Lighter), or --venue backpack --symbol …") }
            guard symbol == nil else { throw ValidationError("--symbol is for --venue backpack; Lighter takes --market") }
        case .backpack:
            guard let symbol, !symbol.isEmpty, symbol.count <= 64 else { throw ValidationError("--venue backpack needs --symbol, like ETH_USDC_PERP") }
            let lighterOnly: [(String, Bool)] = [("--market", market != nil), ("--account", account != nil), ("--api-key-index", apiKeyIndex != nil),
                                                 ("--auth-token", authToken != nil), ("--auth-token-command", authTokenCommand != nil),
                                                 ("--record", record != nil), ("--force-spot", forceSpot), ("--no-account-trades", noAccountTrades)]
            if let flag = lighterOnly.first(where: \.1) { throw ValidationError("\(flag.0) is for Lighter; Backpack needs --symbol and a key") }
        }
        // Sleeping is counted in nanoseconds: a billion seconds (31 years) is as long as it goes.
        if let seconds, !(1...999_999_999).contains(seconds) { throw ValidationError("--seconds must be 1 to 999999999; omit it to run until Ctrl-C") }
        if authToken != nil && authTokenCommand != nil {
            throw ValidationError("give --auth-token or --auth-token-command, not both")
        }
        if let since { _ = try SinceParser.milliseconds(since, nowMs: 0) }
    }

    func run() async throws {
        if venue == .backpack, let symbol {
            try await BackpackWatch.run(.init(url: url, restURL: restURL, symbol: symbol, insecure: insecure, envFile: envFile,
                                              keyFile: key.keyFile, journal: journal, newJournal: newJournal, since: since,
                                              exitOnBlind: exitOnBlind, seconds: seconds, logs: logs))
            return
        }
        guard let market else { throw ValidationError("give --market") }
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
            if authToken != nil { CommandLineSecrets.warnAboutAuthTokenFlag() }
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
        configuration.blindness.stopsRun = exitOnBlind
        if let since { configuration.since = try SinceParser.milliseconds(since, nowMs: LogClock.nowMilliseconds()) }
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

        let host = try configuration.endpoint()
        let hostKey = host.host + (host.port.map { ":\($0)" } ?? "")
        let registry = JournalRegistry(directory: JournalRegistry.defaultDirectory())
        let journalPath = journal ?? registry.defaultJournalPath(host: hostKey, account: account, market: resolved.id)
        if !newJournal && since == nil,
           let problem = registry.problemStartingNew(journal: journalPath, host: hostKey, account: account, market: resolved.id) {
            throw RuntimeFailure(problem)
        }
        let tally = try await Self.watch(configuration: configuration, market: resolved, tokens: tokens, journalPath: journalPath,
                                         recordPath: record, logs: logs, seconds: seconds, echoLog: false,
                                         registry: (registry, hostKey))
        // A run that never had the account's orders confirmed saw none of its fills: not a success.
        let orders = StreamChannel.accountOrders(market: resolved.id, account: account)
        if !tally.everConfirmed.contains(orders) {
            throw RuntimeFailure("\(orders.subscribeName) was never confirmed: fills on this account went unseen (see the log)")
        }
        if tally.everBlind {
            throw RuntimeFailure("the run was blind for \(tally.blindTime.components.seconds) s (no fill source alive): fills made then were reported only if reconciliation found them later (see the log)")
        }
    }

    /// Shared by `watch` and `demo`: opens the journal, log and recording, runs, prints a summary.
    @discardableResult
    static func watch(configuration: StreamClientConfiguration, market: MarketInfo, tokens: (any AuthTokenProvider)?,
                      journalPath: String?, recordPath: String?, logs: LogOptions, seconds: Int?,
                      echoLog: Bool, registry: (JournalRegistry, host: String)? = nil,
                      observer: (@Sendable (StreamEvent) -> Void)? = nil) async throws -> WatchRunner.Tally.State {
        let account = configuration.account ?? 0
        let journalFile = journalPath ?? "logs/fills_\(account)_\(market.id).jsonl"
        let journal: FillJournal
        do { journal = try FillJournal(path: journalFile) } catch let error as FillJournalError {
            throw RuntimeFailure("cannot open the fill journal: \(error)")
        }
        if let (registry, host) = registry {
            do { try registry.remember(journal: journalFile, host: host, account: account, market: market.id) } catch {
                throw RuntimeFailure("cannot record the journal's place in \(registry.directory): \(error.localizedDescription)")
            }
        }
        let history = journal.contents.fills
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
        let client = LighterStreamClient(configuration: configuration, tokens: tokens, journal: journal, history: [],
                                         recorder: recorder, logger: logger)
        let runner = WatchRunner(client: client, symbol: market.symbol, seconds: seconds, plainLines: echoLog,
                                 observer: { event in
            if case .historyOrigin(let origin, let isNew) = event {
                let when = origin.originMs == 0 ? "the account's first order" : LogClock.iso8601(milliseconds: origin.originMs)
                if isNew {
                    let line = "NEW JOURNAL \(journalFile): fills are reported from \(when) on (\(origin.basis.rawValue)); earlier fills are NOT reported"
                    logger.warning("\(line)")
                    Terminal.printLine(line)
                } else {
                    logger.info("Journal history begins at \(when) (\(origin.basis.rawValue)); fills since the last run are reported once")
                }
            }
            observer?(event)
        })
        let tally: WatchRunner.Tally.State
        do { tally = try await runner.run() } catch let failure as StreamClientFailure {
            recorder?.close()
            throw RuntimeFailure("\(failure)")
        }
        recorder?.close()
        journal.close()
        let blind = tally.everBlind ? "; BLIND for \(tally.blindTime.components.seconds) s" : ""
        Terminal.printLine("Stopped. Fills reported this run: \(tally.fills.count); reconnects: \(tally.reconnects); book resyncs: \(tally.resyncs)\(blind)")
        return tally
    }
}
