import BackpackClient
import BackpackProtocol
import Foundation
import Logging
import StreamKit
import Synchronization

/// The guide's checklist applied to Backpack's streams, live and read-only (no orders): the
/// venue's clock, connect, the package depth (first data, then the book seeded from a REST
/// snapshot), the book ticker, the signed private subscribe and a signed REST read, each timed.
/// The venue never acknowledges a subscribe, so a stream passes on its first data, and a
/// private one on the absence of an error.
package struct BackpackLiveProbe: Sendable {
    /// What the probe saw.
    package struct Result: Sendable {
        /// The stream URL probed.
        package var url: String
        /// The market probed.
        package var symbol: String
        /// The account's package key, shortened; nil when no key was given.
        package var account: String?
        /// Each step of the checklist, timed.
        package var steps: [LiveProbe.Step]
        /// Why the connection failed, when it did.
        package var connectFailure: ConnectFailure?
        /// The HTTP status a refused upgrade came with.
        package var upgradeStatus: Int?
        /// The error frames received.
        package var serverErrors: [BackpackStreamError]
        /// Frames seen by stream.
        package var messagesByType: [String: Int]
        /// How long the probe listened.
        package var seconds: Double
        /// Order and position updates seen (the account trading during the probe).
        package var orderActivity: Int
    }

    /// The client's settings, made fit for one attempt.
    package let configuration: BackpackClientConfiguration
    /// The API key; without it the account is not probed.
    package let signer: BackpackSigner?
    /// How long to listen.
    package let seconds: Int

    /// A probe of `configuration`'s market, with the key when given, for `seconds`.
    package init(configuration: BackpackClientConfiguration, signer: BackpackSigner?, seconds: Int) {
        var configuration = configuration
        // One attempt: a probe reports why it could not connect instead of retrying.
        configuration.backoffInitial = .seconds(3600)
        configuration.healthInterval = nil
        configuration.confirmTimeout = .seconds(min(5, max(1, seconds / 2)))
        self.configuration = configuration
        self.signer = signer
        self.seconds = seconds
    }

    /// Runs the checklist for `seconds` (less when the connection fails).
    package func run() async throws -> Result {
        var logger = Logger(label: "backpack-probe")
        logger.logLevel = .critical
        let client = try BackpackStreamClient(configuration: configuration, signer: signer, logger: logger)
        let (events, listened) = await ProbeCollector<BackpackStreamEvent>.listen(seconds: seconds, endsEarly: { event in
            if case .connectFailed = event { true } else { false }
        }, client: { report in try await client.run(onEvent: report) })
        var result = summarise(events, seconds: listened)
        if case .upgradeRejected? = result.connectFailure, let endpoint = try? configuration.endpoint() {
            result.upgradeStatus = await LiveProbe.upgradeStatus(secure: endpoint.secure, host: endpoint.host,
                                                                 port: endpoint.port, path: endpoint.path)
            if let status = result.upgradeStatus {
                result.connectFailure = .upgradeRejected("HTTP \(status) at the WebSocket upgrade")
            }
        }
        return result
    }

    func summarise(_ events: [(Int64, BackpackStreamEvent)], seconds: Double) -> Result {
        var steps: [LiveProbe.Step] = []
        var failure: ConnectFailure?
        var errors: [BackpackStreamError] = []
        var counts: [String: Int] = [:]
        var connectedAt: Int64?
        var closed: (at: Int64, cause: String)?
        var clockStep: LiveProbe.Step?
        var states: [String: (Int64, BackpackSubscriptionState)] = [:]
        var synced: (Int64, Int64)?
        var rest: LiveProbe.Step?
        var activity = 0
        let symbol = configuration.symbol
        for (at, event) in events {
            switch event {
            case .clockSynced(let offset):
                clockStep = clockStep ?? LiveProbe.Step(name: "venue clock (/api/v1/time)", outcome: "ok", atMs: at,
                                                        detail: "venue \(offset) ms \(offset >= 0 ? "ahead of" : "behind") us")
            case .connectFailed(let why):
                if failure == nil {
                    failure = why
                    steps.append(LiveProbe.Step(name: "connect", outcome: "failed", atMs: at, detail: why.description))
                }
            case .connected:
                if connectedAt == nil { connectedAt = at; steps.append(LiveProbe.Step(name: "connect", outcome: "ok", atMs: at, detail: nil)) }
            case .subscription(let stream, let state):
                // An error or data is the answer; a resubscribe after it does not undo it.
                switch states[stream]?.1 {
                case .errored?, .live?: break
                default: states[stream] = (at, state)
                }
            case .bookSynced(let id, _):
                synced = synced ?? (at, id)
            case .book: counts["depth.\(symbol)", default: 0] += 1
            case .bookTicker: counts["bookTicker.\(symbol)", default: 0] += 1
            case .orderUpdate:
                counts["account.orderUpdate.\(symbol)", default: 0] += 1
                activity += 1
            case .position:
                counts["account.positionUpdate.\(symbol)", default: 0] += 1
                activity += 1
            case .serverError(let error):
                errors.append(error)
                counts["error", default: 0] += 1
            case .reconciled(let checked, _):
                rest = rest ?? LiveProbe.Step(name: "signed REST read (fills history)", outcome: "ok", atMs: at,
                                              detail: "\(checked) fills since the probe began")
            case .reconcileFailed(let error):
                rest = rest ?? LiveProbe.Step(name: "signed REST read (fills history)", outcome: "failed", atMs: at,
                                              detail: error.description)
            case .disconnected(let cause):
                if connectedAt != nil, closed == nil { closed = (at, cause) }
            default:
                break
            }
        }
        steps.insert(clockStep ?? LiveProbe.Step(name: "venue clock (/api/v1/time)", outcome: "failed", atMs: nil,
                                                 detail: "no answer: signed requests use our clock"), at: 0)
        if failure == nil && connectedAt == nil {
            steps.append(LiveProbe.Step(name: "connect", outcome: "failed", atMs: nil, detail: "not connected within \(self.seconds) s"))
        }
        let depth = BackpackStream.depth(symbol: symbol, intervalMs: nil).name
        steps.append(step("subscribe \(depth)", states[depth], connected: connectedAt != nil, errors: errors))
        if let (at, id) = synced {
            steps.append(LiveProbe.Step(name: "depth book seeded (REST snapshot aligned with the stream)", outcome: "ok", atMs: at,
                                        detail: "lastUpdateId \(id)"))
        } else {
            steps.append(LiveProbe.Step(name: "depth book seeded (REST snapshot aligned with the stream)",
                                        outcome: connectedAt == nil ? "skipped" : "failed", atMs: nil,
                                        detail: connectedAt == nil ? nil : "no snapshot lined up with the depth stream"))
        }
        let ticker = BackpackStream.bookTicker(symbol: symbol).name
        steps.append(step("subscribe \(ticker)", states[ticker], connected: connectedAt != nil, errors: errors))
        let orders = BackpackStream.orderUpdate(symbol: symbol).name
        // Without a key the account is not probed at all, as the Lighter probe without an account.
        if signer != nil {
            steps.append(step("signed subscribe \(orders)", states[orders], connected: connectedAt != nil, errors: errors))
            steps.append(rest ?? LiveProbe.Step(name: "signed REST read (fills history)", outcome: "unconfirmed", atMs: nil,
                                                detail: "no answer during the probe"))
        }
        if let connectedAt {
            if let closed {
                let lasted = String(format: "%.1f", Double(closed.at - connectedAt) / 1000)
                steps.append(LiveProbe.Step(name: "stay connected", outcome: "failed", atMs: closed.at,
                                            detail: "the connection closed after \(lasted) s: \(BackpackLog.clean(closed.cause, limit: 300))"))
            } else {
                steps.append(LiveProbe.Step(name: "stay connected", outcome: "ok", atMs: nil,
                                            detail: "open until the probe ended (\(String(format: "%.1f", seconds)) s)"))
            }
        }
        return Result(url: configuration.url, symbol: symbol, account: signer.map { BackpackLog.keyLabel($0.publicKeyBase64) },
                      steps: steps, connectFailure: failure, upgradeStatus: nil, serverErrors: errors, messagesByType: counts,
                      seconds: seconds, orderActivity: activity)
    }

    /// A subscription's step: data is a pass; a private stream's silence without an error is a
    /// pass too (the venue says nothing until the account trades); an error frame is a failure.
    private func step(_ name: String, _ seen: (Int64, BackpackSubscriptionState)?, connected: Bool,
                      errors: [BackpackStreamError]) -> LiveProbe.Step {
        guard let (at, state) = seen else {
            return LiveProbe.Step(name: name, outcome: connected ? "not sent" : "skipped", atMs: nil, detail: nil)
        }
        switch state {
        case .live: return LiveProbe.Step(name: name, outcome: "ok", atMs: at, detail: "data arrived")
        case .quiet: return LiveProbe.Step(name: name, outcome: "ok", atMs: at, detail: "taken without an error (no acknowledgement exists)")
        case .errored(let code, let message):
            return LiveProbe.Step(name: name, outcome: "failed", atMs: at, detail: "error \(code): \(message)")
        case .sent, .unconfirmed:
            let detail = errors.first.map { "no data; the server sent error \($0.code): \(BackpackLog.clean($0.message, limit: 200))" }
            return LiveProbe.Step(name: name, outcome: "unconfirmed", atMs: at,
                                  detail: detail ?? "no data and no error: the venue answers an unknown or closed market with silence")
        }
    }
}
