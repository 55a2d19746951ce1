import AsyncHTTPClient
import BackpackProtocol
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import StreamKit

/// Backpack's REST API as the hedge bot uses it: markets, depth, ticker, order execute
/// (post-only limit, IOC), cancel by order id or client id, open orders, order history, fills
/// history with paging, positions and collateral.
///
/// Every request first takes a token from our own rate limiter (below the venue's 2000 a
/// minute); a 429 pauses every request of this client and is retried with a growing pause; a
/// request outside its window resyncs the clock from `/api/v1/time` and is sent once more.
/// Errors come back typed (`BackpackRESTError`). The secret key never leaves the signer.
public final class BackpackRESTClient: Sendable {
    /// Where requests go: `https://api.backpack.exchange`, or a simulator.
    public let baseURL: String
    /// The venue's clock as this client knows it; signed requests carry its time.
    public let clock: ServerClock
    let signer: BackpackSigner?
    let http: HTTPClient
    let timeout: TimeAmount
    let limiter: RequestRateLimiter
    let policy: RateLimitPolicy
    let windowMs: Int64
    let logger: Logger

    /// - Parameters:
    ///   - signer: the API key; without it only public endpoints work (`noKey` otherwise).
    public init(baseURL: String, signer: BackpackSigner?, policy: RateLimitPolicy = RateLimitPolicy(),
                windowMs: Int64 = BackpackSigning.defaultWindowMs, clock: ServerClock = ServerClock(),
                http: HTTPClient = .shared, timeout: TimeAmount = .seconds(10),
                logger: Logger = Logger(label: "backpack-rest")) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.signer = signer
        self.policy = policy
        self.windowMs = min(max(windowMs, 1), BackpackSigning.maxWindowMs)
        self.clock = clock
        self.http = http
        self.timeout = timeout
        self.limiter = RequestRateLimiter(policy: policy)
        self.logger = logger
    }

    /// For one lookup at start: a refused connection fails at once instead of being retried
    /// until the timeout (right for a long run, not for a URL typo).
    public static let failFastHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    // MARK: Public endpoints

    /// `GET /api/v1/time`: the venue's clock in milliseconds.
    public func serverTime() async throws(BackpackRESTError) -> Int64 {
        let body = try await send(.GET, "/api/v1/time").body
        guard let ms = BackpackREST.serverTime(body) else {
            throw .undecodable(path: "/api/v1/time", reason: "not an integer of milliseconds")
        }
        return ms
    }

    /// Learns the venue's clock offset; returns it (venue minus local, milliseconds).
    @discardableResult
    public func syncClock() async throws(BackpackRESTError) -> Int64 {
        let sent = clock.localMs()
        let server = try await serverTime()
        clock.sync(serverMs: server, sentMs: sent, receivedMs: clock.localMs())
        return clock.offsetMs ?? 0
    }

    /// `GET /api/v1/markets`.
    public func markets() async throws(BackpackRESTError) -> [BackpackMarket] {
        try decode([BackpackMarket].self, try await send(.GET, "/api/v1/markets"), "/api/v1/markets")
    }

    /// `GET /api/v1/market?symbol=`.
    public func market(symbol: String) async throws(BackpackRESTError) -> BackpackMarket {
        try decode(BackpackMarket.self, try await send(.GET, "/api/v1/market", query: [BackpackParam("symbol", symbol)]),
                   "/api/v1/market")
    }

    /// `GET /api/v1/depth`: the book at `lastUpdateId` (`limit` is one of the venue's 5 … 1000).
    public func depth(symbol: String, limit: Int = 1000) async throws(BackpackRESTError) -> BackpackDepthSnapshot {
        let query = [BackpackParam("symbol", symbol), BackpackParam("limit", String(limit))]
        return try decode(BackpackDepthSnapshot.self, try await send(.GET, "/api/v1/depth", query: query), "/api/v1/depth")
    }

    /// `GET /api/v1/ticker`: 24-hour statistics.
    public func ticker(symbol: String) async throws(BackpackRESTError) -> BackpackTicker {
        try decode(BackpackTicker.self, try await send(.GET, "/api/v1/ticker", query: [BackpackParam("symbol", symbol)]),
                   "/api/v1/ticker")
    }

    // MARK: Orders

    /// `POST /api/v1/order`: places an order (a post-only limit maker, an IOC taker, …). A
    /// post-only order that would cross throws `postOnlyWouldTake`.
    public func execute(_ order: BackpackOrderRequest) async throws(BackpackRESTError) -> BackpackOrder {
        let reply = try await send(.POST, "/api/v1/order", body: order.params(), instruction: BackpackInstruction.orderExecute)
        return try decode(BackpackOrder.self, reply, "/api/v1/order")
    }

    /// What a cancel got.
    public enum CancelResult: Sendable, Hashable {
        /// Cancelled: the order as it ended, with what it had filled.
        case cancelled(BackpackOrder)
        /// 202: accepted, not yet done; the order may still fill meanwhile, so ask again (open
        /// orders, or the order history) before taking it for gone.
        case accepted
    }

    /// `DELETE /api/v1/order` by the venue's order id.
    public func cancel(symbol: String, orderID: String) async throws(BackpackRESTError) -> CancelResult {
        try await cancel(BackpackCancelRequest(symbol: symbol, orderId: orderID))
    }

    /// `DELETE /api/v1/order` by our client id.
    public func cancel(symbol: String, clientID: UInt32) async throws(BackpackRESTError) -> CancelResult {
        try await cancel(BackpackCancelRequest(symbol: symbol, clientId: clientID))
    }

    private func cancel(_ request: BackpackCancelRequest) async throws(BackpackRESTError) -> CancelResult {
        let reply = try await send(.DELETE, "/api/v1/order", body: request.params, instruction: BackpackInstruction.orderCancel)
        if reply.status == 202 { return .accepted }
        return .cancelled(try decode(BackpackOrder.self, reply, "/api/v1/order"))
    }

    /// `GET /api/v1/orders`: the account's resting orders (in one market when given).
    public func openOrders(symbol: String?) async throws(BackpackRESTError) -> [BackpackOrder] {
        let query = symbol.map { [BackpackParam("symbol", $0)] } ?? []
        let reply = try await send(.GET, "/api/v1/orders", query: query, instruction: BackpackInstruction.orderQueryAll)
        return try decode([BackpackOrder].self, reply, "/api/v1/orders")
    }

    /// `GET /wapi/v1/history/orders`: finished and open orders, newest first; the way to learn
    /// how an order that left the book ended.
    public func orderHistory(symbol: String?, orderID: String? = nil, limit: Int = 100,
                             offset: Int = 0) async throws(BackpackRESTError) -> [BackpackOrder] {
        var query = [BackpackParam("limit", String(limit)), BackpackParam("offset", String(offset))]
        if let symbol { query.append(BackpackParam("symbol", symbol)) }
        if let orderID { query.append(BackpackParam("orderId", orderID)) }
        let reply = try await send(.GET, "/wapi/v1/history/orders", query: query,
                                   instruction: BackpackInstruction.orderHistoryQueryAll)
        return try decode([BackpackOrder].self, reply, "/wapi/v1/history/orders")
    }

    // MARK: Fills

    /// Which end of the fills history a page starts from.
    public enum SortDirection: String, Sendable, Hashable {
        case oldestFirst = "Asc"
        case newestFirst = "Desc"
    }

    /// One page of `GET /wapi/v1/history/fills`: fills at or after `fromMs` (venue
    /// milliseconds) when given, in the order asked for. System fills (liquidations, ADL) are
    /// included: they move the position as much as ours.
    public func fills(symbol: String?, fromMs: Int64? = nil, limit: Int = 1000, offset: Int = 0,
                      direction: SortDirection = .oldestFirst) async throws(BackpackRESTError) -> [BackpackFill] {
        var query = [BackpackParam("limit", String(limit)), BackpackParam("offset", String(offset)),
                     BackpackParam("sortDirection", direction.rawValue)]
        if let symbol { query.append(BackpackParam("symbol", symbol)) }
        if let fromMs { query.append(BackpackParam("from", String(fromMs))) }
        let reply = try await send(.GET, "/wapi/v1/history/fills", query: query,
                                   instruction: BackpackInstruction.fillHistoryQueryAll)
        return try decode([BackpackFill].self, reply, "/wapi/v1/history/fills")
    }

    /// Every fill at or after `fromMs`, oldest first, page after page until a short page.
    /// `complete` is false when `maxPages` ran out first: the next walk goes on from the
    /// newest fill returned.
    public func fills(symbol: String, since fromMs: Int64, pageLimit: Int,
                      maxPages: Int) async throws(BackpackRESTError) -> (fills: [BackpackFill], pages: Int, complete: Bool) {
        var all: [BackpackFill] = []
        let limit = min(max(pageLimit, 1), 1000)
        for page in 1...max(1, maxPages) {
            let batch = try await fills(symbol: symbol, fromMs: fromMs, limit: limit, offset: all.count, direction: .oldestFirst)
            all += batch
            if batch.count < limit { return (all, page, true) }
        }
        return (all, maxPages, false)
    }

    // MARK: Account

    /// `GET /api/v1/position`: open positions (in one market when given). The venue answers
    /// 404 when there is none; that is an empty list here.
    public func positions(symbol: String?) async throws(BackpackRESTError) -> [BackpackPosition] {
        let query = symbol.map { [BackpackParam("symbol", $0)] } ?? []
        do {
            let reply = try await send(.GET, "/api/v1/position", query: query, instruction: BackpackInstruction.positionQuery)
            return try decode([BackpackPosition].self, reply, "/api/v1/position")
        } catch {
            if case .notFound = error { return [] }
            throw error
        }
    }

    /// `GET /api/v1/capital/collateral`: the margin account's summary.
    public func collateral() async throws(BackpackRESTError) -> BackpackCollateral {
        let reply = try await send(.GET, "/api/v1/capital/collateral", instruction: BackpackInstruction.collateralQuery)
        return try decode(BackpackCollateral.self, reply, "/api/v1/capital/collateral")
    }

    // MARK: Sending

    private func decode<T: Decodable>(_ type: T.Type, _ reply: (status: Int, body: [UInt8]),
                                      _ path: String) throws(BackpackRESTError) -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(reply.body)) } catch {
            throw .undecodable(path: path, reason: LogFormatting.cut(String(describing: error), limit: 300))
        }
    }

    /// Sends one request, signed when `instruction` is given, through the rate limiter; retries
    /// 429s with a growing pause and a clock error once after a resync. Returns a 2xx answer.
    func send(_ method: HTTPMethod, _ path: String, query: [BackpackParam] = [], body: [BackpackParam]? = nil,
              instruction: String? = nil) async throws(BackpackRESTError) -> (status: Int, body: [UInt8]) {
        if instruction != nil, signer == nil { throw .noKey }
        var resynced = false
        var pause = policy.initialPause
        var attempt = 1
        while true {
            do { try await limiter.acquire() } catch { throw .transport("cancelled") }
            let reply = try await once(method, path, query: query, body: body, instruction: instruction)
            if (200..<300).contains(reply.status) { return (reply.status, reply.body) }
            let error = BackpackRESTError.from(status: reply.status, body: reply.body, retryAfterHeader: reply.retryAfter,
                                               defaultRetryAfter: pause)
            switch error {
            case .rateLimited(let wait) where attempt < policy.attempts:
                logger.warning("REST \(method.rawValue) \(path): 429 rate limited; every request waits \(wait) (attempt \(attempt) of \(policy.attempts))")
                limiter.pause(for: wait)
                attempt += 1
                pause = min(pause * 2, policy.maximumPause)
            case .requestExpired where !resynced && instruction != nil:
                resynced = true
                let offset = try await syncClock()
                logger.warning("REST \(method.rawValue) \(path): request outside its window; clock resynced from /api/v1/time (venue is \(offset) ms ahead of us), sending again")
            default:
                throw error
            }
        }
    }

    private func once(_ method: HTTPMethod, _ path: String, query: [BackpackParam], body: [BackpackParam]?,
                      instruction: String?) async throws(BackpackRESTError) -> (status: Int, body: [UInt8], retryAfter: String?) {
        var url = baseURL + path
        if !query.isEmpty { url += "?" + BackpackParam.queryString(query) }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "lighter-hedge")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(string: BackpackParam.jsonObject(body)))
        }
        if let instruction, let signer {
            let headers = signer.headers(instruction: instruction, params: body ?? query, timestampMs: clock.nowMs(),
                                         windowMs: windowMs)
            for field in headers.fields { request.headers.add(name: field.name, value: field.value) }
        }
        let response: HTTPClientResponse
        let bytes: [UInt8]
        do {
            response = try await http.execute(request, timeout: timeout)
            bytes = Array(buffer: try await response.body.collect(upTo: 32 << 20))
        } catch {
            throw .transport("\(method.rawValue) \(path): \(LogFormatting.cut(TextSanitizer.escapingControls(String(describing: error)), limit: 300))")
        }
        return (Int(response.status.code), bytes, response.headers.first(name: "Retry-After"))
    }
}
