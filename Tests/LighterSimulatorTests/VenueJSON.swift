import Foundation
import LighterProtocol
import LighterSimulator
import LighterTestSupport

/// Reads the simulator's answers as plain JSON, the way a client in another language does:
/// shapes and value types are what the tests check, not a decoder of ours.
enum VenueJSON {
    /// GET (or another method) and the JSON answered.
    static func request(_ url: String, method: String = "GET", body: String? = nil,
                        headers: [String: String] = [:]) async throws -> (status: Int, json: JSONValue) {
        let response = try await httpRequest(url, method: method, body: body, headers: headers)
        guard let json = JSONValue.parse(response.body) else { throw HarnessError("\(url): not JSON: \(response.body)") }
        return (response.status, json)
    }

    /// Waits for a frame that is JSON satisfying `match`.
    @discardableResult
    static func waitFor(_ client: PlainStreamClient, _ what: String, seconds: Double = 10, after: Int = 0,
                        _ match: (JSONValue) -> Bool) async throws -> JSONValue {
        try await client.waitFor(what, seconds: seconds, after: after, decode: JSONValue.parse, match)
    }

    /// A frame of `type` on `channel`.
    @discardableResult
    static func frame(_ client: PlainStreamClient, type: String, channel: String, seconds: Double = 10,
                      after: Int = 0) async throws -> JSONValue {
        try await waitFor(client, "\(type) \(channel)", seconds: seconds, after: after) {
            $0["type"]?.string == type && $0["channel"]?.string == channel
        }
    }

    /// Takes `base` lots of market 0 for `account` at once, over REST, signed with the test key:
    /// a buy up to 3% above the best ask, or a sell down to 3% below the best bid.
    static func crossing(_ endpoints: SimulatorEndpoints, account: Int64, client: Int64, base: Int64, nonce: Int64,
                         isAsk: Bool = false) async throws {
        let book = try await request("\(endpoints.httpURL)/api/v1/orderBookOrders?market_id=0&limit=1")
        let side = isAsk ? "bids" : "asks"
        guard let price = book.json[side]?[0]?["price"]?.decimal,
              let limit = price.multiplied(by: isAsk ? 97 : 103).divided(by: 100)?.floored(decimals: 2).scaledInteger(decimals: 2)
        else { throw HarnessError("no \(side) in \(book.json)") }
        let tx = createOrderTx(account: account, market: 0, clientOrderIndex: client, baseAmount: base, price: limit,
                               isAsk: isAsk, nonce: nonce)
        let response = try await httpRequest("\(endpoints.httpURL)/api/v1/sendTx", method: "POST",
                                             body: formEncode([("tx_type", "14"), ("tx_info", tx)]))
        guard response.status == 200 else { throw HarnessError("sendTx: \(response.status) \(response.body)") }
    }
}
