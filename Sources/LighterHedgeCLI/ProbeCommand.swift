import ArgumentParser
import Diagnosis
import Foundation
import LighterClient
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

        Exit status: 0 healthy, 1 a problem found, 2 bad usage.
        """)

    @Option(help: "Stream URL.")
    var url: String = StreamClientConfiguration.mainnetURL

    @Option(help: "Market id.")
    var market: Int

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
        guard market >= 0 else { throw ValidationError("--market must not be negative") }
        if authToken != nil && authTokenCommand != nil { throw ValidationError("give --auth-token or --auth-token-command, not both") }
    }

    func run() async throws {
        var configuration = StreamClientConfiguration(url: url, market: market, account: account)
        configuration.insecure = insecure
        do { _ = try configuration.endpoint() } catch { throw ValidationError("\(error)") }
        let tokens: (any AuthTokenProvider)?
        if let command = authTokenCommand { tokens = CommandTokenProvider(command: command) }
        else if let token = authToken ?? ProcessInfo.processInfo.environment["LIGHTER_AUTH_TOKEN"] {
            do { tokens = try StaticTokenProvider(token: token) } catch { throw ValidationError("\(error)") }
        } else if let account, let privateKey = try key.loadKey(settings: EnvironmentSettings.load(dotEnvPath: nil, required: false)) {
            do { tokens = try SignerTokenProvider(privateKey: privateKey, account: account, apiKeyIndex: apiKeyIndex) } catch {
                throw ValidationError("\(error)")
            }
        } else { tokens = nil }

        if !json { print("Probing \(url) (market \(market)\(account.map { ", account \($0)" } ?? "")) for up to \(seconds) s ...") }
        let result = try await LiveProbe(configuration: configuration, tokens: tokens, seconds: seconds).run()

        // The same diagnosis as doctor, over the probe's own debug log.
        var diagnoser = LogDiagnoser(options: DiagnosisOptions(expectedMarket: market))
        for (index, line) in result.logLines.enumerated() {
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBufferPointer { diagnoser.feed(line: UnsafeBufferPointer($0), file: "probe", lineNumber: index + 1) }
        }
        diagnoser.endOfFile("probe")
        var report = diagnoser.finish()
        // A read-only probe places no orders: with every step passed and no order activity,
        // scenarios 4-6 cannot be told apart, and that is not a fault.
        let allPassed = !result.steps.isEmpty && result.steps.allSatisfy { $0.outcome == "ok" }
        let orderActivity = (result.messagesByType["update/account_orders"] ?? 0) + (result.messagesByType["update/account_all_trades"] ?? 0)
        if allPassed && orderActivity == 0 && account != nil && report.findings.allSatisfy({ $0.severity != .error }) {
            report.scenario = nil
            report.candidates = [4, 5, 6]
            report.title = "Checklist passed up to the account subscription; no order activity to check fills with"
            report.diagnosis = ["Connected, got `connected`, and every subscription was confirmed.",
                                "Scenarios 5 and 6 need orders: place one (or run watch while the bot trades) to see fills arrive."]
            report.actions = ["Run `lighter-hedge watch` beside the bot, then `lighter-hedge doctor` on its log."]
        }

        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var object = (try? JSONSerialization.jsonObject(with: report.jsonData())) as? [String: Any] ?? [:]
            object["steps"] = (try? JSONSerialization.jsonObject(with: encoder.encode(result.steps))) ?? []
            object["connect_failure"] = result.connectFailure.map { ["kind": $0.kind, "detail": $0.detail] as [String: Any] } ?? NSNull()
            object["upgrade_status"] = result.upgradeStatus ?? NSNull()
            object["messages_by_type"] = result.messagesByType
            object["seconds"] = result.seconds
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            print("Steps:")
            for step in result.steps {
                let at = step.atMs.map { String(format: "%6.3f s", Double($0) / 1000) } ?? "      - "
                print("  \(at)  \(step.outcome.padding(toLength: 11, withPad: " ", startingAt: 0)) \(step.name)\(step.detail.map { ": \($0)" } ?? "")")
            }
            if let failure = result.connectFailure {
                print("Connection failed (\(failure.kind)): \(failure.detail)")
            }
            if !result.messagesByType.isEmpty {
                let rates = result.messagesByType.sorted { $0.key < $1.key }
                    .map { "\($0.key) \(String(format: "%.1f", Double($0.value) / max(result.seconds, 0.001)))/s" }
                print("Messages: " + rates.joined(separator: ", "))
            }
            print("")
            print(report.renderText(color: isatty(STDOUT_FILENO) == 1))
        }
        let failed = result.connectFailure != nil || result.steps.contains { $0.outcome != "ok" }
        if failed || (report.scenario != nil && report.exitCode != 0) { throw ExitCode(1) }
    }
}
