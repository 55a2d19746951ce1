import BackpackClient
import BackpackProtocol
import BackpackSimulator
import BackpackTestSupport
import Foundation
import LighterProbe
import Testing

/// `probe --venue backpack` against the simulator: the steps, the verdict and the JSON keys the
/// Lighter probe writes.
struct BackpackProbeTests {
    private func probe(_ endpoints: BackpackEndpoints, signer: BackpackSigner?, seconds: Int = 3) async throws -> BackpackLiveProbe.Result {
        let configuration = BackpackClientConfiguration(url: endpoints.webSocketURL, symbol: BackpackHarness.symbol)
        return try await BackpackLiveProbe(configuration: configuration, signer: signer, seconds: seconds).run()
    }

    @Test func everyStepPassesOnAHealthyVenue() async throws {
        try await withBackpackSimulator { endpoints, _ in
            let result = try await probe(endpoints, signer: .generate())
            let report = result.diagnosis()
            #expect(result.steps.map(\.name) == [
                "venue clock (/api/v1/time)", "connect", "subscribe depth.ETH_USDC_PERP",
                "depth book seeded (REST snapshot aligned with the stream)", "subscribe bookTicker.ETH_USDC_PERP",
                "signed subscribe account.orderUpdate.ETH_USDC_PERP", "signed REST read (fills history)", "stay connected",
            ])
            #expect(result.steps.allSatisfy { $0.outcome == "ok" }, "\(result.steps)")
            #expect(result.exitCode(report) == 0)
            #expect(report.candidates == [4, 5, 6], "no order activity: how far the checklist got")
            let json = try #require(try JSONSerialization.jsonObject(with: result.output.jsonData(report)) as? [String: Any])
            for key in ["scenario", "candidates", "title", "findings", "checks", "url", "steps", "connectFailure", "upgradeStatus",
                        "serverErrors", "messagesByType", "seconds", "exitCode"] {
                #expect(json.keys.contains(key), "the JSON lacks \(key)")
            }
        }
    }

    @Test func aRefusedConnectionIsScenarioOne() async throws {
        // A port nothing listens on: the simulator is stopped before the probe.
        let endpoints = try await withBackpackSimulator { endpoints, _ in endpoints }
        let result = try await probe(endpoints, signer: nil, seconds: 5)
        let report = result.diagnosis()
        #expect(result.connectFailure?.kind == "refused")
        #expect(report.scenario == 1 && report.findings.first?.id == .connectFailed)
        #expect(result.exitCode(report) == 1)
    }

    @Test func anUnknownMarketIsScenarioTwo() async throws {
        try await withBackpackSimulator { endpoints, _ in
            var configuration = BackpackClientConfiguration(url: endpoints.webSocketURL, symbol: "NOPE_USDC_PERP")
            configuration.confirmTimeout = .seconds(1)
            let result = try await BackpackLiveProbe(configuration: configuration, signer: nil, seconds: 3).run()
            let report = result.diagnosis()
            #expect(report.scenario == 2)
            #expect(result.steps.first { $0.name == "subscribe depth.NOPE_USDC_PERP" }?.outcome == "unconfirmed")
            #expect(result.exitCode(report) == 1)
        }
    }
}
