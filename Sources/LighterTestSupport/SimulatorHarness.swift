import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LighterProtocol
import LighterSigner
import LighterSimulator
import Logging
import Synchronization
import NIOCore
import NIOWebSocket
import WSClient

/// Runs a simulator on a free loopback port for the length of `body`.
public func withSimulator<T: Sendable>(
    _ configure: (inout SimulatorConfiguration) -> Void = { _ in },
    _ body: (SimulatorEndpoints, SimulatorServer) async throws -> T
) async throws -> T {
    var configuration = SimulatorConfiguration()
    configuration.updatesPerSecond = 20
    // The venue's rules: every token and transaction must be signed by a registered key.
    configuration.authMode = .verified
    for account in TestKeys.accounts {
        configuration.apiKeys[APIKeyID(account: account, apiKeyIndex: 0)] = TestKeys.privateKey.publicKey
    }
    configure(&configuration)
    var logger = Logger(label: "sim-test")
    logger.logLevel = .critical
    let server = SimulatorServer(configuration: configuration, logger: logger)
    return try await withRunningServer({ ready in try await server.run(onReady: ready) }) { endpoints in
        try await body(endpoints, server)
    }
}

/// Runs a server for the length of `body`: `run` serves until cancelled and reports where it
/// listens through the callback it is given; `body` gets that address. Any simulator fits.
public func withRunningServer<Endpoints: Sendable, T: Sendable>(
    _ run: @escaping @Sendable (@escaping @Sendable (Endpoints) async -> Void) async throws -> Void,
    _ body: (Endpoints) async throws -> T
) async throws -> T {
    let (ready, readyContinuation) = AsyncStream<Endpoints>.makeStream()
    let task = Task { try await run { readyContinuation.yield($0) } }
    defer { task.cancel() }
    var iterator = ready.makeAsyncIterator()
    guard let endpoints = await iterator.next() else { throw HarnessError("server did not start") }
    let result = try await body(endpoints)
    task.cancel()
    // A graceful shutdown waits for open connections; a test does not wait more than a few seconds.
    let stopped = StopFlag()
    Task { _ = await task.result; stopped.set() }
    let deadline = ContinuousClock.now + .seconds(5)
    while !stopped.isSet && ContinuousClock.now < deadline {
        try? await Task.sleep(for: .milliseconds(20))
    }
    return result
}

/// Runs CPU-heavy synchronous test work on a thread of its own, so that it does not hold one
/// of the few cooperative-pool threads (two on a two-core machine) that the network tests
/// running beside it need within their timeouts. Assert on the result, not inside `work`:
/// issues recorded off the test's task are not attributed to it.
public func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

/// A token signed with the test key; `lifetime` may be negative (expired) or beyond 8 hours.
public func wellFormedToken(account: Int64, apiKey: Int = 0, lifetime: Int64 = 3600) -> String {
    AuthTokenSigner.make(deadline: Int64(Date().timeIntervalSince1970) + lifetime, account: account,
                         apiKeyIndex: UInt8(clamping: apiKey), privateKey: TestKeys.privateKey)
}

/// A create-order tx_info signed with the test key, in the official signer's shape.
public func createOrderTx(account: Int64, apiKey: Int = 0, market: Int, clientOrderIndex: Int64, baseAmount: Int64,
                          price: Int64, isAsk: Bool, type: Int = 0, timeInForce: Int = 0, nonce: Int64,
                          orderExpiry: Int64 = 0) -> String {
    let expiredAt = Int64(Date().timeIntervalSince1970 * 1000) + 600_000
    let tx = CreateOrderTx(accountIndex: account, apiKeyIndex: UInt8(clamping: apiKey), marketIndex: Int16(clamping: market),
                           clientOrderIndex: clientOrderIndex, baseAmount: baseAmount, price: UInt32(clamping: price),
                           isAsk: isAsk ? 1 : 0, type: UInt8(clamping: type), timeInForce: UInt8(clamping: timeInForce),
                           reduceOnly: 0, triggerPrice: 0, orderExpiry: orderExpiry, expiredAt: expiredAt, nonce: nonce)
    return TestKeys.signer.sign(tx).txInfo
}

/// Plain HTTP against the simulator's REST API.
public func httpRequest(_ url: String, method: String = "GET", body: String? = nil,
                 headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
    guard let target = URL(string: url) else { throw HarnessError("bad url \(url)") }
    var request = URLRequest(url: target)
    request.httpMethod = method
    if let body {
        request.httpBody = Data(body.utf8)
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
    }
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

/// `key=value&…`, each part percent-encoded as a form body.
public func formEncode(_ fields: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        .joined(separator: "&")
}
