import AsyncHTTPClient
import Foundation
import LighterProtocol
import NIOCore
import NIOHTTP1

/// The REST calls the stream client needs: market lookup and order reconciliation.
public struct LighterREST: Sendable {
    /// The venue's REST base (`https://mainnet.zklighter.elliot.ai`), without a trailing slash.
    public let baseURL: String
    let client: HTTPClient
    let timeout: TimeAmount

    /// Calls `baseURL` through `client`; each request gives up after `timeout`.
    public init(baseURL: String, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
        self.baseURL = baseURL
        self.client = client
        self.timeout = timeout
    }

    /// For one lookup at start (the market list): a refused connection fails at once. The shared
    /// client retries a failed connect until the timeout, right for a long run, not for a URL typo.
    public static let failFastClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// A call that gave no usable answer: transport failure, HTTP error, a malformed body or a
    /// failure code in it. `description` never carries the auth token.
    public struct RequestError: Error, Sendable, CustomStringConvertible {
        /// What went wrong, with the path (its query stripped) and status or venue message.
        public var description: String
        /// The venue's error code, when its reply carried one.
        public var code: VenueErrorCode?
        /// An error of these parts.
        public init(description: String, code: VenueErrorCode? = nil) {
            self.description = description
            self.code = code
        }
    }

    func get(_ path: String, auth: String? = nil) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "lighter-hedge")
        if let auth { request.headers.add(name: "Authorization", value: auth) }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw RequestError(description: "GET \(Self.strip(path)) failed: \(error)")
        }
        let body = try await response.body.collect(upTo: 32 << 20)
        let bytes = Array(buffer: body)
        guard response.status == .ok else {
            if let failure = RESTResponses.failure(in: bytes) {
                throw RequestError(description: "GET \(Self.strip(path)): HTTP \(response.status.code), \(failure)",
                                   code: VenueErrorCode(failure.code))
            }
            throw RequestError(description: "GET \(Self.strip(path)): HTTP \(response.status.code)")
        }
        return bytes
    }

    /// POSTs a form (`application/x-www-form-urlencoded`) and returns the body of a 200 reply.
    func postForm(_ path: String, _ fields: [(String, String)]) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: "lighter-hedge")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let body = fields.map { "\($0.0)=\(Self.formEscaped($0.1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw RequestError(description: "POST \(path) failed: \(error)")
        }
        let bytes = Array(buffer: try await response.body.collect(upTo: 1 << 20))
        if let failure = RESTResponses.failure(in: bytes) {
            throw RequestError(description: "POST \(path): HTTP \(response.status.code), \(failure)", code: VenueErrorCode(failure.code))
        }
        guard response.status == .ok else { throw RequestError(description: "POST \(path): HTTP \(response.status.code)") }
        return bytes
    }

    static func formEscaped(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Sends a signed transaction; the venue's acceptance means "in the sequencer", not filled.
    public func sendTx(txType: Int, txInfo: String) async throws -> (txHash: String, predictedExecutionTimeMs: Int64?) {
        let body = try await postForm("/api/v1/sendTx", [("tx_type", String(txType)), ("tx_info", txInfo)])
        do { return try RESTResponses.sendTx(body) } catch {
            if case .failure(let failure) = error {
                throw RequestError(description: "POST /api/v1/sendTx: \(failure)", code: VenueErrorCode(failure.code))
            }
            throw RequestError(description: "POST /api/v1/sendTx: \(error)")
        }
    }

    /// The next nonce the venue expects from this API key.
    public func nextNonce(account: Int64, apiKeyIndex: Int) async throws -> Int64 {
        try RESTResponses.nextNonce(try await get("/api/v1/nextNonce?account_index=\(account)&api_key_index=\(apiKeyIndex)"))
    }

    /// The path without its query, for messages (queries may carry `auth`).
    static func strip(_ path: String) -> String { String(path.prefix { $0 != "?" }) }

    /// The account's signed position per market id (`account?by=index`).
    public func positions(account: Int64) async throws -> [Int: FixedDecimal] {
        try RESTResponses.positions(try await get("/api/v1/account?by=index&value=\(account)"))
    }

    /// Every market the venue lists (`orderBooks`).
    public func markets() async throws -> [MarketInfo] {
        try RESTResponses.markets(try await get("/api/v1/orderBooks"))
    }

    /// The account's resting orders in `market` (`accountActiveOrders`); needs an auth token.
    public func activeOrders(account: Int64, market: Int, auth: String) async throws -> [Order] {
        try RESTResponses.orders(try await get("/api/v1/accountActiveOrders?account_index=\(account)&market_id=\(market)", auth: auth)).orders
    }

    /// One page of finished orders, newest first, and the cursor of the next older page.
    public func inactiveOrders(account: Int64, market: Int, limit: Int, cursor: String? = nil,
                               auth: String) async throws -> (orders: [Order], nextCursor: String?) {
        var path = "/api/v1/accountInactiveOrders?account_index=\(account)&market_id=\(market)&limit=\(limit)"
        if let cursor, !cursor.isEmpty { path += "&cursor=" + Self.queryEscaped(cursor) }
        let page = try RESTResponses.orders(try await get(path, auth: auth))
        return (page.orders, page.nextCursor.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Finished orders, newest first, page after page until one reaches back past `sinceMs`
    /// (venue time) or the venue has no more. `maxPages` bounds a runaway venue.
    public func inactiveOrders(account: Int64, market: Int, since sinceMs: Int64, pageLimit: Int, maxPages: Int,
                               auth: String) async throws -> (orders: [Order], pages: Int, complete: Bool) {
        var orders: [Order] = []
        var cursor: String?
        var seenCursors: Set<String> = []
        for page in 1...max(1, maxPages) {
            let (batch, next) = try await inactiveOrders(account: account, market: market, limit: pageLimit,
                                                        cursor: cursor, auth: auth)
            orders += batch
            let oldest = batch.compactMap(\.timestampMilliseconds).min()
            // A page that reaches the target, or no next page, or a cursor seen before (a venue
            // going round in circles) ends the walk.
            guard let next, let oldest, oldest >= sinceMs, seenCursors.insert(next).inserted else {
                return (orders, page, true)
            }
            cursor = next
        }
        return (orders, maxPages, false)
    }

    static func queryEscaped(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
