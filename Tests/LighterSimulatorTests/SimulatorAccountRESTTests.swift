import Foundation
import LighterProtocol
import LighterSigner
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// The account and transaction endpoints the official SDK and CCXT call: `apikeys`,
/// `accountLimits`, `account` with balances that follow the fills, and `sendTx` /
/// `sendTxBatch` in both form encodings.
@Suite(.serialized) struct SimulatorAccountRESTTests {
    @Test func apiKeysAnswerWhatTheSignerChecks() async throws {
        let second = LighterPrivateKey.generate()
        try await withSimulator({ $0.apiKeys[APIKeyID(account: 5, apiKeyIndex: 3)] = second.publicKey }) { endpoints, _ in
            let one = try await VenueJSON.request(endpoints.httpURL + "/api/v1/apikeys?account_index=5&api_key_index=3")
            #expect(one.status == 200 && one.json["code"]?.int == 200)
            let key = one.json["api_keys"]?[0]
            #expect(key?.missing(["account_index", "api_key_index", "nonce", "public_key"]) == [])
            #expect(key?["account_index"]?.int == 5 && key?["api_key_index"]?.int == 3 && key?["nonce"]?.int == 0)
            // Lowercase hex without 0x, as the official signer compares it.
            #expect(key?["public_key"]?.string == String(second.publicKey.hex.dropFirst(2)))

            let all = try await VenueJSON.request(endpoints.httpURL + "/api/v1/apikeys?account_index=5&api_key_index=255")
            #expect((all.json["api_keys"]?.array ?? []).compactMap { $0["api_key_index"]?.int } == [0, 3])

            // The nonce is the one the key must use next.
            let tx = createOrderTx(account: 5, market: 0, clientOrderIndex: 1, baseAmount: 100, price: 100_000, isAsk: false,
                                   nonce: 0)
            _ = try await httpRequest(endpoints.httpURL + "/api/v1/sendTx", method: "POST",
                                      body: formEncode([("tx_type", "14"), ("tx_info", tx)]))
            let after = try await VenueJSON.request(endpoints.httpURL + "/api/v1/apikeys?account_index=5&api_key_index=0")
            #expect(after.json["api_keys"]?[0]?["nonce"]?.int == 1)

            let missing = try await VenueJSON.request(endpoints.httpURL + "/api/v1/apikeys?account_index=5&api_key_index=9")
            #expect(missing.status == 400 && missing.json["code"]?.int == 21109)
            #expect(try await httpRequest(endpoints.httpURL + "/api/v1/apikeys").status == 400)
        }
    }

    @Test func accountLimitsNeedTheAccountsToken() async throws {
        try await withSimulator { endpoints, _ in
            let url = endpoints.httpURL + "/api/v1/accountLimits?account_index=6"
            let withoutToken = try await VenueJSON.request(url)
            #expect(withoutToken.status == 400 && withoutToken.json["code"]?.int == 20001)
            let otherAccount = try await VenueJSON.request(url, headers: ["Authorization": wellFormedToken(account: 7)])
            #expect(otherAccount.status == 400 && otherAccount.json["code"]?.int == 20013)
            let limits = try await VenueJSON.request(url, headers: ["Authorization": wellFormedToken(account: 6)])
            #expect(limits.status == 200 && limits.json["code"]?.int == 200)
            #expect(limits.json["user_tier"]?.string == "standard")
            #expect(limits.json.missing(["max_llp_percentage", "max_llp_amount", "can_create_public_pool", "user_tier_name",
                                         "current_maker_fee_tick", "current_taker_fee_tick"]) == [])
            let byQuery = try await VenueJSON.request(url + "&auth=\(wellFormedToken(account: 6))")
            #expect(byQuery.status == 200)
        }
    }

    @Test func accountBalancesFollowTheFills() async throws {
        try await withSimulator({ $0.updatesPerSecond = 2 }) { endpoints, server in
            let url = endpoints.httpURL + "/api/v1/account?by=index&value=8"
            let before = try await VenueJSON.request(url)
            let fresh = before.json["accounts"]?[0]
            #expect(fresh?["collateral"]?.string == "100000.000000")
            #expect(fresh?["positions"]?.array?.isEmpty == true)
            #expect(fresh?.missing(["available_balance", "total_asset_value", "cross_asset_value", "assets", "shares",
                                    "account_index", "l1_address", "status", "name"]) == [])

            // Buy 0.0200, sell 0.0100 back: half the position closed, PnL realized on it.
            try await VenueJSON.crossing(endpoints, account: 8, client: 1, base: 200, nonce: 0)
            try await VenueJSON.crossing(endpoints, account: 8, client: 2, base: 100, nonce: 1, isAsk: true)
            let fills = await server.exchange.fills(account: 8)
            // One fill each (a level holds far more than 0.02 ETH), so the realized PnL is exact to compute here.
            #expect(fills.count == 2)
            let bought = fills.filter { $0.bidAccountID == 8 }
            let sold = fills.filter { $0.askAccountID == 8 }
            let boughtSize = bought.reduce(FixedDecimal.zero) { $0 + $1.size }
            let soldSize = sold.reduce(FixedDecimal.zero) { $0 + $1.size }
            #expect(boughtSize == FixedDecimal(units: 2_000_000) && soldSize == FixedDecimal(units: 1_000_000))
            // Realized on the half sold: its proceeds less half the cost of what was bought.
            let cost = bought.reduce(FixedDecimal.zero) { $0 + $1.usdAmount }
            let proceeds = sold.reduce(FixedDecimal.zero) { $0 + $1.usdAmount }
            let realized = proceeds - FixedDecimal(units: cost.units / 2)

            // The portfolio value follows the mark price, which moves with the book: the reply must
            // equal the exchange's own figure from just before or just after it.
            let markBefore = await server.exchange.accountSummary(account: 8).portfolioValue.floored(decimals: 6)
            let after = try await VenueJSON.request(url)
            let account = after.json["accounts"]?[0]
            let position = account?["positions"]?[0]
            #expect(position?["market_id"]?.int == 0 && position?["sign"]?.int == 1)
            #expect(position?["position"]?.string == "0.0100")
            #expect(position?["realized_pnl"]?.decimal == realized.floored(decimals: 6))
            let expected = (FixedDecimal(integerLiteral: 100_000) + realized).floored(decimals: 6)
            #expect(account?["collateral"]?.decimal == expected)
            let usdc = account?["assets"]?.array?.first { $0["symbol"]?.string == "USDC" }
            #expect(usdc?["balance"]?.decimal == expected)
            let summary = await server.exchange.accountSummary(account: 8)
            #expect(summary.collateral == FixedDecimal(integerLiteral: 100_000) + realized)
            let shown = account?["total_asset_value"]?.decimal
            #expect(shown == markBefore || shown == summary.portfolioValue.floored(decimals: 6),
                    "\(String(describing: shown)) is neither \(markBefore) nor \(summary.portfolioValue)")
        }
    }

    @Test func sendTxBatchTakesBothFormEncodings() async throws {
        try await withSimulator({ $0.updatesPerSecond = 2 }) { endpoints, _ in
            let expiry = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
            func rest(_ client: Int64, nonce: Int64) -> String {
                createOrderTx(account: 9, market: 0, clientOrderIndex: client, baseAmount: 100, price: 100_000 + client,
                              isAsk: false, timeInForce: 1, nonce: nonce, orderExpiry: expiry)
            }
            let infos = [rest(1, nonce: 0), rest(2, nonce: 1)]
            let body = formEncode([("tx_types", "[14,14]"), ("tx_infos", Self.jsonArray(infos))])
            let batch = try await VenueJSON.request(endpoints.httpURL + "/api/v1/sendTxBatch", method: "POST", body: body)
            #expect(batch.status == 200 && batch.json["code"]?.int == 200)
            #expect(batch.json["tx_hash"]?.array?.count == 2)
            #expect(batch.json["tx_hash"]?[0]?.string?.count == 80)
            #expect(batch.json["predicted_execution_time_ms"]?.int != nil && batch.json["volume_quota_remaining"]?.int != nil)

            // CCXT's synchronous client posts multipart/form-data.
            let boundary = "sim-boundary-7"
            let multipart = Self.multipart(boundary, [("tx_types", "[14]"), ("tx_infos", Self.jsonArray([rest(3, nonce: 2)]))])
            let mp = try await Self.httpRequestWithContentType(endpoints.httpURL + "/api/v1/sendTxBatch", body: multipart,
                                                          contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(mp.status == 200, "\(mp.body)")
            let single = Self.multipart(boundary, [("tx_type", "14"), ("tx_info", rest(4, nonce: 3))])
            let one = try await Self.httpRequestWithContentType(endpoints.httpURL + "/api/v1/sendTx", body: single,
                                                           contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(one.status == 200, "\(one.body)")
            let nonce = try await VenueJSON.request(endpoints.httpURL + "/api/v1/nextNonce?account_index=9&api_key_index=0")
            #expect(nonce.json["nonce"]?.int == 4)

            // A refusal stops the batch with the venue's code; what came before it stands.
            let stale = formEncode([("tx_types", "[14,14]"), ("tx_infos", Self.jsonArray([rest(5, nonce: 4), rest(6, nonce: 4)]))])
            let refused = try await VenueJSON.request(endpoints.httpURL + "/api/v1/sendTxBatch", method: "POST", body: stale)
            #expect(refused.status == 400 && refused.json["code"]?.int == 21104)
            let tooMany = formEncode([("tx_types", "[" + Array(repeating: "14", count: 51).joined(separator: ",") + "]"),
                                      ("tx_infos", Self.jsonArray(Array(repeating: rest(7, nonce: 5), count: 51)))])
            let big = try await VenueJSON.request(endpoints.httpURL + "/api/v1/sendTxBatch", method: "POST", body: tooMany)
            #expect(big.status == 400 && big.json["code"]?.int == 21514)
            for bad in [[("tx_types", "14"), ("tx_infos", "[]")], [("tx_types", "[14]"), ("tx_infos", "[1]")],
                        [("tx_types", "[]"), ("tx_infos", "[]")], [("tx_types", "[14,15]"), ("tx_infos", Self.jsonArray([rest(8, nonce: 5)]))]] {
                let answer = try await VenueJSON.request(endpoints.httpURL + "/api/v1/sendTxBatch", method: "POST", body: formEncode(bad))
                #expect(answer.status == 400 && answer.json["code"]?.int == 20001, "\(bad)")
            }
        }
    }

    /// `["…","…"]`: JSON strings, escaped.
    static func jsonArray(_ strings: [String]) -> String {
        "[" + strings.map(JSONWriter.quoted).joined(separator: ",") + "]"
    }

    /// A multipart/form-data body of text fields.
    static func multipart(_ boundary: String, _ fields: [(String, String)]) -> String {
        fields.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined()
            + "--\(boundary)--\r\n"
    }

    /// POST with a content type of the caller's choosing.
    static func httpRequestWithContentType(_ url: String, body: String, contentType: String) async throws -> (status: Int, body: String) {
        try await httpRequest(url, method: "POST", body: body, headers: ["Content-Type": contentType])
    }
}
