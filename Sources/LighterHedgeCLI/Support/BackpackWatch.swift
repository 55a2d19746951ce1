import ArgumentParser
import BackpackClient
import BackpackProtocol
import Foundation
import Journaling
import LighterClient
import LighterProtocol
import Logging
import StreamKit
import Synchronization

/// `watch --venue backpack`: one Backpack market's best bid and ask, and with a key every fill
/// of the account exactly once, journaled; `demo --venue backpack` runs the same against the
/// embedded simulator.
enum BackpackWatch {
    /// What a run saw, for its summary and exit status.
    struct Tally: Sendable {
        var bid: PriceLevel?
        var ask: PriceLevel?
        var fills: [BackpackFillEvent] = []
        var reconnects = 0
        var resyncs = 0
        var serverErrors = 0
        var subscriptions: [String: BackpackSubscriptionState] = [:]
        /// Streams that stood (data, or taken without an error) at least once.
        var everStanding: Set<String> = []
        var lastStatusLine = ContinuousClock.now - .seconds(1)
        var blind = BlindTally()
        var streamGaps = 0
        var throttled = 0
    }

    /// The settings a watch is made of, from the command line.
    struct Options {
        var url: String?
        var restURL: String?
        var symbol: String
        var insecure: Bool
        var envFile: String?
        var keyFile: String?
        var journal: String?
        var newJournal: Bool
        var since: String?
        var exitOnBlind: Bool
        var seconds: Int?
        var logs: LogOptions
    }

    /// The key from `--key-file`, else BACKPACK_SECRET_KEY (environment, then .env); checked
    /// against BACKPACK_PUBLIC_KEY. Never printed.
    static func signer(keyFile: String?, settings: EnvironmentSettings) throws -> BackpackSigner? {
        var file: (String, String)?
        if let keyFile {
            do { file = (keyFile, try String(contentsOfFile: keyFile, encoding: .utf8)) } catch {
                throw ValidationError("cannot read the key file \(keyFile)")
            }
        }
        do { return try BackpackCredentials.signer(keyFile: file, settings: settings.values, origins: settings.origins) } catch {
            throw ValidationError(error.description)
        }
    }

    /// The whole `watch --venue backpack`: settings, key, market check, journal, run, verdict.
    static func run(_ options: Options) async throws {
        let settings: EnvironmentSettings
        do { settings = try EnvironmentSettings.load(dotEnvPath: options.envFile, required: options.envFile != nil) } catch {
            throw ValidationError("\(error)")
        }
        let signer = try signer(keyFile: options.keyFile, settings: settings)
        var configuration = BackpackClientConfiguration(
            url: options.url ?? settings["BACKPACK_WS_URL"] ?? BackpackClientConfiguration.mainnetURL, symbol: options.symbol)
        configuration.restURL = options.restURL ?? settings["BACKPACK_REST_URL"]
        configuration.insecure = options.insecure
        configuration.blindness.stopsRun = options.exitOnBlind
        if let since = options.since { configuration.since = try SinceParser.milliseconds(since, nowMs: WallClock.nowMilliseconds()) }
        let endpoint: VenueEndpoint
        let restBase: String
        do {
            endpoint = try configuration.endpoint()
            restBase = try configuration.restBase()
        } catch { throw ValidationError("\(error)") }
        configuration.symbol = try await resolveSymbol(options.symbol, restBase: restBase)

        let registry = JournalRegistry(directory: JournalRegistry.defaultDirectory())
        var journalPath: String?
        if let signer {
            let account = BackpackLog.keyLabel(signer.publicKeyBase64)
            let path = options.journal ?? registry.defaultJournalPath(host: endpoint.hostAndPort, account: account, market: configuration.symbol)
            if !options.newJournal && options.since == nil,
               let problem = registry.problemStartingNew(journal: path, host: endpoint.hostAndPort, account: account, market: configuration.symbol) {
                throw RuntimeFailure(problem)
            }
            do { try registry.remember(journal: path, host: endpoint.hostAndPort, account: account, market: configuration.symbol) } catch {
                throw RuntimeFailure("cannot record the journal's place in \(registry.directory): \(error.localizedDescription)")
            }
            journalPath = path
        }
        let tally = try await watch(configuration: configuration, signer: signer, journalPath: journalPath, logs: options.logs,
                                    seconds: options.seconds, echoLog: false)
        guard signer != nil else { return }
        let orders = BackpackStream.orderUpdate(symbol: configuration.symbol).name
        if !tally.everStanding.contains(orders) {
            throw RuntimeFailure("\(orders) never stood (refused, or never subscribed): fills on this account went unseen (see the log)")
        }
        if tally.blind.ever {
            throw RuntimeFailure("the run was blind for \(tally.blind.time.components.seconds) s (no fill source alive): fills made then were reported only if reconciliation found them later (see the log)")
        }
    }

    /// The venue's own spelling of `symbol`, checked against its market list: a typo fails at
    /// once instead of meeting the venue's silence.
    static func resolveSymbol(_ symbol: String, restBase: String) async throws -> String {
        let rest = BackpackRESTClient(baseURL: restBase, signer: nil, http: BackpackRESTClient.failFastHTTPClient)
        let markets: [BackpackMarket]
        do { markets = try await rest.markets() } catch {
            throw RuntimeFailure("cannot list markets from \(restBase)/api/v1/markets: \(error)")
        }
        let wanted = symbol.uppercased()
        guard let market = markets.first(where: { $0.symbol.uppercased() == wanted }) else {
            let perps = markets.filter(\.isPerp).prefix(20).map(\.symbol).joined(separator: ", ")
            throw ValidationError("no Backpack market '\(symbol)'; perps: \(perps.isEmpty ? "none" : perps)")
        }
        if !market.isPerp {
            Terminal.printLine("note: \(market.symbol) is a \(market.marketType) market, not a perp")
        }
        return market.symbol
    }

    /// Shared by `watch` and `demo`: opens the journal and the log, runs, prints a summary.
    static func watch(configuration: BackpackClientConfiguration, signer: BackpackSigner?, journalPath: String?,
                      logs: LogOptions, seconds: Int?, echoLog: Bool,
                      observer: (@Sendable (BackpackStreamEvent) -> Void)? = nil) async throws -> Tally {
        let symbol = configuration.symbol
        var journal: BackpackFillJournal?
        if let journalPath {
            do { journal = try BackpackFillJournal(path: journalPath) } catch {
                throw RuntimeFailure("cannot open the fill journal: \(error)")
            }
        }
        let already = journal?.contents.fills.count ?? 0
        let name = "backpack_hedge_\(symbol)"
        let (logger, logPath) = try logs.makeLogger(name: name, defaultFile: "logs/backpack_hedge_\(symbol).log", echo: echoLog)
        let who = signer.map { "key \(BackpackLog.keyLabel($0.publicKeyBase64))…" } ?? "no key (the market only)"
        logger.info("lighter-hedge watch --venue backpack: market \(symbol), \(who), journal \(journalPath ?? "none") with \(already) fills already reported")
        Terminal.printLine("Watching \(symbol) on Backpack for \(who) at \(configuration.url)")
        Terminal.printLine("  log: \(logPath)   journal: \(journalPath.map { "\($0) (\(already) fills already reported)" } ?? "none")")
        if signer == nil { Terminal.printLine("  no key: give BACKPACK_SECRET_KEY (environment or .env) or --key-file to follow the account's fills") }
        let client: BackpackStreamClient
        do { client = try BackpackStreamClient(configuration: configuration, signer: signer, journal: journal, logger: logger) } catch {
            throw ValidationError("\(error)")
        }
        let state = Mutex(Tally())
        let interactive = isatty(STDOUT_FILENO) == 1 && !echoLog
        let onEvent: @Sendable (BackpackStreamEvent) -> Void = { event in
            observer?(event)
            let line = state.withLock { describe(event, symbol: symbol, journalPath: journalPath, logger: logger, &$0) }
            Terminal.show(line, interactive: interactive) {
                state.withLock { tally in
                    guard line != nil || ContinuousClock.now - tally.lastStatusLine >= .milliseconds(250) else { return nil }
                    tally.lastStatusLine = ContinuousClock.now
                    return statusLine(tally, symbol: symbol)
                }
            }
        }
        do { try await WatchLoop.run(seconds: seconds) { try await client.run(onEvent: onEvent) } } catch let failure as BackpackClientFailure {
            throw RuntimeFailure("\(failure)")
        }
        if interactive { Terminal.endStatus() }
        journal?.close()
        let tally = state.withLock { $0 }
        let blind = tally.blind.ever ? "; BLIND for \(tally.blind.time.components.seconds) s" : ""
        Terminal.printLine("Stopped. Fills reported this run: \(tally.fills.count); reconnects: \(tally.reconnects); book resyncs: \(tally.resyncs)\(blind)")
        return tally
    }

    /// The line an event prints, if any, after noting it in the tally.
    private static func describe(_ event: BackpackStreamEvent, symbol: String, journalPath: String?, logger: Logger,
                             _ tally: inout Tally) -> String? {
        switch event {
        case .book(let book):
            tally.bid = book.bestBid
            tally.ask = book.bestAsk
            return nil
        case .fill(let fill):
            tally.fills.append(fill)
            let progress = fill.orderFilled.map { ", filled \($0)\(fill.orderQuantity.map { "/\($0)" } ?? "")" } ?? ""
            return "FILL \(fill.sideWord) \(fill.quantity) \(symbol) @ \(fill.price) (order \(BackpackLog.clean(fill.orderID, limit: 40)), "
                + "trade \(fill.tradeID), \(fill.isMaker ? "maker" : "taker")\(progress), \(BackpackLog.clean(fill.status ?? "?", limit: 40)), "
                + "via \(fill.source.rawValue)\(fill.recovered ? ", recovered" : ""))"
        case .reconnecting(let after, let attempt, let cause):
            tally.reconnects += 1
            return "reconnecting in \(after) ms (attempt \(attempt)): \(BackpackLog.clean(cause, limit: 300))"
        case .connectFailed(let failure):
            return "connect failed (\(failure.kind)): \(BackpackLog.clean(failure.detail, limit: 300))"
        case .connected:
            return "connected"
        case .clockSynced(let offset):
            return abs(offset) >= 1000 ? "venue clock is \(offset) ms \(offset > 0 ? "ahead of" : "behind") ours; signing with the venue's time" : nil
        case .bookResync(let expected, let received):
            tally.resyncs += 1
            return "depth gap (expected U=\(expected), got \(received)): seeding the book again from a REST snapshot"
        case .bookSynced(let id, let applied):
            return tally.resyncs == 0 ? "depth book seeded at lastUpdateId \(id) (\(applied) buffered updates applied)" : nil
        case .serverError(let error):
            tally.serverErrors += 1
            return "server error \(error.code): \(BackpackLog.clean(error.message, limit: 300))"
        case .subscription(let stream, let subscriptionState):
            tally.subscriptions[stream] = subscriptionState
            if subscriptionState.isStanding { tally.everStanding.insert(stream) }
            switch subscriptionState {
            case .live, .quiet, .errored, .unconfirmed: return "\(BackpackLog.clean(stream, limit: 100)): \(subscriptionState)"
            case .sent: return nil
            }
        case .reconciled(let checked, let recovered):
            return recovered == 0 ? nil : "reconciled through REST: \(checked) fills checked, \(recovered) recovered"
        case .reconcileFailed(let error):
            if case .rateLimited = error { tally.throttled += 1 }
            return "REST reconciliation failed: \(BackpackLog.clean(error.description, limit: 300))"
        case .historyOrigin(let origin, let isNew):
            let when = origin.originMs == 0 ? "the account's first fill" : LogClock.iso8601(milliseconds: origin.originMs)
            guard isNew else {
                logger.info("Journal history begins at \(when) (\(origin.basis.rawValue)); fills since the last run are reported once")
                return nil
            }
            let text = "NEW JOURNAL \(journalPath ?? "(none)"): fills are reported from \(when) on (\(origin.basis.rawValue)); earlier fills are NOT reported"
            logger.warning("\(text)")
            return text
        case .accountStreamGap(let trade, let order, let stream, let age):
            tally.streamGaps += 1
            return "ACCOUNT STREAM GAP: trade \(trade) of order \(BackpackLog.clean(order, limit: 40)) was found only through REST; "
                + "\(stream) \(age.map { "last frame \($0 / 1000) s ago" } ?? "no frame yet"); resubscribing"
        case .blind(let reason, let forMs):
            tally.blind.blind(reason: reason, forMs: forMs)
            return "BLIND for \(forMs / 1000) s: no fill source alive (\(BackpackLog.clean(reason, limit: 300))); fills made now go unseen until one returns"
        case .sightRestored(let blindMs):
            tally.blind.restored()
            return "fill source back after \(blindMs / 1000) s blind; reconciling what it missed"
        case .position(let position):
            return position.event == .snapshot ? "position \(position.netQuantity) \(symbol) (entry \(position.entryPrice))" : nil
        case .connecting, .disconnected, .health, .bookTicker, .orderUpdate:
            return nil
        }
    }

    static func statusLine(_ tally: Tally, symbol: String) -> String {
        let bid = tally.bid.map { "\($0.price)" } ?? "-"
        let ask = tally.ask.map { "\($0.price)" } ?? "-"
        let subs = tally.subscriptions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let blind = tally.blind.reason.map { _ in "BLIND | " } ?? ""
        return "\(blind)\(symbol) bid \(bid) / ask \(ask) | fills \(tally.fills.count) | reconnects \(tally.reconnects) | \(subs)"
    }
}
