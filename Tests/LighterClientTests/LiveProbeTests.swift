import Diagnosis
import Foundation
import LighterClient
import LighterProbe
import LighterProtocol
import LighterSimulator
import LighterTestSupport
import Testing

/// The live checklist against the simulator, reported as `probe` reports it (the same
/// `diagnosis()`, JSON and exit code the command prints).
@Suite(.serialized) struct LiveProbeTests {
    /// The window is generous: on a loaded two-core machine the first connect alone has taken 4 s.
    /// Against the simulator, which always greets, a missing `connected` frame is the machine
    /// stalling (the suite's first seconds start dozens of simulators at once): that probe runs
    /// once more, and every expectation holds for the second run.
    static func probe(_ url: String, account: Int64? = ClientHarness.account, seconds: Int = 8,
                      tokens: (any AuthTokenProvider)? = nil) async throws -> (LiveProbe.Result, DiagnosisReport) {
        var configuration = StreamClientConfiguration(url: url, market: 0, account: account)
        // Long enough that a loaded machine's late answer is not logged as unconfirmed, short
        // enough that an unanswered subscribe shows within the probe's window.
        configuration.confirmTimeout = .seconds(3)
        let probe = LiveProbe(configuration: configuration, tokens: tokens ?? account.map { ClientHarness.Tokens(account: $0) },
                              seconds: seconds)
        var result = try await probe.run()
        if outcome(result, "connected frame") == "failed", result.connectFailure == nil { result = try await probe.run() }
        return (result, result.diagnosis())
    }

    static func outcome(_ result: LiveProbe.Result, _ name: String) -> String? {
        result.steps.first { $0.name == name }?.outcome
    }

    static func json(_ result: LiveProbe.Result, _ report: DiagnosisReport) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.jsonData(report)) as? [String: Any])
    }

    /// No orders, no order activity: the checklist passes, and the verdict says how far it got.
    @Test func aHealthyEndpointPassesEveryStepAndSaysHowFarItGot() async throws {
        try await withSimulator { endpoints, _ in
            let (result, report) = try await Self.probe(endpoints.webSocketURL)
            #expect(result.connectFailure == nil)
            #expect(result.steps.map(\.name) == ["connected frame", "subscribe order_book/0", "subscribe account_orders/0/7",
                                                 "subscribe account_all_trades/7", "stay connected"])
            #expect(result.steps.map(\.outcome) == ["ok", "ok", "ok", "ok", "ok"], "\(result.steps)")
            #expect((result.messagesByType["update/order_book"] ?? 0) > 0)
            #expect(result.orderActivity == 0)
            #expect(report.scenario == nil, "\(report.title); findings \(report.findingIDs); log tail \(result.logLines.suffix(8))")
            #expect(report.candidates == [4, 5, 6])
            #expect(report.title.contains("no order activity"))
            #expect(result.exitCode(report) == 0)
            #expect(report.streamWorking == true)
            #expect(!report.checks.values.contains { $0.status == .problem }, "\(report.checks.mapValues(\.status))")
            let json = try Self.json(result, report)
            #expect(json["scenario"] is NSNull)
            #expect(json["connectFailure"] is NSNull)
            #expect((json["steps"] as? [Any])?.count == 5)
            #expect((json["serverErrors"] as? [Any])?.isEmpty == true)
            #expect(json["findings"] != nil && json["checks"] != nil && json["url"] as? String == endpoints.webSocketURL)
        }
    }

    @Test func withoutAnAccountOnlyTheBookIsProbed() async throws {
        try await withSimulator { endpoints, _ in
            let (result, report) = try await Self.probe(endpoints.webSocketURL, account: nil)
            #expect(result.steps.map(\.outcome) == ["ok", "ok", "ok"], "\(result.steps)")
            #expect(report.scenario == nil)
            #expect(report.candidates == [3, 4, 5, 6])
            #expect(report.title.contains("no account was probed"))
            #expect(result.exitCode(report) == 0)
            // Nothing in the report calls what was not tried a problem.
            #expect(report.streamWorking == nil)
            #expect(!report.checks.values.contains { $0.status == .problem }, "\(report.checks.mapValues(\.status))")
        }
    }

    /// With orders on the account (the simulator's account script), fills arrive and the
    /// probe's own log reads as a working bot.
    @Test func withOrderActivityTheVerdictIsScenarioSix() async throws {
        try await withSimulator({ $0.accountScript = AccountScriptSettings(account: ClientHarness.account, intervalMs: 300) }) { endpoints, _ in
            let (result, report) = try await Self.probe(endpoints.webSocketURL, seconds: 3)
            #expect(result.orderActivity > 0)
            #expect(report.scenario == 6, "\(report.title) \(report.findingIDs)")
            #expect(result.exitCode(report) == 0)
        }
    }

    @Test func aRejectedTokenIsScenarioThree() async throws {
        try await withSimulator({ $0.faults.set(.rejectAuth) }) { endpoints, _ in
            let (result, report) = try await Self.probe(endpoints.webSocketURL)
            #expect(Self.outcome(result, "subscribe order_book/0") == "ok")
            #expect(Self.outcome(result, "subscribe account_orders/0/7") == "failed")
            #expect(result.serverErrors.contains { $0.code == 20013 })
            #expect(report.scenario == 3)
            #expect(report.findingIDs.contains(.authRejected))
            #expect(result.exitCode(report) == 1)
            // The error frames travel in the JSON, and the text names them.
            let errors = try #require(try Self.json(result, report)["serverErrors"] as? [[String: Any]])
            #expect(errors.contains { $0["code"] as? Int == 20013 })
            #expect(result.renderText(report, color: false).contains("code 20013"))
        }
    }

    /// A token that cannot be had is a failed step of its own, and scenario 3.
    @Test func aFailingTokenCommandIsAStepAndScenarioThree() async throws {
        try await withSimulator { endpoints, _ in
            let (result, report) = try await Self.probe(endpoints.webSocketURL, tokens: CommandTokenProvider(command: "exit 3"))
            let step = try #require(result.steps.first { $0.name == "auth token" })
            #expect(step.outcome == "failed")
            #expect(step.detail?.contains("status 3") == true)
            #expect(Self.outcome(result, "subscribe account_orders/0/7") == "not sent")
            #expect(report.findingIDs.contains(.authTokenFailed))
            #expect(report.scenario == 3)
            #expect(result.exitCode(report) == 1)
        }
    }

    @Test func anUnconfirmedAccountSubscriptionIsScenarioThree() async throws {
        try await withSimulator({ $0.faults.set(.noAccountConfirm) }) { endpoints, _ in
            let (result, report) = try await Self.probe(endpoints.webSocketURL)
            #expect(Self.outcome(result, "subscribe account_orders/0/7") == "unconfirmed")
            #expect(report.findingIDs.contains(.subscriptionUnconfirmed))
            #expect(report.scenario == 3, "\(report.title) \(report.candidates)")
            #expect(result.exitCode(report) == 1)
        }
    }

    @Test func aDroppedConnectionFailsStayConnected() async throws {
        try await withSimulator({ $0.faults.set(.dropConnection, parameter: 1) }) { endpoints, _ in
            let (result, report) = try await Self.probe(endpoints.webSocketURL, seconds: 3)
            #expect(Self.outcome(result, "stay connected") == "failed", "\(result.steps)")
            #expect(report.title.contains("did not last"))
            #expect(result.exitCode(report) == 1)
        }
    }

    @Test(arguments: [
        (Fault.unknownFrame, FindingID.unexpectedMessage),
        (Fault.malformedJSON, FindingID.undecodableFrame),
        (Fault.wrongMarketKeys, FindingID.wrongMarketUpdates),
    ])
    func faultsShowAsTheirFindings(fault: Fault, finding: FindingID) async throws {
        try await withSimulator({
            $0.faults.set(fault, parameter: 1)
            $0.accountScript = AccountScriptSettings(account: ClientHarness.account, intervalMs: 300)
        }) { endpoints, _ in
            let (_, report) = try await Self.probe(endpoints.webSocketURL, seconds: 3)
            #expect(report.findingIDs.contains(finding), "\(report.findingIDs)")
        }
    }

    @Test func connectFailuresAreToldApart() async throws {
        try await withSimulator({ $0.faults.set(.refuseUpgrade) }) { endpoints, _ in
            let (result, report) = try await Self.probe(endpoints.webSocketURL)
            #expect(result.connectFailure?.kind == "upgrade-rejected")
            #expect(result.upgradeStatus == 400)
            #expect(report.scenario == 1)
            #expect(report.findings.first { $0.id == .connectFailed }?.kind == "upgrade-rejected")
            #expect(result.exitCode(report) == 1)
        }
        // TLS to a server that answers in plain HTTP: the handshake fails.
        let plain = try PlainReplyServer(reply: "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        defer { plain.stop() }
        let (tls, tlsReport) = try await Self.probe("wss://localhost:\(plain.port)/stream", account: nil)
        #expect(tls.connectFailure?.kind == "tls", "\(String(describing: tls.connectFailure)) \(tls.steps)")
        #expect(tlsReport.findings.first { $0.id == .connectFailed }?.kind == "tls")
        // A port nothing listens on: take one from a simulator that has stopped.
        let closedPort = try await withSimulator { endpoints, _ in endpoints.port }
        let (refused, refusedReport) = try await Self.probe("ws://127.0.0.1:\(closedPort)/stream")
        #expect(refused.connectFailure?.kind == "refused")
        #expect(refusedReport.findings.first { $0.id == .connectFailed }?.kind == "refused")
        // The next steps name the host probed, not Lighter's mainnet.
        #expect(refusedReport.actions.contains { $0.contains("getent hosts 127.0.0.1") })
        let (unknown, unknownReport) = try await Self.probe("wss://no-such-host.invalid/stream")
        #expect(unknown.connectFailure?.kind == "dns")
        #expect(unknownReport.findings.first { $0.id == .connectFailed }?.kind == "dns")
    }
}

/// A TCP server on loopback that answers every connection with fixed bytes and hangs up: what
/// a TLS client meets when the port speaks plain HTTP.
final class PlainReplyServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let thread: Thread

    init(reply: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { close(fd); throw HarnessError("bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let bytes = Array(reply.utf8)
        thread = Thread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                // Read what the client sent first (its TLS hello), then answer and hang up.
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(client, &buffer, buffer.count)
                _ = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                close(client)
            }
        }
        thread.start()
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}
