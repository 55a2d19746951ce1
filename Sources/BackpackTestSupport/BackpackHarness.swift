import BackpackProtocol
import BackpackSimulator
import Foundation
import LighterTestSupport
import Logging
import Synchronization

/// Runs a Backpack simulator on a free loopback port for the length of `body` (20 book steps a
/// second, so tests see traffic quickly).
public func withBackpackSimulator<T: Sendable>(
    _ configure: (inout BackpackSimulatorConfiguration) -> Void = { _ in },
    _ body: (BackpackEndpoints, BackpackServer) async throws -> T
) async throws -> T {
    var configuration = BackpackSimulatorConfiguration()
    configuration.updatesPerSecond = 20
    configure(&configuration)
    var logger = Logger(label: "backpack-sim-test")
    logger.logLevel = .critical
    let server = BackpackServer(configuration: configuration, logger: logger)
    return try await withRunningServer({ ready in try await server.run(onReady: ready) }) { endpoints in
        try await body(endpoints, server)
    }
}

/// A plain REST client for tests: it signs with a key as the venue wants and knows nothing
/// else of Backpack. Answers come back as status and body text.
public struct BackpackTestClient: Sendable {
    /// The simulator's REST base.
    public let baseURL: String
    /// The key requests are signed with.
    public let signer: BackpackSigner
    /// The client's clock in Unix milliseconds.
    public var clock: @Sendable () -> Int64
    /// Milliseconds.
    public var windowMs: Int64 = BackpackSigning.defaultWindowMs

    /// Creates a value from its parts.
    public init(_ endpoints: BackpackEndpoints, signer: BackpackSigner = .generate(),
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        baseURL = endpoints.httpURL
        self.signer = signer
        self.clock = clock
    }

    /// The account the simulator knows this client by.
    public var account: String { signer.publicKeyBase64 }

    /// A public GET.
    public func get(_ path: String, _ params: [BackpackParam] = []) async throws -> (status: Int, body: String) {
        try await httpRequest(url(path, params))
    }

    /// A signed GET; the instruction is the one the venue expects for the path.
    public func signedGet(_ path: String, _ params: [BackpackParam] = []) async throws -> (status: Int, body: String) {
        let headers = signer.headers(instruction: BackpackInstruction.of(method: "GET", path: path) ?? "",
                                     params: params, timestampMs: clock(), windowMs: windowMs)
        return try await httpRequest(url(path, params), headers: Self.headerMap(headers))
    }

    /// A signed POST or DELETE with a JSON object body.
    public func signed(_ method: String, _ path: String, _ params: [BackpackParam]) async throws -> (status: Int, body: String) {
        let headers = signer.headers(instruction: BackpackInstruction.of(method: method, path: path) ?? "",
                                     params: params, timestampMs: clock(), windowMs: windowMs)
        return try await send(method, path, body: BackpackParam.jsonObject(params), headers: headers)
    }

    /// `POST /api/v1/orders`.
    public func batch(_ orders: [[BackpackParam]]) async throws -> (status: Int, body: String) {
        let headers = signer.batchHeaders(orders: orders, timestampMs: clock(), windowMs: windowMs)
        return try await send("POST", "/api/v1/orders", body: BackpackParam.jsonArray(orders), headers: headers)
    }

    /// `POST /api/v1/order`.
    public func execute(_ order: BackpackOrderRequest) async throws -> (status: Int, body: String) {
        try await signed("POST", "/api/v1/order", order.params())
    }

    /// A request with a body and ready-made signing headers.
    public func send(_ method: String, _ path: String, body: String, headers: BackpackAuthHeaders) async throws -> (status: Int, body: String) {
        var fields = Self.headerMap(headers)
        fields["Content-Type"] = "application/json; charset=utf-8"
        return try await httpRequest(baseURL + path, method: method, body: body, headers: fields)
    }

    func url(_ path: String, _ params: [BackpackParam]) -> String {
        params.isEmpty ? baseURL + path : baseURL + path + "?" + BackpackParam.queryString(params)
    }

    static func headerMap(_ headers: BackpackAuthHeaders) -> [String: String] {
        var map: [String: String] = [:]
        for (name, value) in headers.fields { map[name] = value }
        return map
    }
}

/// Decodes a body the test expects to be a `T`, with the body in the error when it is not.
public func decodeBody<T: Decodable>(_ type: T.Type, _ response: (status: Int, body: String)) throws -> T {
    do { return try BackpackREST.decode(T.self, from: Data(response.body.utf8)) } catch {
        throw HarnessError("HTTP \(response.status), not a \(T.self): \(response.body.prefix(300)) (\(error))")
    }
}

extension PlainStreamClient {
    /// Every text frame that decodes as a Backpack frame, in arrival order.
    public var backpackFrames: [BackpackServerFrame] { texts.compactMap { try? BackpackFrameDecoder.decode($0) } }

    /// Waits until a Backpack frame satisfies `match` (searching from frame `after`); the default
    /// wait is long because a loaded machine slows the simulator, never the protocol.
    @discardableResult
    public func waitForBackpack(_ what: String, seconds: Double = 20, after: Int = 0,
                                _ match: (BackpackServerFrame) -> Bool) async throws -> BackpackServerFrame {
        try await waitFor(what, seconds: seconds, after: after, decode: { try? BackpackFrameDecoder.decode($0) }, match)
    }

    /// Sends a Backpack client message.
    public func send(_ message: BackpackClientMessage) async throws { try await send(message.encoded()) }
}

/// A clock a test sets by hand, for the simulator's `clock` (signing vectors carry fixed times).
public final class ManualClock: Sendable {
    private let value: Mutex<Int64>

    /// Creates a value from its parts.
    public init(_ milliseconds: Int64) { value = Mutex(milliseconds) }

    /// The time it reads, Unix milliseconds.
    public var milliseconds: Int64 {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }

    /// The clock as the simulator configuration takes it.
    public var read: @Sendable () -> Int64 { { [self] in milliseconds } }
}
