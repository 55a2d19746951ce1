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

final class StopFlag: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}

public struct HarnessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ text: String) { description = text }
}

/// A plain WebSocket client for tests: it records every text frame and knows nothing of
/// Lighter beyond the decoder. The real client is tested elsewhere.
public final class PlainStreamClient: Sendable {
    private let outbound: WebSocketOutboundWriter
    private let task: Task<Void, Never>

    struct State {
        public var texts: [String] = []
        var binaryCount = 0
        var finished = false
        public var closeCode: Int?
        public var closeReason: String?
        var failure: String?
    }

    private init(outbound: WebSocketOutboundWriter, task: Task<Void, Never>, sharing box: StateBox) {
        self.outbound = outbound
        self.task = task
        self.box = box
    }

    private let box: StateBox

    final class StateBox: Sendable {
        let state = Mutex(State())
    }

    /// Connects and returns once the upgrade succeeded; throws when it is refused.
    public static func connect(_ url: String) async throws -> PlainStreamClient {
        let box = StateBox()
        let (writers, writerContinuation) = AsyncThrowingStream<WebSocketOutboundWriter, Error>.makeStream()
        var logger = Logger(label: "plain-client")
        logger.logLevel = .critical
        let task = Task {
            do {
                let close = try await WebSocketClient.connect(
                    url: url, configuration: .init(maxFrameSize: 1 << 24), logger: logger
                ) { inbound, outbound, _ in
                    writerContinuation.yield(outbound)
                    for try await message in inbound.messages(maxSize: 1 << 24) {
                        switch message {
                        case .text(let text): box.state.withLock { $0.texts.append(text) }
                        case .binary: box.state.withLock { $0.binaryCount += 1 }
                        }
                    }
                }
                box.state.withLock {
                    $0.closeCode = close.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) }
                    $0.closeReason = close?.reason
                    $0.finished = true
                }
                writerContinuation.finish()
            } catch {
                box.state.withLock { $0.failure = String(describing: error); $0.finished = true }
                writerContinuation.finish(throwing: error)
            }
        }
        var iterator = writers.makeAsyncIterator()
        guard let outbound = try await iterator.next() else {
            throw HarnessError("connection ended before the upgrade: \(box.state.withLock { $0.failure ?? "" })")
        }
        return PlainStreamClient(outbound: outbound, task: task, sharing: box)
    }

    public func send(_ text: String) async throws { try await outbound.write(.text(text)) }
    public func sendBinary(_ bytes: [UInt8]) async throws { try await outbound.write(.binary(ByteBuffer(bytes: bytes))) }
    public func send(_ message: ClientMessage) async throws { try await send(ClientMessageCodec.encode(message)) }
    public func close() async {
        try? await outbound.close(.normalClosure, reason: nil)
        _ = await task.value
    }

    public var texts: [String] { box.state.withLock { $0.texts } }
    public var frames: [ServerFrame] { texts.compactMap { try? FrameDecoder.decode($0) } }
    public var isFinished: Bool { box.state.withLock { $0.finished } }
    public var closeCode: Int? { box.state.withLock { $0.closeCode } }
    public var closeReason: String? { box.state.withLock { $0.closeReason } }

    /// Waits until a decoded frame satisfies `match` (searching from frame `after`), up to `seconds`.
    @discardableResult
    public func waitFor(_ what: String, seconds: Double = 5, after: Int = 0,
                 _ match: (ServerFrame) -> Bool) async throws -> ServerFrame {
        try await waitFor(what, seconds: seconds, after: after, decode: { try? FrameDecoder.decode($0) }, match)
    }

    /// Waits until a frame, read with `decode` (another venue's decoder), satisfies `match`.
    @discardableResult
    public func waitFor<Frame>(_ what: String, seconds: Double = 5, after: Int = 0, decode: (String) -> Frame?,
                               _ match: (Frame) -> Bool) async throws -> Frame {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var checked = after
        while ContinuousClock.now < deadline {
            let texts = self.texts
            while checked < texts.count {
                if let frame = decode(texts[checked]), match(frame) { return frame }
                checked += 1
            }
            if isFinished { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HarnessError("no frame: \(what) within \(seconds)s; got \(texts.count) frames, last: \(texts.suffix(3))")
    }

    /// Waits until the connection has ended.
    public func waitUntilFinished(seconds: Double = 5) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !isFinished {
            guard ContinuousClock.now < deadline else { throw HarnessError("connection still open after \(seconds)s") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// The API key tests sign with; `withSimulator` registers it (key index 0) for `accounts`.
public enum TestKeys {
    public static let privateKey = LighterPrivateKey.generate()
    public static let accounts: ClosedRange<Int64> = 0...20
    public static let signer = TransactionSigner(privateKey: privateKey, chainId: 304)
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

public func formEncode(_ fields: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        .joined(separator: "&")
}
