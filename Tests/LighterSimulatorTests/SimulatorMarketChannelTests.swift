import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// `market_stats/{m}`, `market_stats/all` and `height` in the venue's shapes.
@Suite(.serialized) struct SimulatorMarketChannelTests {
    @Test func marketStatsOneMarketAndAll() async throws {
        try await withSimulator({ $0.updatesPerSecond = 4; $0.statsInterval = .milliseconds(300) }) { endpoints, _ in
            try await VenueJSON.crossing(endpoints, account: 15, client: 1, base: 100, nonce: 0)
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.send(.subscribe(channel: "market_stats/0", auth: nil))
            let one = try await VenueJSON.frame(client, type: "subscribed/market_stats", channel: "market_stats:0")
            let stats = one["market_stats"]
            #expect(stats?["market_id"]?.int == 0)
            #expect(stats?.missing(["index_price", "mark_price", "open_interest", "open_interest_limit", "funding_clamp_small",
                                    "funding_clamp_big", "last_trade_price", "current_funding_rate", "funding_rate",
                                    "funding_timestamp"]) == [])
            // The live sample's value types: prices as strings, daily figures as numbers.
            for key in ["index_price", "mark_price", "last_trade_price", "open_interest"] {
                #expect(stats?[key]?.decimal != nil, "\(key)")
            }
            for key in ["daily_base_token_volume", "daily_quote_token_volume", "daily_price_low", "daily_price_high",
                        "daily_price_change"] {
                #expect(stats?[key]?.isNumber == true, "\(key)")
            }
            #expect(stats?["daily_base_token_volume"] == .number(0.01))
            try await VenueJSON.frame(client, type: "update/market_stats", channel: "market_stats:0")

            try await client.send(.subscribe(channel: "market_stats/all", auth: nil))
            let all = try await VenueJSON.frame(client, type: "subscribed/market_stats", channel: "market_stats:all")
            #expect(all["market_stats"]?.object.map { Set($0.keys) } == ["0", "1", "2"])
            #expect(all["market_stats"]?["1"]?["market_id"]?.int == 1)
            try await VenueJSON.frame(client, type: "update/market_stats", channel: "market_stats:all")

            // Spot markets have no market_stats; unknown ids neither.
            for channel in ["market_stats/2048", "market_stats/99"] {
                try await client.send(.subscribe(channel: channel, auth: nil))
                try await VenueJSON.waitFor(client, "30005 \(channel)") {
                    $0["error"]?["code"]?.int == 30005 && $0["error"]?["message"]?.string?.contains(channel) == true
                }
            }
            await client.close()
        }
    }

    @Test func heightClimbs() async throws {
        try await withSimulator({ $0.updatesPerSecond = 10 }) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.send(.subscribe(channel: "height", auth: nil))
            let first = try await VenueJSON.frame(client, type: "subscribed/height", channel: "height")
            #expect(first["timestamp"]?.int != nil)
            let start = first["height"]?.int ?? 0
            #expect(start > 0)
            let next = try await VenueJSON.frame(client, type: "update/height", channel: "height")
            #expect((next["height"]?.int ?? 0) > start)
            try await client.send(.subscribe(channel: "height", auth: nil))
            try await VenueJSON.waitFor(client, "30003") { $0["error"]?["code"]?.int == 30003 }
            await client.close()
        }
    }
}
