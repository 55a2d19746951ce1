import Foundation
import Hummingbird
import HummingbirdWebSocket
import LighterProtocol
import Logging
import NIOCore
import NIOWebSocket

/// A local Lighter exchange: WebSocket `/stream`, the REST API a hedge bot uses, and a
/// control API (`/control/...`) for tests.
///
/// ```swift
/// var configuration = SimulatorConfiguration()          // ETH, BTC, SOL; a free port on loopback
/// let key = LighterPrivateKey.generate()
/// configuration.apiKeys[APIKeyID(account: 7, apiKeyIndex: 0)] = key.publicKey
/// configuration.faults.set(.skipBookUpdate)              // or at run time: /control/…
/// let server = SimulatorServer(configuration: configuration)
/// let serving = Task {
///     try await server.run { endpoints in
///         print("stream", endpoints.webSocketURL, "REST", endpoints.httpURL)
///     }
/// }
/// // … point a client at the endpoints; then look at what the venue saw:
/// let orders = await server.exchange.orders(account: 7)
/// serving.cancel()
/// ```
public struct SimulatorServer: Sendable {
    /// The simulated venue the server fronts: tests read its state and register keys on it directly.
    public let exchange: SimulatedExchange
    let configuration: SimulatorConfiguration
    let logger: Logger

    /// A server for `configuration`; nothing listens until `run(onReady:)`.
    public init(configuration: SimulatorConfiguration, logger: Logger = Logger(label: "lighter-sim")) {
        self.configuration = configuration
        self.logger = logger
        self.exchange = SimulatedExchange(configuration: configuration, logger: logger)
    }

    /// Serves until the task is cancelled. `onReady` receives the bound address once
    /// the port is open (with port 0, the one the system picked).
    public func run(onReady: @escaping @Sendable (SimulatorEndpoints) async -> Void = { _ in }) async throws {
        let host = configuration.host
        let app = Application(
            router: makeRouter(),
            server: .http1WebSocketUpgrade(webSocketRouter: makeWebSocketRouter(),
                                           configuration: .init(http1: .init(idleTimeout: .seconds(15)),
                                                                  ws: .init(maxFrameSize: configuration.maxFrameSize))),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "lighter-sim"),
            onServerRunning: { channel in
                await onReady(SimulatorEndpoints(host: host, port: channel.localAddress?.port ?? 0))
            },
            logger: logger)
        let exchange = self.exchange
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask { await exchange.run() }
            try await group.next()
            group.cancelAll()
        }
    }

    // MARK: WebSocket

    func makeWebSocketRouter() -> Router<SimWebSocketContext> {
        let router = Router(context: SimWebSocketContext.self)
        let exchange = self.exchange
        let faults = configuration.faults
        let maxFrameSize = configuration.maxFrameSize
        let frameWritten = configuration.frameWritten
        router.ws("/stream", shouldUpgrade: { _, _ in
            faults.isActive(.refuseUpgrade) ? .dontUpgrade : .upgrade([:])
        }) { inbound, outbound, context in
            let (id, frames) = await exchange.open()
            let channel = context.requestContext.channel
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    let clock = ContinuousClock()
                    for await item in frames {
                        switch item {
                        case .text(let text, let enqueuedAt):
                            if let delay = faults.parameter(.delayFrames) {
                                try? await clock.sleep(until: enqueuedAt + .milliseconds(delay))
                            }
                            frameWritten?(text)
                            do { try await outbound.write(.text(text)) } catch { return }
                        case .close(let code, let reason):
                            try? await outbound.close(WebSocketErrorCode(codeNumber: Int(code)), reason: reason)
                            return
                        case .drop:
                            try? await channel.close()
                            return
                        }
                    }
                }
                group.addTask {
                    do {
                        for try await message in inbound.messages(maxSize: maxFrameSize) {
                            switch message {
                            case .text(let text): await exchange.receive(text: text, from: id)
                            case .binary: await exchange.receiveBinary(from: id)
                            }
                        }
                    } catch {
                        // Oversized or broken frames end this connection only.
                    }
                }
                await group.next()
                group.cancelAll()
            }
            await exchange.close(id)
        }
        return router
    }

    // MARK: REST

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        // First, so that it also answers the paths no route matches.
        router.add(middleware: VenueNotFound())
        let exchange = self.exchange
        let configuration = self.configuration
        let faults = configuration.faults
        addMarketRoutes(to: router)
        addAccountRoutes(to: router)
        addTransactionRoutes(to: router)

        // Reached when an upgrade is refused or the request is not an upgrade at all.
        router.get("/stream") { _, _ in
            Self.error(400, "websocket upgrade refused")
        }
        router.get("/api/v1/accountActiveOrders") { request, _ in
            let query = request.uri.queryParameters
            guard let account = query.get("account_index", as: Int64.self) else {
                return Self.error(.invalidParam, "invalid param : account_index is required")
            }
            if let problem = await exchange.authProblem(Self.auth(request), account: account, channel: nil) {
                return Self.error(problem.code ?? VenueErrorCode.invalidAuth.rawValue, problem.message)
            }
            let market = query.get("market_id", as: Int.self).flatMap { $0 == 255 ? nil : $0 }
            let orders = await exchange.activeOrders(account: account, market: market)
            return Self.listResponse("orders", orders, nextCursor: nil, list: .inactiveOrders, encode: exchange.encoder.encode)
        }
        router.get("/api/v1/accountInactiveOrders") { request, _ in
            await Self.pagedResponse(request, list: .inactiveOrders, exchange: exchange) { query in
                let page = await exchange.inactiveOrders(account: query.account, market: query.market, limit: query.limit,
                                                         before: query.before)
                return Self.listResponse("orders", page.items, nextCursor: page.nextCursor, list: .inactiveOrders,
                                         encode: exchange.encoder.encode)
            }
        }
        router.get("/api/v1/trades") { request, _ in
            let sortBy = request.uri.queryParameters.get("sort_by") ?? "timestamp"
            // Every order the venue offers is the same one here: ids, blocks and times all grow together.
            guard ["timestamp", "block_height", "trade_id"].contains(sortBy) else {
                return Self.error(.invalidParam, "invalid param : sort_by is timestamp, block_height or trade_id")
            }
            // Without an account: the market's trades, public, paged the same way.
            guard request.uri.queryParameters.get("account_index") != nil else {
                return await Self.marketTradesResponse(request, exchange: exchange)
            }
            return await Self.pagedResponse(request, list: .trades, exchange: exchange) { query in
                let page = await exchange.trades(account: query.account, market: query.market, limit: query.limit,
                                                 before: query.before)
                return Self.listResponse("trades", page.items, nextCursor: page.nextCursor, list: .trades,
                                         encode: exchange.encoder.encode)
            }
        }
        // Control API for tests and demos: faults on and off at run time, counters. Open on a
        // loopback bind, behind a bearer token when one is given, not served otherwise.
        let access = configuration.effectiveControlAccess
        guard access != .off else { return router }
        let control = router.group("/control").add(middleware: ControlGate(access: access))
        control.get("faults") { _, _ in
            Self.jsonObject { w in
                for (fault, value) in faults.snapshot.sorted(by: { $0.key.rawValue < $1.key.rawValue }) { w.field(fault.rawValue, value) }
            }
        }
        control.put("faults/:name") { request, context in
            let name = context.parameters.get("name") ?? ""
            let value = request.uri.queryParameters.get("value")
            switch Fault.parse(value.map { "\(name)=\($0)" } ?? name) {
            case .success(let (fault, parameter)):
                faults.set(fault, parameter: parameter)
                return Self.jsonObject { $0.field("code", 200) }
            case .failure(let error):
                return Self.error(400, error.message)
            }
        }
        control.delete("faults/:name") { _, context in
            guard let fault = context.parameters.get("name").flatMap(Fault.init(rawValue:)) else {
                return Self.error(400, "unknown fault")
            }
            faults.clear(fault)
            return Self.jsonObject { $0.field("code", 200) }
        }
        let authRules = configuration.authRules
        control.get("auth-rules") { _, _ in
            Self.jsonObject { w in
                for (kind, required) in authRules.snapshot.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    w.field(kind.rawValue, required)
                }
            }
        }
        control.put("auth-rules/:name") { request, context in
            guard let kind = context.parameters.get("name").flatMap(ChannelAuthRules.Kind.init(rawValue:)) else {
                return Self.error(400, "unknown channel; settable: \(ChannelAuthRules.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let required = request.uri.queryParameters.get("required").flatMap(Bool.init) else {
                return Self.error(400, "required=true or required=false")
            }
            authRules.set(kind, required: required)
            return Self.jsonObject { $0.field("code", 200) }
        }
        control.get("stats") { _, _ in
            let stats = await exchange.stats
            return Self.jsonObject { w in
                w.field("connections_opened", stats.connectionsOpened)
                w.field("frames_sent", stats.framesSent)
                w.field("book_updates_skipped", stats.bookUpdatesSkipped)
                w.field("client_errors", stats.clientErrors)
                w.field("fills", stats.fills)
                w.field("scripted_orders", stats.scriptedOrders)
            }
        }
        return router
    }

    static func auth(_ request: Request) -> String? {
        request.headers[.authorization] ?? request.uri.queryParameters.get("auth")
    }

    /// `{"code":200,"<key>":[…],"next_cursor":"…"}`, the cursor only while older entries remain.
    static func listResponse<Item>(_ key: String, _ items: [Item], nextCursor: Int64?, list: PageCursor.List,
                                   encode: (Item, inout JSONWriter) -> Void) -> Response {
        var w = JSONWriter()
        w.beginObject()
        w.field("code", 200)
        w.key(key); w.beginArray()
        for item in items { encode(item, &w) }
        w.endArray()
        if let nextCursor { w.field("next_cursor", PageCursor.text(nextCursor, list: list)) }
        w.endObject()
        return json(w.text)
    }

    /// Answers a paged account request with `answer` once `pagedQuery` accepts it, else with
    /// the venue's refusal.
    static func pagedResponse(_ request: Request, list: PageCursor.List, exchange: SimulatedExchange,
                              answer: (PagedQuery) async -> Response) async -> Response {
        switch await pagedQuery(request, list: list, exchange: exchange) {
        case .success(let query): return await answer(query)
        case .failure(let refusal): return error(refusal.code, refusal.message)
        }
    }

    /// The checked query of a paged account endpoint.
    struct PagedQuery: Sendable {
        var account: Int64
        /// Nil for every market (`market_id` absent or 255).
        var market: Int?
        var limit: Int
        /// The position the page starts below; nil for the newest.
        var before: Int64?
    }

    /// Why a request is refused, in the venue's code and words.
    struct Refusal: Error {
        var code: Int
        var message: String
    }

    /// A refusal with a code from the venue's table.
    static func refusal(_ code: VenueErrorCode, _ message: String) -> Refusal { Refusal(code: code.rawValue, message: message) }

    /// Reads and checks `account_index`, `limit` (1-100, required, as the venue), the account's
    /// auth (header or `auth=`), `market_id` and `cursor`.
    static func pagedQuery(_ request: Request, list: PageCursor.List,
                           exchange: SimulatedExchange) async -> Result<PagedQuery, Refusal> {
        let query = request.uri.queryParameters
        guard let account = query.get("account_index", as: Int64.self) else {
            return .failure(Self.refusal(.invalidParam, "invalid param : account_index is required"))
        }
        guard let limit = query.get("limit", as: Int.self), (1...100).contains(limit) else {
            return .failure(Self.refusal(.invalidParam, "invalid param : limit must be 1 to 100"))
        }
        if let problem = await exchange.authProblem(auth(request), account: account, channel: nil) {
            return .failure(Refusal(code: problem.code ?? VenueErrorCode.invalidAuth.rawValue, message: problem.message))
        }
        var before: Int64?
        if let cursor = query.get("cursor"), !cursor.isEmpty {
            guard let position = PageCursor.position(cursor, list: list) else {
                return .failure(Self.refusal(.invalidParam, "invalid param : cursor"))
            }
            before = position
        }
        let market = query.get("market_id", as: Int.self).flatMap { $0 == 255 ? nil : $0 }
        return .success(PagedQuery(account: account, market: market, limit: limit, before: before))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A refusal with a code from the venue's table.
    static func error(_ code: VenueErrorCode, _ message: String) -> Response { error(code.rawValue, message) }

    static func error(_ code: Int, _ message: String) -> Response {
        jsonObject(status: .badRequest) { w in
            w.field("code", code)
            w.field("message", message)
        }
    }

    /// A JSON object whose fields `fields` writes.
    static func jsonObject(status: HTTPResponse.Status = .ok, _ fields: (inout JSONWriter) -> Void) -> Response {
        var w = JSONWriter()
        w.beginObject()
        fields(&w)
        w.endObject()
        return json(w.text, status: status)
    }

    /// A page of a market's trades, newest first, for `trades` asked without an account:
    /// `market_id` and `limit` (1-100) required, `cursor` as for the account's pages.
    static func marketTradesResponse(_ request: Request, exchange: SimulatedExchange) async -> Response {
        let query = request.uri.queryParameters
        guard let market = query.get("market_id", as: Int.self), market != 255 else {
            return error(.invalidParam, "invalid param : market_id or account_index is required")
        }
        guard let limit = query.get("limit", as: Int.self), (1...100).contains(limit) else {
            return error(.invalidParam, "invalid param : limit must be 1 to 100")
        }
        var before: Int64?
        if let cursor = query.get("cursor"), !cursor.isEmpty {
            guard let position = PageCursor.position(cursor, list: .trades) else { return error(.invalidParam, "invalid param : cursor") }
            before = position
        }
        let page = await exchange.marketTrades(market: market, limit: limit, before: before)
        return listResponse("trades", page.items, nextCursor: page.nextCursor, list: .trades, encode: exchange.encoder.encode)
    }
}
