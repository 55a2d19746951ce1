import AsyncHTTPClient
import Foundation
import LighterProtocol
import NIOCore
import NIOHTTP1

/// The REST calls the stream client needs: market lookup and order reconciliation.
public struct LighterREST: Sendable {
    public let baseURL: String
    let client: HTTPClient
    let timeout: TimeAmount

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

    public struct RequestError: Error, Sendable, CustomStringConvertible {
        public var description: String
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
                throw RequestError(description: "GET \(Self.strip(path)): HTTP \(response.status.code), \(failure)")
            }
            throw RequestError(description: "GET \(Self.strip(path)): HTTP \(response.status.code)")
        }
        return bytes
    }

    /// The path without its query, for messages (queries may carry `auth`).
    static func strip(_ path: String) -> String { String(path.prefix { $0 != "?" }) }

    public func markets() async throws -> [MarketInfo] {
        try RESTResponses.markets(try await get("/api/v1/orderBooks"))
    }

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
