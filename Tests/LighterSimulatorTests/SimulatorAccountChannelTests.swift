import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// `account_all`, `account_all_positions`, `account_all_assets` and `user_stats`: their shapes,
/// their auth rules (settable where the venue is not documented), updates that follow the
/// account's fills, and the account faults applying to them.
@Suite(.serialized) struct SimulatorAccountChannelTests {
    @Test func accountAllSendsTheWholeAccountThenEachFill() async throws {
        try await withSimulator({ $0.updatesPerSecond = 2 }) { endpoints, _ in
            try await VenueJSON.crossing(endpoints, account: 10, client: 1, base: 100, nonce: 0)
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            // No token: the official SDK subscribes this way.
            try await client.send(.subscribe(channel: "account_all/10", auth: nil))
            let snapshot = try await VenueJSON.frame(client, type: "subscribed/account_all", channel: "account_all:10")
            #expect(snapshot["account"]?.int == 10)
            #expect(snapshot.missing(["daily_trades_count", "daily_volume", "weekly_trades_count", "weekly_volume",
                                      "monthly_trades_count", "monthly_volume", "total_trades_count", "total_volume",
                                      "funding_histories", "positions", "shares", "trades"]) == [])
            #expect(snapshot["total_trades_count"]?.int == 1 && snapshot["total_volume"]?.isNumber == true)
            #expect(snapshot["positions"]?["0"]?["position"]?.string == "0.0100")
            #expect(snapshot["positions"]?["0"]?["sign"]?.int == 1)
            #expect(snapshot["trades"]?["0"]?.array?.count == 1)

            let mark = client.texts.count
            try await VenueJSON.crossing(endpoints, account: 10, client: 2, base: 300, nonce: 1, isAsk: true)
            let update = try await VenueJSON.frame(client, type: "update/account_all", channel: "account_all:10", after: mark)
            // The sell turned the long into a short: 0.0100 − 0.0300.
            #expect(update["positions"]?["0"]?["position"]?.string == "0.0200")
            #expect(update["positions"]?["0"]?["sign"]?.int == -1)
            let trades = update["trades"]?["0"]?.array ?? []
            #expect(!trades.isEmpty && trades.allSatisfy { $0["ask_account_id"]?.int == 10 })
            #expect(update["total_trades_count"] == nil, "volumes come on subscribe only")
            await client.close()
        }
    }

    @Test func positionsAndAssetsNeedATokenStatsDoNot() async throws {
        try await withSimulator({ $0.updatesPerSecond = 2 }) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            for channel in ["account_all_positions/11", "account_all_assets/11"] {
                try await client.send(.subscribe(channel: channel, auth: nil))
                let frameName = channel.replacingOccurrences(of: "/", with: ":")
                try await VenueJSON.waitFor(client, "20001 for \(channel)") {
                    $0["error"]?["code"]?.int == 20001 && $0["error"]?["message"]?.string?.hasSuffix(frameName) == true
                }
                try await client.send(.subscribe(channel: channel, auth: wellFormedToken(account: 11)))
            }
            try await client.send(.subscribe(channel: "user_stats/11", auth: nil))
            let positions = try await VenueJSON.frame(client, type: "subscribed/account_all_positions",
                                                      channel: "account_all_positions:11")
            #expect(positions["positions"]?.object?.isEmpty == true && positions["shares"]?.array != nil)
            let assets = try await VenueJSON.frame(client, type: "subscribed/account_all_assets", channel: "account_all_assets:11")
            let usdc = assets["assets"]?["3"]
            #expect(usdc?["symbol"]?.string == "USDC" && usdc?["asset_id"]?.int == 3)
            #expect(usdc?["balance"]?.string == "100000.000000" && usdc?["locked_balance"]?.string == "0.000000")
            #expect(assets["timestamp"]?.int != nil)
            let stats = try await VenueJSON.frame(client, type: "subscribed/user_stats", channel: "user_stats:11")
            #expect(stats["stats"]?.missing(["collateral", "portfolio_value", "leverage", "available_balance", "margin_usage",
                                             "buying_power", "account_trading_mode", "cross_stats", "total_stats"]) == [])
            #expect(stats["stats"]?["collateral"]?.string == "100000.000000")

            // A fill updates all three.
            let mark = client.texts.count
            try await VenueJSON.crossing(endpoints, account: 11, client: 1, base: 100, nonce: 0)
            let moved = try await VenueJSON.frame(client, type: "update/account_all_positions",
                                                  channel: "account_all_positions:11", after: mark)
            #expect(moved["positions"]?["0"]?["position"]?.string == "0.0100")
            try await VenueJSON.frame(client, type: "update/account_all_assets", channel: "account_all_assets:11", after: mark)
            // The position takes initial margin: less is available than the collateral. (The stats
            // timer may send one more frame from before the fill first.)
            try await VenueJSON.waitFor(client, "user_stats with the position's margin", after: mark) { frame in
                guard frame["type"]?.string == "update/user_stats", let stats = frame["stats"],
                      let available = stats["available_balance"]?.decimal, let collateral = stats["collateral"]?.decimal
                else { return false }
                return available < collateral
            }
            await client.close()
        }
    }

    @Test func authRulesAreSettings() async throws {
        try await withSimulator({ $0.authRules = ChannelAuthRules(required: [.userStats]) }) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.send(.subscribe(channel: "user_stats/12", auth: nil))
            try await VenueJSON.waitFor(client, "20001") { $0["error"]?["code"]?.int == 20001 }
            try await client.send(.subscribe(channel: "account_all_positions/12", auth: nil))
            try await VenueJSON.frame(client, type: "subscribed/account_all_positions", channel: "account_all_positions:12")

            // At run time through the control API.
            let put = try await httpRequest(endpoints.httpURL + "/control/auth-rules/user_stats?required=false", method: "PUT")
            #expect(put.status == 200)
            try await client.send(.subscribe(channel: "user_stats/12", auth: nil))
            try await VenueJSON.frame(client, type: "subscribed/user_stats", channel: "user_stats:12")
            let rules = try await VenueJSON.request(endpoints.httpURL + "/control/auth-rules")
            #expect(rules.json["user_stats"]?.bool == false && rules.json["account_all_positions"]?.bool == false)
            #expect(try await httpRequest(endpoints.httpURL + "/control/auth-rules/account_orders?required=false", method: "PUT").status == 400)
            // A token that does not hold is refused even where none is needed, as on the order channels.
            try await client.send(.subscribe(channel: "account_all/12", auth: wellFormedToken(account: 13)))
            try await VenueJSON.waitFor(client, "20013") { $0["error"]?["code"]?.int == 20013 }
            await client.close()
        }
    }

    @Test func accountFaultsHoldForTheNewChannels() async throws {
        try await withSimulator({
            $0.updatesPerSecond = 2
            $0.faults.set(.noAccountConfirm)
            $0.faults.set(.wrongMarketKeys)
        }) { endpoints, server in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            try await client.send(.subscribe(channel: "account_all/14", auth: nil))
            try await client.send(.subscribe(channel: "user_stats/14", auth: nil))
            try await Task.sleep(for: .milliseconds(400))
            #expect(!client.texts.contains { $0.contains("subscribed/account_all") || $0.contains("subscribed/user_stats") })
            // Unconfirmed, yet updates flow, with the market keys moved by one.
            try await VenueJSON.crossing(endpoints, account: 14, client: 1, base: 100, nonce: 0)
            let update = try await VenueJSON.frame(client, type: "update/account_all", channel: "account_all:14")
            #expect(update["positions"]?["1"]?["market_id"]?.int == 0 && update["trades"]?["1"] != nil)

            // Silence: nothing more on account channels once it holds.
            server.configuration.faults.set(.accountSilenceAfter, parameter: 1)
            try await Task.sleep(for: .milliseconds(1200))
            let mark = client.texts.count
            try await VenueJSON.crossing(endpoints, account: 14, client: 2, base: 100, nonce: 1)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(!client.texts.dropFirst(mark).contains { $0.contains("account_all:14") || $0.contains("user_stats:14") })
            await client.close()
        }
    }
}
