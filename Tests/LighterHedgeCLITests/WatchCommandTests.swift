import Foundation
import LighterTestSupport
import Testing

/// `watch` against a simulator: it refuses a spot market for a perp hedge, by symbol or id,
/// before it subscribes to anything.
@Suite struct WatchCommandTests {
    @Test(arguments: ["2048", "ETH/USDC"])
    func aSpotMarketIsRefused(market: String) async throws {
        try await withSimulator { endpoints, _ in
            let cli = try CommandRunner()
            let result = try await cli.run(["watch", "--url", endpoints.webSocketURL, "--market", market, "--account", "7"],
                                           seconds: 30)
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains("is a spot market"), "\(result.stderr)")
            #expect(result.stderrLines.count == 1, "\(result.stderr)")
        }
    }
}
