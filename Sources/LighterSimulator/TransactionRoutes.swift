import Foundation
import Hummingbird
import LighterProtocol

/// The transaction endpoints: `nextNonce`, `sendTx` and `sendTxBatch`. The two sends take a
/// form body, urlencoded or multipart, and answer in the venue's `RespSendTx` /
/// `RespSendTxBatch` shapes; a refusal is HTTP 400 with the venue's code.
extension SimulatorServer {
    /// What the venue writes in `message` when a transaction used no volume quota.
    static let quotaMessage = #"{"ratelimit": "didn't use volume quota"}"#

    func addTransactionRoutes(to router: Router<BasicRequestContext>) {
        let exchange = self.exchange

        router.get("/api/v1/nextNonce") { request, _ in
            let query = request.uri.queryParameters
            guard let account = query.get("account_index", as: Int64.self),
                  let key = query.get("api_key_index", as: Int.self) else {
                return Self.error(.invalidParam, "invalid param : account_index and api_key_index are required")
            }
            let nonce = await exchange.nextNonce(account: account, apiKeyIndex: key)
            var w = JSONWriter()
            w.beginObject(); w.field("code", 200); w.field("nonce", nonce); w.endObject()
            return Self.json(w.text)
        }
        router.post("/api/v1/sendTx") { request, _ in
            let form = try await Self.form(request)
            guard let txType = form["tx_type"].flatMap({ Int($0) }), let txInfo = form["tx_info"] else {
                return Self.error(.invalidParam, "invalid param : tx_type and tx_info are required")
            }
            switch await exchange.submit(txType: txType, txInfoJSON: txInfo) {
            case .success(let hash):
                return Self.sendResult { $0.field("tx_hash", hash) }
            case .failure(let error):
                return Self.error(error.code ?? VenueErrorCode.invalidTxInfo.rawValue, error.message)
            }
        }
        router.post("/api/v1/sendTxBatch") { request, _ in
            let form = try await Self.form(request)
            guard let types = form["tx_types"].flatMap(Self.intArray), let infos = form["tx_infos"].flatMap(Self.stringArray) else {
                return Self.error(.invalidParam, "invalid param : tx_types and tx_infos must be JSON arrays")
            }
            switch await exchange.submitBatch(txTypes: types, txInfoJSONs: infos) {
            case .success(let hashes):
                return Self.sendResult { w in
                    w.key("tx_hash"); w.beginArray()
                    for hash in hashes { w.string(hash) }
                    w.endArray()
                }
            case .failure(let error):
                return Self.error(error.code ?? VenueErrorCode.invalidTxInfo.rawValue, error.message)
            }
        }
    }

    /// The form fields of a POST body of up to 1 MiB.
    static func form(_ request: Request) async throws -> FormFields {
        let body = try await request.body.collect(upTo: 1 << 20)
        return FormFields(Array(buffer: body), contentType: request.headers[.contentType])
    }

    /// `{"code":200,"message":…,<hashes>,"predicted_execution_time_ms":…,"volume_quota_remaining":…}`.
    static func sendResult(_ hashes: (inout JSONWriter) -> Void) -> Response {
        var w = JSONWriter()
        w.beginObject()
        w.field("code", 200)
        w.field("message", quotaMessage)
        hashes(&w)
        w.field("predicted_execution_time_ms", SimulatedExchange.nowMs() + 200)
        w.field("volume_quota_remaining", 1000)
        w.endObject()
        return json(w.text)
    }

    /// `[14,15]` as integers; nil unless every element is one.
    static func intArray(_ text: String) -> [Int]? {
        guard let array = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any] else { return nil }
        let numbers = array.compactMap { ($0 as? NSNumber).flatMap { Int(exactly: $0.doubleValue) } }
        return numbers.count == array.count ? numbers : nil
    }

    /// `["{…}","{…}"]` as strings; nil unless every element is one.
    static func stringArray(_ text: String) -> [String]? {
        guard let array = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any] else { return nil }
        let strings = array.compactMap { $0 as? String }
        return strings.count == array.count ? strings : nil
    }
}
