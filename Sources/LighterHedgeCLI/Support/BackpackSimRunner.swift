import BackpackProtocol
import BackpackSimulator
import Foundation
import Logging

/// The Backpack half of `sim`: a local Backpack exchange on loopback that prints its URLs.
struct BackpackSimRunner: Sendable {
    var host: String
    var seed: UInt64
    var updatesPerSecond: Int
    var faults: [BackpackFault: Int]
    /// A base64 public key the account script trades as, `own`, or nil for no script.
    var script: String?
    var scriptIntervalMs: Int64
    var logLevel: Logger.Level

    /// Serves on `port` (0 picks a free one) until cancelled.
    func run(port: Int) async throws {
        var configuration = BackpackSimulatorConfiguration(faults: BackpackFaultSwitchboard(faults))
        configuration.host = host
        configuration.port = port
        configuration.seed = seed
        configuration.updatesPerSecond = updatesPerSecond
        if let script {
            configuration.accountScript = BackpackScriptSettings(intervalMs: scriptIntervalMs, account: script == "own" ? nil : script)
        }
        var logger = Logger(label: "backpack-sim")
        logger.logLevel = logLevel
        let server = BackpackServer(configuration: configuration, logger: logger)
        let markets = configuration.markets.map(\.symbol)
        let faults = self.faults
        let script = configuration.accountScript
        try await server.run { endpoints in
            var lines = ["Backpack simulator listening",
                         "  WebSocket: \(endpoints.webSocketURL)",
                         "  REST:      \(endpoints.httpURL)/api/v1/markets",
                         "  Markets:   \(markets.joined(separator: ", "))",
                         "  Faults:    \(faults.isEmpty ? "none" : faults.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: ", "))"]
            if let script {
                let who = script.account.map { "the key \($0.prefix(12))…" } ?? "an account of its own"
                lines.append("  Script:    \(who) trades \(script.symbol) every \(script.intervalMs) ms")
            }
            lines.append("  Auth:      every signed request is checked (ED25519 over the venue's signing string, window, timestamp); each key is an account")
            lines.append("Press Ctrl-C to stop.")
            StandardStreams.out(lines.joined(separator: "\n") + "\n")
        }
    }
}
