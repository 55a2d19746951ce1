import Hummingbird
import LighterProtocol
import LighterSigner

/// The account endpoints beyond orders and trades: `account` (positions, balances and
/// collateral that follow the account's fills), `apikeys` (what the official signer's
/// `CheckClient` compares its key with) and `accountLimits` (the tier CCXT reads to decide on
/// integrator fees).
extension SimulatorServer {
    func addAccountRoutes(to router: Router<BasicRequestContext>) {
        let exchange = self.exchange
        let venue = exchange.venue

        router.get("/api/v1/account") { request, _ in
            let query = request.uri.queryParameters
            guard query.get("by") == "index", let account = query.get("value", as: Int64.self) else {
                return Self.error(.invalidParam, "invalid param : by=index&value=<account index> required")
            }
            let positions = await exchange.positions(account: account)
            let summary = await exchange.accountSummary(account: account)
            let openOrders = await exchange.activeOrders(account: account, market: nil).count
            let cancelAllTime = await exchange.cancelAllTime(account: account)
            var w = JSONWriter(capacity: 1024 + 512 * positions.count)
            w.beginObject()
            w.field("code", 200)
            w.field("total", 1)
            w.key("accounts"); w.beginArray(); w.arrayElement(); w.beginObject()
            w.field("code", 0); w.field("account_type", 0); w.field("index", account)
            w.field("l1_address", "0x0000000000000000000000000000000000000000")
            w.field("cancel_all_time", cancelAllTime)
            w.field("total_order_count", openOrders); w.field("total_isolated_order_count", 0)
            w.field("pending_order_count", 0)
            w.field("available_balance", summary.availableBalance, decimals: MarketDecimals.quote)
            w.field("status", 1)
            w.field("collateral", summary.collateral, decimals: MarketDecimals.quote)
            w.field("account_index", account)
            w.field("name", ""); w.field("description", "")
            w.field("can_invite", true); w.field("referral_points_percentage", "")
            w.key("positions"); w.beginArray()
            for position in positions {
                w.arrayElement()
                venue.position(position, into: &w)
            }
            w.endArray()
            w.key("assets"); w.beginArray()
            for asset in VenueWriter.assets {
                w.arrayElement()
                venue.asset(asset, summary: summary, into: &w)
            }
            w.endArray()
            w.field("total_asset_value", summary.portfolioValue, decimals: MarketDecimals.quote)
            w.field("cross_asset_value", summary.portfolioValue, decimals: MarketDecimals.quote)
            w.key("shares"); w.beginArray(); w.endArray()
            w.field("account_trading_mode", 0)
            w.endObject(); w.endArray()
            w.endObject()
            return Self.json(w.text)
        }
        router.get("/api/v1/apikeys") { request, _ in
            let query = request.uri.queryParameters
            guard let account = query.get("account_index", as: Int64.self) else {
                return Self.error(.invalidParam, "invalid param : account_index is required")
            }
            // 255, or no index, asks for every key of the account.
            var index: Int?
            if let text = query.get("api_key_index") {
                guard let value = Int(text), (0...255).contains(value) else {
                    return Self.error(.invalidParam, "invalid param : api_key_index is 0 to 255")
                }
                index = value == 255 ? nil : value
            }
            let keys = await exchange.registeredKeys(account: account, apiKeyIndex: index)
            // Not documented for an empty slot; refusing keeps `CheckClient` from reading a key that is not there.
            guard !keys.isEmpty else { return Self.error(.apiKeyNotFound, "api key not found") }
            var w = JSONWriter(capacity: 256 * keys.count)
            w.beginObject()
            w.field("code", 200)
            w.key("api_keys"); w.beginArray()
            for key in keys {
                w.arrayElement(); w.beginObject()
                w.field("account_index", account)
                w.field("api_key_index", key.index)
                w.field("nonce", key.nextNonce)
                // Lowercase hex without 0x: what the official signer compares its own key with.
                w.field("public_key", ByteEncoding.hex(key.publicKey.bytesLE))
                w.field("transaction_time", 0)
                w.endObject()
            }
            w.endArray()
            w.endObject()
            return Self.json(w.text)
        }
        router.get("/api/v1/accountLimits") { request, _ in
            let query = request.uri.queryParameters
            guard let account = query.get("account_index", as: Int64.self) else {
                return Self.error(.invalidParam, "invalid param : account_index is required")
            }
            if let problem = await exchange.authProblem(Self.auth(request), account: account, channel: nil) {
                return Self.error(problem.code ?? VenueErrorCode.invalidAuth.rawValue, problem.message)
            }
            // Every simulated account is on the standard (fee-free) tier.
            var w = JSONWriter()
            w.beginObject()
            w.field("code", 200)
            w.field("max_llp_percentage", 100)
            w.field("max_llp_amount", "0.000000")
            w.field("user_tier", "standard")
            w.field("can_create_public_pool", false)
            w.field("user_tier_name", "standard")
            w.field("current_maker_fee_tick", 0)
            w.field("current_taker_fee_tick", 0)
            w.field("leased_lit", "0.00000000")
            w.field("effective_lit_stakes", "0.00000000")
            w.field("user_tier_last_update", 0)
            w.endObject()
            return Self.json(w.text)
        }
    }
}
