import AsyncHTTPClient
import Diagnosis
import Foundation
import LighterClient
import LighterProtocol
import StreamKit
import Logging
import NIOCore
import Synchronization

/// The diagnostic guide's checklist, run live and read-only (no orders): connect, wait for
/// `connected`, subscribe the book, the account's orders and trades, and time each step.
/// Its log lines (debug, in our format) are kept so that the same diagnosis as `doctor`
/// can be run on them.
package struct LiveProbe: Sendable {
    /// One checklist step and how it went.
    package struct Step: Sendable, Hashable, Codable {
        /// The step, in the guide's words (`connect`, `subscribe order_book/0`).
        package var name: String
        /// `ok`, `failed`, `unconfirmed`, `unsubscribed`, `not sent`, or `skipped` (never connected).
        package var outcome: String
        /// Milliseconds from the start of the probe, when it happened.
        package var atMs: Int64?
        /// Why it failed or what it saw, when there is more to say.
        package var detail: String?
    }

    /// Everything the probe saw, for `LiveProbeReport` to judge.
    package struct Result: Sendable {
        /// What was probed: the stream URL, the market, and the account (nil: the book only).
        package var url: String
        /// The URL as the client read it (host, HTTP base, path); nil when it could not.
        package var endpoint: StreamEndpoint?
        /// The market whose book was subscribed.
        package var market: Int
        /// The account whose orders and trades were subscribed; nil when only the book was.
        package var account: Int64?
        /// The steps in the order they ran.
        package var steps: [Step]
        /// The client's log lines during the probe (debug, in the Python bot's format).
        package var logLines: [String]
        /// Why the connection failed, when it did.
        package var connectFailure: ConnectFailure?
        /// The HTTP status the server answered the upgrade with, when it refused it.
        package var upgradeStatus: Int?
        /// Error frames the server sent.
        package var serverErrors: [ErrorFrame]
        /// Frames received, by type.
        package var messagesByType: [String: Int]
        /// How long the probe ran.
        package var seconds: Double
    }

    /// The client's configuration, set to connect once and print no health lines.
    package let configuration: StreamClientConfiguration
    /// Where the account channels' auth tokens come from; nil probes the book only.
    package let tokens: (any AuthTokenProvider)?
    /// How long to listen after subscribing, in seconds.
    package let seconds: Int

    /// A probe of `configuration`'s endpoint, market and account, listening `seconds` seconds.
    package init(configuration: StreamClientConfiguration, tokens: (any AuthTokenProvider)?, seconds: Int) {
        var configuration = configuration
        // One attempt: a probe reports why it could not connect instead of retrying.
        configuration.backoffInitial = .seconds(3600)
        configuration.healthInterval = nil
        self.configuration = configuration
        self.tokens = tokens
        self.seconds = seconds
    }

    /// Connects once, subscribes, listens for `seconds` (less when the connection fails) and
    /// returns what happened; it places no order, and a failure to connect is part of the result.
    package func run() async throws -> Result {
        let sink = MemoryLogSink()
        let name = "lighter_hedge_probe"
        let logger = Logger(label: name) { _ in PythonStyleLogHandler(name: name, sink: sink, logLevel: .debug) }
        let client = LighterStreamClient(configuration: configuration, tokens: tokens, logger: logger)
        let (events, listened) = await ProbeCollector<StreamEvent>.listen(seconds: seconds, endsEarly: { event in
            if case .connectFailed = event { true } else { false }
        }, client: { report in try await client.run(onEvent: report) })
        var result = summarise(events, logLines: sink.lines, seconds: listened)
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
        return await Self.upgradeStatus(secure: endpoint.secure, host: endpoint.host, port: endpoint.port, path: endpoint.path)
    }

    /// The status a server answers a WebSocket upgrade at this place with, asked as a plain
    /// HTTP request; nil when it does not answer.
    static func upgradeStatus(secure: Bool, host: String, port: Int?, path: String) async -> Int? {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let url = (secure ? "https://" : "http://") + shownHost + (port.map { ":\($0)" } ?? "") + path
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
