import Diagnosis
import Foundation
import LighterClient
import LighterProtocol
import LighterSimulator
import LighterTestSupport
import Testing

/// The live checklist against the simulator, with the diagnosis doctor would give.
@Suite(.serialized) struct LiveProbeTests {
    static func probe(_ url: String, account: Int64? = ClientHarness.account, seconds: Int = 2) async throws -> (LiveProbe.Result, DiagnosisReport) {
        var configuration = StreamClientConfiguration(url: url, market: 0, account: account)
        configuration.confirmTimeout = .seconds(1)
        let result = try await LiveProbe(configuration: configuration, tokens: account.map { ClientHarness.Tokens(account: $0) },
                                         seconds: seconds).run()
        var diagnoser = LogDiagnoser(options: DiagnosisOptions(expectedMarket: 0))
        for (index, line) in result.logLines.enumerated() {
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBufferPointer { diagnoser.feed(line: UnsafeBufferPointer($0), file: "probe", lineNumber: index + 1) }
        }
        return (result, diagnoser.finish())
    }

    static func outcome(_ result: LiveProbe.Result, _ name: String) -> String? {
        result.steps.first { $0.name == name }?.outcome
    }

    @Test func aHealthyEndpointPassesEveryStep() async throws {
        try await withSimulator { endpoints, _ in
            let (result, _) = try await Self.probe(endpoints.webSocketURL)
            #expect(result.connectFailure == nil)
            #expect(result.steps.map(\.outcome) == ["ok", "ok", "ok", "ok"], "\(result.steps)")
            #expect((result.messagesByType["update/order_book"] ?? 0) > 0)
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
        }
    }

    @Test func anUnconfirmedAccountSubscriptionIsReported() async throws {
        try await withSimulator({ $0.faults.set(.noAccountConfirm) }) { endpoints, _ in
            let (result, report) = try await Self.probe(endpoints.webSocketURL)
            #expect(Self.outcome(result, "subscribe account_orders/0/7") == "unconfirmed")
            #expect(report.findingIDs.contains(.subscriptionUnconfirmed))
            #expect(report.scenario == 3 || report.candidates.contains(3))
        }
    }

    @Test func connectFailuresAreToldApart() async throws {
        try await withSimulator({ $0.faults.set(.refuseUpgrade) }) { endpoints, _ in
            let (result, report) = try await Self.probe(endpoints.webSocketURL)
            #expect(result.connectFailure?.kind == "upgrade-rejected")
            #expect(result.upgradeStatus == 400)
            #expect(report.scenario == 1)
            #expect(report.findings.first { $0.id == .connectFailed }?.kind == "upgrade-rejected")
        }
        // A port nothing listens on: take one from a simulator that has stopped.
        let closedPort = try await withSimulator { endpoints, _ in endpoints.port }
        let (refused, refusedReport) = try await Self.probe("ws://127.0.0.1:\(closedPort)/stream")
        #expect(refused.connectFailure?.kind == "refused")
        #expect(refusedReport.findings.first { $0.id == .connectFailed }?.kind == "refused")
        let (unknown, unknownReport) = try await Self.probe("wss://no-such-host.invalid/stream")
        #expect(unknown.connectFailure?.kind == "dns")
        #expect(unknownReport.findings.first { $0.id == .connectFailed }?.kind == "dns")
    }
}
