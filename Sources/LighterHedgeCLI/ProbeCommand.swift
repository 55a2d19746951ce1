import ArgumentParser
import BackpackClient
import Foundation
import LighterClient
import LighterProbe
import LighterProtocol

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Run the guide's checklist live and read-only against an endpoint; report like doctor.",
        discussion: """
        Connects, waits for `connected`, subscribes order_book/{market}, account_orders/{market}/{account} \
        (with the token) and account_all_trades/{account}, and records every step with its timing, error \
        frames and message rates. No orders are sent. The verdict, findings and JSON shape are doctor's; \
        scenarios 5 and 6 need order activity, so without it probe says how far it got.

        A failed connection is told apart: dns (name does not resolve), refused (nothing listens), tls \
        (handshake or certificate), upgrade-rejected (an HTTP status at the WebSocket upgrade, as some \
        regions get).

        JSON: doctor's keys plus url, steps, connectFailure, upgradeStatus, serverErrors (the error \
        frames), messagesByType and seconds.

        Backpack (--venue backpack --symbol ETH_USDC_PERP): the venue's clock, connect, the public \
        depth (first data, then the book seeded from a REST snapshot aligned with the stream), \
        bookTicker, and with a key (BACKPACK_SECRET_KEY or --key-file) the signed subscribe of \
        account.orderUpdate and a signed REST read. The venue never acknowledges a subscribe: a \
        public stream passes on its first data, the private one on the absence of an error. Same JSON.

        Exit status: 0 every step passed and nothing wrong found, 1 a problem found, 2 bad usage.
        """)

    @Option(help: "The venue: lighter or backpack.")
    var venue: Venue = .lighter

    @Option(help: "Stream URL. (default: \(StreamClientConfiguration.mainnetURL); Backpack: \(BackpackClientConfiguration.mainnetURL))")
    var url: String?

    @Option(help: "Lighter: market id.")
    var market: Int?

    @Option(help: "Backpack: the market symbol (ETH_USDC_PERP).")
    var symbol: String?

    @Option(help: "Backpack: REST base URL; the venue's, or the stream's host for a loopback simulator.")
    var restURL: String?

    @Option(help: "Account index; without it only the book is probed.")
    var account: Int64?

    @Option(help: "A ready auth token.")
    var authToken: String?

    @Option(help: "A command that prints an auth token.")
    var authTokenCommand: String?

    @Option(help: "How long to listen.")
    var seconds = 10

    @Flag(help: "JSON instead of text.")
    var json = false

    @Flag(help: "Allow plain ws:// to a host that is not loopback.")
    var insecure = false

    @Option(help: "API key index, for tokens minted from the key.")
    var apiKeyIndex: Int = 0

    @OptionGroup var key: KeyOptions

    func validate() throws {
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be 1 to 600") }
        switch venue {
        case .lighter:
            guard let market else { throw ValidationError("give --market (Lighter), or --venue backpack --symbol …") }
            guard market >= 0 else { throw ValidationError("--market must not be negative") }
            guard symbol == nil, restURL == nil else { throw ValidationError("--symbol and --rest-url are for --venue backpack") }
        case .backpack:
            guard let symbol, !symbol.isEmpty, symbol.count <= 64 else { throw ValidationError("--venue backpack needs --symbol, like ETH_USDC_PERP") }
            guard market == nil, account == nil, authToken == nil, authTokenCommand == nil else {
                throw ValidationError("--market, --account and auth tokens are for Lighter; Backpack needs --symbol and a key")
            }
        }
        if authToken != nil && authTokenCommand != nil { throw ValidationError("give --auth-token or --auth-token-command, not both") }
    }

    func run() async throws {
        if venue == .backpack, let symbol {
            try await runBackpack(symbol: symbol)
            return
        }
        guard let market else { throw ValidationError("give --market") }
        let url = self.url ?? StreamClientConfiguration.mainnetURL
        var configuration = StreamClientConfiguration(url: url, market: market, account: account)
        configuration.insecure = insecure
        do { _ = try configuration.endpoint() } catch { throw ValidationError("\(error)") }
        let tokens: (any AuthTokenProvider)?
        if let command = authTokenCommand { tokens = CommandTokenProvider(command: command) }
        else if let token = authToken ?? ProcessInfo.processInfo.environment["LIGHTER_AUTH_TOKEN"] {
            do { tokens = try StaticTokenProvider(token: token) } catch { throw ValidationError("\(error)") }
            if authToken != nil { CommandLineSecrets.warnAboutAuthTokenFlag() }
        } else if let account, let privateKey = try key.loadKey(settings: EnvironmentSettings.load(dotEnvPath: nil, required: false)) {
            do { tokens = try SignerTokenProvider(privateKey: privateKey, account: account, apiKeyIndex: apiKeyIndex) } catch {
                throw ValidationError("\(error)")
            }
        } else { tokens = nil }

        if !json { print("Probing \(url) (market \(market)\(account.map { ", account \($0)" } ?? "")) for up to \(seconds) s ...") }
        let result = try await LiveProbe(configuration: configuration, tokens: tokens, seconds: seconds).run()

        // The same diagnosis as doctor, over the probe's own debug log.
        let report = result.diagnosis()
        if json {
            StandardStreams.out(result.jsonData(report))
            StandardStreams.out("\n")
        } else {
            print(result.renderText(report, color: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil))
        }
        let status = result.exitCode(report)
        if status != 0 { throw ExitCode(status) }
    }

    /// `probe --venue backpack`: the same steps, verdict and JSON shape, on Backpack's streams.
    private func runBackpack(symbol: String) async throws {
        let settings: EnvironmentSettings
        do { settings = try EnvironmentSettings.load(dotEnvPath: nil, required: false) } catch { throw ValidationError("\(error)") }
        let signer = try BackpackWatch.signer(keyFile: key.keyFile, settings: settings)
        var configuration = BackpackClientConfiguration(url: url ?? BackpackClientConfiguration.mainnetURL, symbol: symbol)
        configuration.restURL = restURL
        configuration.insecure = insecure
        do { _ = try configuration.endpoint(); _ = try configuration.restBase() } catch { throw ValidationError("\(error)") }
        if !json {
            print("Probing \(configuration.url) (\(symbol)\(signer.map { ", key \(BackpackLog.keyLabel($0.publicKeyBase64))…" } ?? "")) for up to \(seconds) s ...")
        }
        let result = try await BackpackLiveProbe(configuration: configuration, signer: signer, seconds: seconds).run()
        let report = result.diagnosis()
        if json {
            StandardStreams.out(result.output.jsonData(report))
            StandardStreams.out("\n")
        } else {
            print(result.output.renderText(report, color: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil))
        }
        let status = result.exitCode(report)
        if status != 0 { throw ExitCode(status) }
    }
}
