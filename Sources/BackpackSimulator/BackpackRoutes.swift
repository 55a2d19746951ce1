import BackpackProtocol
import Foundation
import Hummingbird
import LighterProtocol
import NIOCore

/// A signed request that passed the checks.
struct SignedRequest: Sendable {
    /// The API key: the account.
    var account: String
    var query: [String: String]
    var body: [UInt8]
}

/// The REST routes: public market data, signed account endpoints and the control API. Error
/// bodies are the venue's (`{"code":…,"message":…}`), except parameter-parse failures, which the
/// venue answers in plain text.
struct BackpackRoutes: Sendable {
    let exchange: BackpackExchange
    let configuration: BackpackSimulatorConfiguration

    static let depthLimits: Set<Int> = [5, 10, 20, 50, 100, 500, 1000]

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        addPublic(router)
        addOrders(router)
        addAccount(router)
        addControl(router)
        return router
    }

    // MARK: Public

    private func addPublic(_ router: Router<BasicRequestContext>) {
        let exchange = exchange
        let markets = configuration.markets.map(\.market)
        publicRoute(router, "/api/v1/markets") { _ in Self.json(BackpackREST.encode(markets)) }
        publicRoute(router, "/api/v1/market") { query in
            guard let market = markets.first(where: { $0.symbol == query["symbol"] }) else {
                return Self.failure(BackpackRejection(.invalidMarketSymbol))
            }
            return Self.json(BackpackREST.encode(market))
        }
        publicRoute(router, "/api/v1/depth") { query in
            guard let symbol = query["symbol"] else { return Self.parseFailure("symbol", "MarketSymbol", "missing") }
            var limit = Int.max
            if let text = query["limit"] {
                guard let value = Int(text), Self.depthLimits.contains(value) else {
                    return Self.parseFailure("limit", "DepthLimit", "Expect a valid enumeration value.")
                }
                limit = value
            }
            guard let snapshot = await exchange.read({ $0.depth(symbol: symbol, limit: limit, nowUs: $1) }) else {
                return Self.failure(BackpackRejection(.invalidMarketSymbol))
            }
            return Self.json(BackpackREST.encode(snapshot))
        }
        publicRoute(router, "/api/v1/ticker") { query in
            guard let symbol = query["symbol"], let ticker = await exchange.read({ engine, _ in engine.ticker(symbol: symbol) }) else {
                return Self.failure(BackpackRejection(.invalidMarketSymbol))
            }
            return Self.json(BackpackREST.encode(ticker))
        }
        publicRoute(router, "/api/v1/tickers") { _ in
            let tickers = await exchange.read { engine, _ in markets.compactMap { engine.ticker(symbol: $0.symbol) } }
            return Self.json(BackpackREST.encode(tickers))
        }
        publicRoute(router, "/api/v1/markPrices") { query in
            let symbol = query["symbol"]
            if let symbol, !markets.contains(where: { $0.symbol == symbol }) {
                return Self.failure(BackpackRejection(BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Symbol not found")))
            }
            let prices = await exchange.read { engine, nowUs in engine.markPrices(symbol: symbol, nowMs: nowUs / 1000) }
            return Self.json(BackpackREST.encode(prices))
        }
        publicRoute(router, "/api/v1/status") { _ in Self.json(BackpackREST.encode(BackpackStatus())) }
        publicRoute(router, "/api/v1/ping") { _ in Self.text("pong") }
        publicRoute(router, "/api/v1/time") { _ in Self.text(String(await exchange.nowMs())) }
    }

    /// A public GET: rate-limited as the anonymous account.
    private func publicRoute(_ router: Router<BasicRequestContext>, _ path: RouterPath,
                             _ handler: @escaping @Sendable ([String: String]) async -> Response) {
        let exchange = exchange
        router.get(path) { request, _ in
            guard await exchange.admit(account: nil) else { return Self.failure(BackpackRejection(status: 429, .tooManyRequests)) }
            return await handler(Self.query(request))
        }
    }

    // MARK: Orders

    private func addOrders(_ router: Router<BasicRequestContext>) {
        let exchange = exchange
        signedRoute(router, .post, "/api/v1/order") { signed in
            guard let order = try? JSONDecoder().decode(BackpackOrderRequest.self, from: Data(signed.body)) else {
                return Self.payloadFailure(signed.body)
            }
            return Self.respond(await exchange.execute(order, account: signed.account))
        }
        signedRoute(router, .post, "/api/v1/orders") { signed in
            guard let orders = try? JSONDecoder().decode([BackpackOrderRequest].self, from: Data(signed.body)) else {
                return Self.payloadFailure(signed.body)
            }
            var results: [BackpackBatchOrderResult] = []
            for order in orders {
                switch await exchange.execute(order, account: signed.account) {
                case .success(let placed): results.append(.ok(placed))
                case .failure(let rejection):
                    results.append(.err(rejection.error ?? BackpackAPIError(code: "INVALID_ORDER", message: rejection.plainText ?? "Invalid order")))
                }
            }
            return Self.json(BackpackREST.encode(results))
        }
        signedRoute(router, .delete, "/api/v1/order") { signed in
            guard let cancel = try? JSONDecoder().decode(BackpackCancelRequest.self, from: Data(signed.body)) else {
                return Self.payloadFailure(signed.body)
            }
            switch await exchange.cancel(account: signed.account, symbol: cancel.symbol, orderID: cancel.orderId,
                                         clientID: cancel.clientId) {
            case .success(.cancelled(let order)): return Self.json(BackpackREST.encode(order))
            // No body is documented for 202; an empty one is sent.
            case .success(.accepted): return Response(status: .accepted)
            case .failure(let rejection): return Self.failure(rejection)
            }
        }
        signedRoute(router, .delete, "/api/v1/orders") { signed in
            guard let cancel = try? JSONDecoder().decode(BackpackCancelRequest.self, from: Data(signed.body)) else {
                return Self.payloadFailure(signed.body)
            }
            return Self.json(BackpackREST.encode(await exchange.cancelAll(account: signed.account, symbol: cancel.symbol)))
        }
        signedRoute(router, .get, "/api/v1/order") { signed in
            guard let symbol = signed.query["symbol"] else { return Self.parseFailure("symbol", "MarketSymbol", "missing") }
            let orderID = signed.query["orderId"]
            let clientID = signed.query["clientId"].flatMap { UInt32($0) }
            guard (orderID == nil) != (clientID == nil) else {
                return Self.failure(BackpackRejection(BackpackAPIError(code: "INVALID_CLIENT_REQUEST",
                                                                       message: "Must specify exactly one of orderId and clientId")))
            }
            // Only an order still on the book is found; a finished one is in the history.
            guard let order = await exchange.read({ engine, _ in
                engine.restingOrder(account: signed.account, symbol: symbol, orderID: orderID, clientID: clientID)
            }) else { return Self.failure(BackpackRejection(status: 404, .notFound)) }
            return Self.json(BackpackREST.encode(order))
        }
        signedRoute(router, .get, "/api/v1/orders") { signed in
            let orders = await exchange.read { engine, _ in engine.openOrders(account: signed.account, symbol: signed.query["symbol"]) }
            return Self.json(BackpackREST.encode(orders))
        }
        signedRoute(router, .get, "/wapi/v1/history/orders") { signed in
            let page: Page
            switch Self.page(signed.query) {
            case .success(let value): page = value
            case .failure(let refusal): return refusal.response
            }
            let orders = await exchange.read { engine, _ in
                engine.orderHistory(account: signed.account, symbol: signed.query["symbol"], orderID: signed.query["orderId"],
                                    limit: page.limit, offset: page.offset, direction: page.direction)
            }
            return Self.json(BackpackREST.encode(orders, history: true))
        }
        signedRoute(router, .get, "/wapi/v1/history/fills") { signed in
            let page: Page
            switch Self.page(signed.query) {
            case .success(let value): page = value
            case .failure(let refusal): return refusal.response
            }
            var bounds: [Int64?] = []
            for name in ["from", "to"] {
                guard let text = signed.query[name] else { bounds.append(nil); continue }
                guard let value = Int64(text) else { return Self.parseFailure(name, "i64", "invalid digit found in string") }
                bounds.append(value)
            }
            let query = BackpackFillQuery(symbol: signed.query["symbol"], orderID: signed.query["orderId"], fromMs: bounds[0],
                                          toMs: bounds[1], limit: page.limit, offset: page.offset, direction: page.direction)
            let fills = await exchange.read { engine, _ in engine.fills(account: signed.account, query: query) }
            return Self.json(BackpackREST.encode(fills))
        }
    }

    /// `limit` (1-1000, default 100), `offset` (default 0), `sortDirection` (`Asc`/`Desc`).
    static func page(_ query: [String: String]) -> Result<Page, Refusal> {
        var limit = 100
        if let text = query["limit"] {
            guard let value = Int(text), (1...1000).contains(value) else {
                return .failure(Refusal(parseFailure("limit", "u64", "limit must be 1 to 1000")))
            }
            limit = value
        }
        var offset = 0
        if let text = query["offset"] {
            guard let value = Int(text), value >= 0 else {
                return .failure(Refusal(parseFailure("offset", "u64", "invalid digit found in string")))
            }
            offset = value
        }
        var direction = BackpackSortDirection.descending
        if let text = query["sortDirection"] {
            guard let value = BackpackSortDirection(rawValue: text) else {
                return .failure(Refusal(parseFailure("sortDirection", "SortDirection", "Expect a valid enumeration value.")))
            }
            direction = value
        }
        return .success(Page(limit: limit, offset: offset, direction: direction))
    }

    /// A history endpoint's page.
    struct Page {
        var limit: Int
        var offset: Int
        var direction: BackpackSortDirection
    }

    /// A response that refuses the request, carried as an error.
    struct Refusal: Error {
        let response: Response
        init(_ response: Response) { self.response = response }
    }

    // MARK: Account

    private func addAccount(_ router: Router<BasicRequestContext>) {
        let exchange = exchange
        signedRoute(router, .get, "/api/v1/position") { signed in
            let positions = await exchange.read { engine, _ in engine.positions(account: signed.account, symbol: signed.query["symbol"]) }
            return Self.json(BackpackREST.encode(positions))
        }
        signedRoute(router, .get, "/api/v1/capital") { signed in
            Self.json(BackpackREST.encode(await exchange.read { engine, _ in engine.capital(account: signed.account) }))
        }
        signedRoute(router, .get, "/api/v1/capital/collateral") { signed in
            Self.json(BackpackREST.encode(await exchange.read { engine, _ in engine.collateral(account: signed.account) }))
        }
        signedRoute(router, .get, "/api/v1/account") { signed in
            Self.json(BackpackREST.encode(await exchange.read { engine, _ in engine.settings(account: signed.account) }))
        }
    }

    /// A signed route: rate limit (by API key), then the window and signature checks over the
    /// parameters as they arrived (body for POST/DELETE, query for GET), then `handler`.
    private func signedRoute(_ router: Router<BasicRequestContext>, _ method: HTTPRequest.Method, _ path: String,
                             _ handler: @escaping @Sendable (SignedRequest) async -> Response) {
        let exchange = exchange
        guard let instruction = BackpackInstruction.of(method: method.rawValue, path: path) else { return }
        router.on(RouterPath(path), method: method) { request, _ in
            var headers: [String: String] = [:]
            for field in request.headers where field.name.canonicalName.hasPrefix("x-") {
                headers[field.name.canonicalName] = field.value
            }
            guard await exchange.admit(account: headers["x-api-key"]) else {
                return Self.failure(BackpackRejection(status: 429, .tooManyRequests))
            }
            let body = Array((try? await request.body.collect(upTo: 1 << 20)).map { Data(buffer: $0) } ?? Data())
            let groups: [[(name: String, value: String)]]
            if method == .get {
                groups = [BackpackSignedParams.fromQuery(request.uri.query ?? "")]
            } else {
                do throws(FrameDecodingError) { groups = try BackpackSignedParams.fromBody(body) } catch {
                    return Self.payloadFailure(body)
                }
            }
            let batch = method == .post && path == "/api/v1/orders"
            switch await exchange.authenticate(instruction: instruction, headers: headers, params: groups, batch: batch) {
            case .failure(let rejection): return Self.failure(rejection)
            case .success(let account):
                return await handler(SignedRequest(account: account, query: Self.query(request), body: body))
            }
        }
    }

    // MARK: Control

    private func addControl(_ router: Router<BasicRequestContext>) {
        let exchange = exchange
        let faults = configuration.faults
        router.get("/control/faults") { _, _ in
            var active: [String: Int] = [:]
            for (fault, value) in faults.active { active[fault.rawValue] = value }
            return Self.json(BackpackREST.encode(active))
        }
        router.put("/control/faults/:name") { request, context in
            let name = context.parameters.get("name") ?? ""
            let value = request.uri.queryParameters.get("value")
            switch BackpackFault.parse(value.map { "\(name)=\($0)" } ?? name) {
            case .success(let (fault, parameter)):
                faults.set(fault, parameter: parameter)
                return Self.json("{}")
            case .failure(let error):
                return Self.failure(BackpackRejection(BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: error.message)))
            }
        }
        router.delete("/control/faults/:name") { _, context in
            guard let fault = context.parameters.get("name").flatMap(BackpackFault.init(rawValue:)) else {
                return Self.failure(BackpackRejection(status: 404, .notFound))
            }
            faults.clear(fault)
            return Self.json("{}")
        }
        router.get("/control/stats") { _, _ in Self.json(BackpackREST.encode(await exchange.stats)) }
    }

    // MARK: Responses

    static func query(_ request: Request) -> [String: String] {
        var values: [String: String] = [:]
        for (name, value) in BackpackSignedParams.fromQuery(request.uri.query ?? "") { values[name] = value }
        return values
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func failure(_ rejection: BackpackRejection) -> Response {
        let status = HTTPResponse.Status(code: rejection.status)
        if let error = rejection.error { return json(BackpackREST.encode(error), status: status) }
        return text(rejection.plainText ?? "Bad Request", status: status)
    }

    static func respond(_ result: Result<BackpackOrder, BackpackRejection>) -> Response {
        switch result {
        case .success(let order): json(BackpackREST.encode(order))
        case .failure(let rejection): failure(rejection)
        }
    }

    /// The venue's plain-text answer to a query parameter that does not parse.
    static func parseFailure(_ parameter: String, _ type: String, _ reason: String) -> Response {
        text("failed to parse parameter `\(parameter)`: failed to parse \"\(type)\": \(reason)", status: .badRequest)
    }

    /// The venue's plain-text answer to a body that does not parse.
    static func payloadFailure(_ body: [UInt8]) -> Response {
        failure(BackpackRejection(plainText: "Bad Request parse request payload error: failed to parse the request body"
            + (body.isEmpty ? " (empty)" : "")))
    }
}
