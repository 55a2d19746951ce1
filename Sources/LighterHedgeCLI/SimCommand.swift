import ArgumentParser
import BackpackProtocol
import BackpackSimulator
import Foundation
import LighterProtocol
import LighterSigner
import LighterSimulator
import Logging

struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run local exchanges: Lighter (WebSocket /stream, REST /api/v1) and Backpack, with fault injection.",
        discussion: """
        The simulator listens on loopback and prints its ws:// and http:// URLs. It serves \
        order_book/{m}, trade/{m}, account_orders/{m}/{a} (auth), account_all_orders/{a} (auth) \
        and account_all_trades/{a}; the REST endpoints orderBooks, account, accountActiveOrders, \
        accountInactiveOrders and trades (paged newest first with next_cursor), nextNonce and sendTx; and jsonapi/sendtx on the socket. Orders \
        (tx types 14 and 15) match against a random-walk book.

        Auth tokens and transactions are checked as the venue does: format, the 8-hour window, the \
        account, and the Schnorr signature against the API keys registered with --api-key (the \
        account script signs with a key of its own). `--auth-mode unverified-signatures` skips the \
        signature check for clients that cannot sign.

        With --venue both (the default) a local Backpack exchange runs beside it on its own port \
        (--backpack-port, 0 picks a free one) and prints its URLs too; --venue lighter or backpack runs \
        one alone (Backpack alone listens on --port). Backpack serves its REST API and its one WebSocket \
        at the root, every API key being an account funded on first use; --backpack-script KEY has its \
        account script trade as that public key (or `own`), so that `watch --venue backpack` with the \
        matching secret sees fills.

        Faults (repeat --fault; some take =N); a name both venues know applies to both:
        \(SimCommand.faultHelp)
        Backpack:
        \(SimCommand.backpackFaultHelp)

        Faults can also be switched at run time:
          curl -X PUT  http://127.0.0.1:PORT/control/faults/never-fill
          curl -X DELETE http://127.0.0.1:PORT/control/faults/never-fill
          curl http://127.0.0.1:PORT/control/faults
        On a bind that is not loopback (--host 0.0.0.0) the control API is off unless \
        --control-token T is given; requests then carry `Authorization: Bearer T` or get 401.
        """)

    static var backpackFaultHelp: String {
        BackpackFault.allCases.map { fault in
            "  \(fault.rawValue)" + (fault.parameterMeaning.map { "[=N]: \(fault.summary); N = \($0), default \(fault.defaultParameter)" }
                ?? ": \(fault.summary)")
        }.joined(separator: "\n")
    }

    @Option(help: "Which exchanges to run: lighter, backpack or both.")
    var venue: SimVenue = .both

    @Option(help: "Backpack's port when both venues run; 0 picks a free one.")
    var backpackPort = 0

    @Option(help: "Backpack: have the account script trade as this API key (base64 public key), or `own` for an account of its own.")
    var backpackScript: String?

    static var faultHelp: String {
        Fault.allCases.map { fault in
            var line = "  \(fault.rawValue)"
            if let meaning = fault.parameterMeaning { line += "[=N]" + ": \(fault.summary); N = \(meaning), default \(fault.defaultParameter)" }
            else { line += ": \(fault.summary)" }
            return line
        }.joined(separator: "\n")
    }

    @Option(help: "Address to listen on. Loopback unless you mean it.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 0

    @Option(help: "Comma-separated perp market symbols; ids are given in order from 0.")
    var markets = "ETH,BTC,SOL"

    @Option(name: .customLong("fault"), help: "Inject a fault: NAME or NAME=N (see above). Repeatable.")
    var faults: [String] = []

    @Option(help: "Seed of the random walk, so that runs repeat.")
    var seed: UInt64 = 42

    @Option(help: "Order-book updates per second per market (1-1000).")
    var updatesPerSecond = 5

    @Option(help: "Seconds between app-level server pings; 0 sends none.")
    var serverPingSeconds = 30

    @Option(help: "Seconds a client has to answer a server ping before a 1008 \"no pong\" close.")
    var pongTimeoutSeconds = 10

    @Option(help: "Place orders for this account on a schedule, so that fills happen with no client: ACCOUNT or ACCOUNT:MARKET.")
    var accountScript: String?

    @Option(help: "Milliseconds between scripted orders.")
    var scriptIntervalMs: Int64 = 1500

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Option(name: .customLong("api-key"), help: "Register an API public key: ACCOUNT:INDEX:PUBKEY (hex, 0x optional). Repeatable.")
    var apiKeys: [String] = []

    @Option(help: "verified (signatures checked, as the venue) or unverified-signatures.")
    var authMode = "verified"

    @Option(help: "Bearer token the control API (/control/...) requires. Without it, a bind that is not loopback serves no control API.")
    var controlToken: String?

    func validate() throws {
        guard (1...1000).contains(updatesPerSecond) else { throw ValidationError("--updates-per-second must be 1 to 1000") }
        guard (0...65535).contains(port), (0...65535).contains(backpackPort) else { throw ValidationError("--port and --backpack-port must be 0 to 65535") }
        if let backpackScript, backpackScript != "own", !BackpackSignatureCheck.isWellFormedKey(backpackScript) {
            throw ValidationError("--backpack-script wants a base64 ED25519 public key (44 characters) or `own`")
        }
        guard serverPingSeconds >= 0, pongTimeoutSeconds > 0 else { throw ValidationError("ping and pong times must be positive") }
        guard (50...3_600_000).contains(scriptIntervalMs) else { throw ValidationError("--script-interval-ms must be 50 to 3600000 (an hour)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
        _ = try parsedMarkets()
        _ = try parsedFaults()
        _ = try parsedScript(markets: parsedMarkets())
        _ = try parsedKeys()
        if let controlToken, controlToken.isEmpty || controlToken.contains(where: { $0.isWhitespace }) {
            throw ValidationError("--control-token must be a non-empty word without spaces")
        }
        guard SimulatorAuthMode(rawValue: authMode) != nil else {
            throw ValidationError("--auth-mode is verified or unverified-signatures")
        }
    }

    func parsedKeys() throws -> [APIKeyID: LighterPublicKey] {
        var keys: [APIKeyID: LighterPublicKey] = [:]
        for text in apiKeys {
            let parts = text.split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count == 3, let account = Int64(parts[0]), account >= 0, let index = Int(parts[1]), (0...254).contains(index),
                  let key = LighterPublicKey(hex: parts[2]) else {
                // The value is not echoed: a private key pasted by mistake must not reach the screen.
                let what = parts.count == 3 ? "'\(parts[0]):\(parts[1]):' and a key of \(parts[2].count) characters" : "\(parts.count) part(s)"
                throw ValidationError("--api-key wants ACCOUNT:INDEX:PUBKEY with a 40-byte hex public key (a public key is 80 hex digits); got \(what)")
            }
            keys[APIKeyID(account: account, apiKeyIndex: index)] = key
        }
        return keys
    }

    func parsedMarkets() throws -> [SimMarket] {
        let symbols = markets.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        guard !symbols.isEmpty, symbols.allSatisfy({ !$0.isEmpty && $0.count <= 16 && $0.allSatisfy(\.isLetter) }) else {
            throw ValidationError("--markets wants symbols like ETH,BTC,SOL; got '\(markets)'")
        }
        guard Set(symbols).count == symbols.count else { throw ValidationError("--markets lists a symbol twice") }
        guard symbols.count <= 200 else { throw ValidationError("--markets: at most 200 markets") }
        return SimMarket.defaults(symbols: symbols)
    }

    func parsedFaults() throws -> [Fault: Int] {
        try SimFaults.parse(faults, lighter: venue != .backpack, backpack: venue != .lighter).lighter
    }

    func parsedBackpackFaults() throws -> [BackpackFault: Int] {
        try SimFaults.parse(faults, lighter: venue != .backpack, backpack: venue != .lighter).backpack
    }

    func parsedScript(markets: [SimMarket]) throws -> AccountScriptSettings? {
        guard let accountScript else { return nil }
        let parts = accountScript.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let account = Int64(parts[0]), account >= 0,
              let market = parts.count == 2 ? Int(parts[1]) : 0 else {
            throw ValidationError("--account-script wants ACCOUNT or ACCOUNT:MARKET, like 7 or 7:0; got '\(accountScript)'")
        }
        guard markets.contains(where: { $0.id == market && !$0.isSpot }) else {
            throw ValidationError("--account-script market \(market) is not one of the simulated perp markets")
        }
        return AccountScriptSettings(account: account, market: market, intervalMs: scriptIntervalMs)
    }

    func run() async throws {
        switch venue {
        case .lighter:
            try await runLighter()
        case .backpack:
            try await backpackSimulator().run(port: port)
        case .both:
            let backpack = backpackSimulator()
            let backpackPort = self.backpackPort
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await backpack.run(port: backpackPort) }
                group.addTask { try await self.runLighter() }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    private func backpackSimulator() -> BackpackSimRunner {
        BackpackSimRunner(host: host, seed: seed, updatesPerSecond: updatesPerSecond,
                          faults: (try? parsedBackpackFaults()) ?? [:], script: backpackScript, scriptIntervalMs: scriptIntervalMs,
                          logLevel: Logger.Level(rawValue: logLevel) ?? .info)
    }

    private func runLighter() async throws {
        let markets = try parsedMarkets()
        var configuration = SimulatorConfiguration(markets: markets, faults: FaultSwitchboard(try parsedFaults()))
        configuration.host = host
        configuration.port = port
        configuration.seed = seed
        configuration.updatesPerSecond = updatesPerSecond
        configuration.serverPingInterval = serverPingSeconds == 0 ? nil : .seconds(serverPingSeconds)
        configuration.pongTimeout = .seconds(pongTimeoutSeconds)
        configuration.accountScript = try parsedScript(markets: markets)
        configuration.apiKeys = try parsedKeys()
        configuration.authMode = SimulatorAuthMode(rawValue: authMode) ?? .verified
        configuration.controlToken = controlToken
        let control = configuration.effectiveControlAccess.summary
        var logger = Logger(label: "lighter-sim")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let server = SimulatorServer(configuration: configuration, logger: logger)
        let faults = configuration.faults.snapshot
        let script = configuration.accountScript
        let verified = configuration.authMode == .verified
        let registered = configuration.apiKeys.count
        try await server.run { endpoints in
            var lines = ["Lighter simulator listening",
                         "  WebSocket: \(endpoints.webSocketURL)",
                         "  REST:      \(endpoints.httpURL)/api/v1/orderBooks",
                         "  Markets:   \(markets.map { "\($0.id)=\($0.symbol)\($0.isSpot ? " (spot)" : "")" }.joined(separator: ", "))",
                         "  Faults:    \(faults.isEmpty ? "none" : faults.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: ", "))"]
            if let script { lines.append("  Script:    account \(script.account) trades market \(script.market) every \(script.intervalMs) ms") }
            lines.append(verified
                  ? "  Auth:      tokens and transactions must be signed by a registered key (\(registered) registered)"
                  : "  Auth:      format, 8-hour window and account checked; signatures NOT verified (--auth-mode unverified-signatures)")
            lines.append("  Control:   \(control)")
            lines.append("Press Ctrl-C to stop.")
            // Written at once, unbuffered: a script reading the port from a pipe must get it now.
            StandardStreams.out(lines.joined(separator: "\n") + "\n")
        }
    }
}
