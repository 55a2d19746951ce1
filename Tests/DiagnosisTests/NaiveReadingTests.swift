import Foundation
import Testing
@testable import Diagnosis

/// Logs where reading the guide literally gives the wrong answer.
@Suite struct NaiveReadingTests {
    /// The reference bot at INFO writes no `📨 [LIGHTER WS]` line at all: the guide's scenario 2
    /// sign ("no [LIGHTER WS] logs at all after connection") and scenario 3 sign ("never see
    /// subscribed/account_orders") both match a perfectly healthy bot.
    @Test func infoLogOfHealthyBotIsNotScenario2Or3() throws {
        let report = try Fixtures.report("python-up-s6-info-healthy.log")
        #expect(report.scenario == 6)
        #expect(report.candidates == [6])
        #expect(report.streamWorking == true)
        #expect(report.exitCode == 0)
        #expect(report.diagnosis.contains { $0.contains("The stream works") })
        let debug = try #require(report.finding(.debugLoggingOff))
        #expect(debug.severity == .info)
        #expect(debug.message.contains("Other lines show the stream working"))
        // The guide's own greps would have come back empty.
        #expect(report.check(named: "message-types")?.status == .unknown)
        #expect(report.check(named: "fills")?.status == .ok)
    }

    /// Every hedge hit the 30 s fallback and was marked filled: the log says "filled" and the
    /// trading loop carries on, yet no fill ever arrived.
    @Test func infoLogWithAllFallbacksIsNotWorking() throws {
        let report = try Fixtures.report("python-up-fallback-info.log")
        #expect(report.scenario != 6)
        #expect(report.streamWorking != true)
        #expect(report.candidates == [3, 4, 5])
        #expect(report.confidence == .low)
        #expect(report.exitCode == 1)
        // Undecided, and it says so first: no one scenario in the headline.
        #expect(report.scenarioLabel == "Scenario 3, 4 or 5")
        #expect(report.renderText(color: false).hasPrefix("Scenario 3, 4 or 5: "))
        #expect(report.renderHTML().contains("Scenario 3, 4 or 5"))
        let fallback = try #require(report.finding(.fallbackFill))
        #expect(fallback.severity == .error)
        #expect(fallback.count == 6)
        #expect(fallback.message.contains("6 hedges"))
        let debug = try #require(report.finding(.debugLoggingOff))
        #expect(debug.severity == .warning)
        #expect(debug.message.contains("DEBUG"))
        // Says what to log next.
        #expect(report.diagnosis.contains { $0.contains("next run") })
        #expect(report.check(named: "fills")?.status == .problem)
        #expect(report.check(named: "fills")?.counts["fallback fills"] == 6)
    }

    /// The Python bot logs `Subscribed to account orders with auth token` when it sends the
    /// request: the line must not count as a confirmation.
    @Test func sentSubscriptionIsNotAConfirmation() throws {
        let log = """
        2025-12-22 14:03:07,123 - hedge_bot_ETH - INFO - ✅ Lighter WebSocket task started
        2025-12-22 14:03:07,340 - hedge_bot_ETH - INFO - ✅ Subscribed to account orders with auth token (expires in 10 minutes)
        2025-12-22 14:03:07,402 - hedge_bot_ETH - INFO - 📨 [LIGHTER WS] Subscription confirmation: subscribed to order book
        2025-12-22 14:03:07,402 - hedge_bot_ETH - INFO - ✅ Initial order book offset set to: 1186354

        """
        let report = LogDiagnoser.diagnose(text: log)
        #expect(report.scenario == 3)
        #expect(report.findingIDs.contains(.subscriptionUnconfirmed))
        #expect(report.check(named: "connection")?.status == .problem)
    }

    /// Our INFO log: fills and confirmations are INFO, per-message lines DEBUG.
    @Test func ourInfoLogIsHealthy() throws {
        let report = try Fixtures.report("ours-s6-healthy.info.mojibake-crlf.log")
        #expect(report.scenario == 6)
        #expect(report.streamWorking == true)
        #expect(report.input.mojibakeLines > 0)
        #expect(report.finding(.debugLoggingOff)?.severity == .info)
    }

    /// The same healthy log in all three encodings gives the same verdict and counts.
    @Test func encodingsAgree() throws {
        let text = String(decoding: try Fixtures.data("ours-s6-healthy.debug.log"), as: UTF8.self)
        let plain = LogDiagnoser.diagnose(text: text, file: "a")
        let mojibake = LogDiagnoser.diagnose(text: text.mojibake, file: "a")
        let crlf = LogDiagnoser.diagnose(text: text.mojibake.replacingOccurrences(of: "\n", with: "\r\n"), file: "a")
        let noEmoji = LogDiagnoser.diagnose(text: String(text.unicodeScalars.filter { $0.value < 0x2000 || $0.value > 0x1FAFF }
            .map(Character.init)), file: "a")
        for other in [mojibake, crlf, noEmoji] {
            #expect(other.scenario == plain.scenario)
            #expect(other.findingIDs == plain.findingIDs)
            #expect(other.checks["message-types"]?.counts == plain.checks["message-types"]?.counts)
            #expect(other.checks["fills"]?.counts == plain.checks["fills"]?.counts)
        }
        #expect(mojibake.input.mojibakeLines > 0)
        #expect(plain.input.mojibakeLines == 0)
    }
}

/// The reference bot's lines that break its receive loop, each a reconnect with its cause, and
/// its token failure line: six breaks a minute apart make a storm of that cause.
@Suite struct ReferenceBotLineTests {
    static func sixTimes(_ message: String, level: String = "ERROR") -> String {
        (0..<6).map { "2025-12-22 14:0\($0):07,123 - hedge_bot_ETH - \(level) - \(message)\n" }.joined().mojibake
    }

    @Test(arguments: [
        ("❌ Error in Lighter websocket: sent 1011 (internal error); no close frame received", "error"),
        ("Lighter websocket error: [Errno 104] Connection reset by peer", "error"),
        ("⚠️ Lighter websocket connection closed: received 1008 (policy violation) no pong; then sent 1008", "no-pong"),
        ("⚠️ Lighter websocket connection closed: sent 1011 (internal error) keepalive ping timeout", "no-pong"),
        ("⚠️ Lighter websocket connection closed: received 1000 (OK); then sent 1000 (OK)", "closed"),
    ])
    func breaksAreReconnectsWithTheirCause(line: String, cause: String) throws {
        let report = LogDiagnoser.diagnose(text: Self.sixTimes(line))
        let storm = try #require(report.finding(.reconnectStorm), "\(report.findingIDs)")
        #expect(storm.kind == cause)
        #expect(storm.count == 6)
        #expect(storm.breakdown[cause] == 6)
    }

    @Test func tokenCreationFailureIsAuthTokenFailed() throws {
        let report = LogDiagnoser.diagnose(text: Self.sixTimes("❌ Error creating auth token: invalid private key length"))
        let failed = try #require(report.finding(.authTokenFailed), "\(report.findingIDs)")
        #expect(failed.count == 6)
        // The reference bot mints its token once connected: scenario 3, even with no connection line.
        #expect(report.scenario == 3)
        #expect(report.title.contains("auth token cannot be created"))
        #expect(report.actions.first?.contains("lighter-hedge token") == true)
        #expect(!report.diagnosis.contains { $0.contains("although the log would show them") })
    }
}
