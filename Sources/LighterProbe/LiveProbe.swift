import AsyncHTTPClient
import Diagnosis
import Foundation
import LighterClient
import LighterProtocol
import Logging
import NIOCore
import Synchronization

/// The diagnostic guide's checklist, run live and read-only (no orders): connect, wait for
/// `connected`, subscribe the book, the account's orders and trades, and time each step.
/// Its log lines (debug, in our format) are kept so that the same diagnosis as `doctor`
/// can be run on them.
public struct LiveProbe: Sendable {
    public struct Step: Sendable, Hashable, Codable {
        public var name: String
        /// `ok`, `failed`, `unconfirmed`, `skipped`.
        public var outcome: String
        /// Milliseconds from the start of the probe, when it happened.
        public var atMs: Int64?
        public var detail: String?
    }

    public struct Result: Sendable {
        /// What was probed: the stream URL, the market, and the account (nil: the book only).
        public var url: String
        /// The URL as the client read it (host, HTTP base, path); nil when it could not.
        public var endpoint: StreamEndpoint?
        public var market: Int
        public var account: Int64?
        public var steps: [Step]
        public var logLines: [String]
        public var connectFailure: ConnectFailure?
        /// The HTTP status the server answered the upgrade with, when it refused it.
        public var upgradeStatus: Int?
        public var serverErrors: [ErrorFrame]
        public var messagesByType: [String: Int]
        public var seconds: Double
    }

    public let configuration: StreamClientConfiguration
    public let tokens: (any AuthTokenProvider)?
    public let seconds: Int

    public init(configuration: StreamClientConfiguration, tokens: (any AuthTokenProvider)?, seconds: Int) {
        var configuration = configuration
        // One attempt: a probe reports why it could not connect instead of retrying.
        configuration.backoffInitial = .seconds(3600)
        configuration.healthInterval = nil
        self.configuration = configuration
        self.tokens = tokens
        self.seconds = seconds
    }

    final class Collector: Sendable {
        struct State {
            var events: [(Int64, StreamEvent)] = []
        }
        let state = Mutex(State())
        let started = ContinuousClock.now
        var elapsedMs: Int64 {
            let elapsed = ContinuousClock.now - started
            return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        }
        func add(_ event: StreamEvent) {
            let ms = elapsedMs
            state.withLock { $0.events.append((ms, event)) }
        }
        var events: [(Int64, StreamEvent)] { state.withLock { $0.events } }
    }

    public func run() async throws -> Result {
        let sink = MemoryLogSink()
        let name = "lighter_hedge_probe"
        let logger = Logger(label: name) { _ in PythonStyleLogHandler(name: name, sink: sink, logLevel: .debug) }
        let client = LighterStreamClient(configuration: configuration, tokens: tokens, logger: logger)
        let collector = Collector()
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + .seconds(seconds)
        let task = Task { try await client.run { collector.add($0) } }
        // Stop early only when the connection failed: otherwise listen the whole time, as some
        // faults (a dropped connection, a missing pong, a channel gone silent) show late.
        while clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            let events = collector.events.map(\.1)
            if events.contains(where: { if case .connectFailed = $0 { true } else { false } }) { break }
        }
        // What happens after this is the probe hanging up, not the server.
        let stoppedAtMs = collector.elapsedMs
        task.cancel()
        _ = await task.result
        let elapsed = clock.now - started
        var result = summarise(collector.events.filter { $0.0 < stoppedAtMs }, logLines: sink.lines,
                               seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        if case .upgradeRejected? = result.connectFailure {
            result.upgradeStatus = await upgradeStatus()
            if let status = result.upgradeStatus {
                result.connectFailure = .upgradeRejected("HTTP \(status) at the WebSocket upgrade")
            }
        }
        return result
    }

    func summarise(_ events: [(Int64, StreamEvent)], logLines: [String], seconds: Double) -> Result {
        var steps: [Step] = []
        var failure: ConnectFailure?
        var errors: [ErrorFrame] = []
        var counts: [String: Int] = [:]
        var connectedAt: Int64?
        var closed: (at: Int64, cause: String)?
        var states: [StreamChannel: (Int64, SubscriptionState)] = [:]
        for (at, event) in events {
            switch event {
            case .connectFailed(let why): if failure == nil { failure = why; steps.append(Step(name: "connect", outcome: "failed", atMs: at, detail: why.description)) }
            case .connected(let session): if connectedAt == nil { connectedAt = at; steps.append(Step(name: "connected frame", outcome: "ok", atMs: at, detail: "session \(session)")) }
            case .subscription(let channel, let state): states[channel] = (at, state)
            case .serverError(let error): errors.append(error)
            case .disconnected(let cause): if connectedAt != nil, closed == nil { closed = (at, cause) }
            case .authTokenFailed(let reason):
                if !steps.contains(where: { $0.name == "auth token" }) {
                    steps.append(Step(name: "auth token", outcome: "failed", atMs: at, detail: reason))
                }
            default: break
            }
        }
        if failure == nil && connectedAt == nil {
            steps.append(Step(name: "connected frame", outcome: "failed", atMs: nil, detail: "no connected frame within \(self.seconds) s"))
        }
        var channels: [StreamChannel] = [.orderBook(market: configuration.market)]
        if let account = configuration.account {
            channels.append(.accountOrders(market: configuration.market, account: account))
            if configuration.subscribeAccountTrades { channels.append(.accountAllTrades(account: account)) }
        }
        for channel in channels {
            let name = "subscribe \(channel.subscribeName)"
            guard let (at, state) = states[channel] else {
                steps.append(Step(name: name, outcome: connectedAt == nil ? "skipped" : "not sent",
                                  atMs: nil, detail: channel.requiresAuth && tokens == nil ? "no auth token given" : nil))
                continue
            }
            switch state {
            case .confirmed: steps.append(Step(name: name, outcome: "ok", atMs: at, detail: nil))
            case .errored(let code, let message):
                steps.append(Step(name: name, outcome: "failed", atMs: at, detail: "error \(code.map(String.init) ?? "(no code)"): \(LogRedaction.redact(message))"))
            case .pending, .unconfirmed:
                // Error frames name no channel: one that came while this waited is likely its answer.
                let detail = errors.first.map { "no confirmation; the server sent error \($0.code.map(String.init) ?? "(no code)"): \(LogRedaction.redact($0.message))" }
                steps.append(Step(name: name, outcome: "unconfirmed", atMs: at, detail: detail ?? "no answer from the server"))
            case .unsubscribed: steps.append(Step(name: name, outcome: "unsubscribed", atMs: at, detail: nil))
            }
        }
        if let connectedAt {
            // The connection must last the whole window: a server that drops it leaves the bot
            // reconnecting (and blind) every time.
            if let closed {
                let lasted = String(format: "%.1f", Double(closed.at - connectedAt) / 1000)
                steps.append(Step(name: "stay connected", outcome: "failed", atMs: closed.at,
                                  detail: "the connection closed after \(lasted) s: \(LogRedaction.redact(closed.cause))"))
            } else {
                steps.append(Step(name: "stay connected", outcome: "ok", atMs: nil,
                                  detail: "open until the probe ended (\(String(format: "%.1f", seconds)) s)"))
            }
        }
        for line in logLines {
            guard let range = line.range(of: "Received message type: ") else { continue }
            counts[String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces), default: 0] += 1
        }
        let parsed = try? configuration.endpoint()
        let endpoint = parsed.flatMap { parsed in
            (try? configuration.restBase()).map { StreamEndpoint(host: parsed.host, httpBase: $0, path: parsed.path) }
        }
        return Result(url: configuration.url, endpoint: endpoint, market: configuration.market, account: configuration.account,
                      steps: steps, logLines: logLines, connectFailure: failure, upgradeStatus: nil, serverErrors: errors,
                      messagesByType: counts, seconds: seconds)
    }

    /// Asks the stream URL with the upgrade headers as a plain HTTP request, to learn the
    /// status a refused upgrade came with (the WebSocket library only says "refused").
    func upgradeStatus() async -> Int? {
        guard let endpoint = try? configuration.endpoint() else { return nil }
        let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        let url = (endpoint.secure ? "https://" : "http://") + host + (endpoint.port.map { ":\($0)" } ?? "") + endpoint.path
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Connection", value: "Upgrade")
        request.headers.add(name: "Upgrade", value: "websocket")
        request.headers.add(name: "Sec-WebSocket-Version", value: "13")
        request.headers.add(name: "Sec-WebSocket-Key", value: Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString())
        request.headers.add(name: "User-Agent", value: "lighter-hedge/0.1")
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)) else { return nil }
        return Int(response.status.code)
    }
}
