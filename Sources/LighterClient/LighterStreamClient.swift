import Foundation
import LighterProtocol
import Logging
import NIOCore
import NIOSSL
import NIOWebSocket
import WSClient

/// A Lighter stream client that does not lose fills: it follows one market's book and one
/// account's orders and trades, keeps the socket alive, reconnects with backoff, resyncs a
/// book on a nonce gap without dropping the connection, refreshes its auth token, and
/// reconciles through REST after every connect so that fills made while it was away are
/// reported too, each exactly once.
public final class LighterStreamClient: Sendable {
    public let configuration: StreamClientConfiguration
    let tokens: (any AuthTokenProvider)?
    let journal: FillJournal?
    let history: [FillEvent]
    let recorder: FrameRecorder?
    let logger: Logger

    /// - Parameters:
    ///   - history: fills already reported (from the journal); none of them is reported again.
    public init(configuration: StreamClientConfiguration, tokens: (any AuthTokenProvider)?, journal: FillJournal? = nil,
                history: [FillEvent] = [], recorder: FrameRecorder? = nil, logger: Logger) {
        self.configuration = configuration
        self.tokens = tokens
        self.journal = journal
        self.history = history
        self.recorder = recorder
        self.logger = logger
    }

    /// State that outlives a connection.
    struct Persistent {
        var tracker: FillTracker
        /// No fills were known when the client started: fills older than `startedAtMs` in
        /// snapshots and REST lists are history, not news.
        var firstSync: Bool
        let startedAtMs: Int64
        var token: MintedToken?
        var fillsReported = 0
        var reconnects = 0
        var tokenExpiryWarned = false
    }

    /// Why no token could be had; never holds a token or a key.
    struct TokenFailure: Error, Sendable {
        var reason: String
    }

    struct MintedToken {
        var text: String
        var mintedAt: ContinuousClock.Instant
        /// When the client refreshes it.
        var refreshAt: ContinuousClock.Instant
        var deadlineSeconds: Int64?
    }

    /// Runs until the surrounding task is cancelled. Configuration problems throw at once;
    /// network trouble never does: it is reported through `onEvent` and retried.
    public func run(onEvent: @escaping @Sendable (StreamEvent) -> Void) async throws {
        let endpoint = try configuration.endpoint()
        let rest = LighterREST(baseURL: try configuration.restBase())
        var tracker = FillTracker(account: configuration.account ?? -1, market: configuration.market)
        tracker.restore(from: history)
        var persistent = Persistent(tracker: tracker, firstSync: history.isEmpty, startedAtMs: Self.nowMs())
        var attempt = 0
        let clock = ContinuousClock()
        while !Task.isCancelled {
            attempt += 1
            onEvent(.connecting(url: configuration.url, attempt: attempt))
            logger.log(GuideLog.connecting(url: configuration.url))
            let started = clock.now
            let session = Session(client: self, endpoint: endpoint, rest: rest, onEvent: onEvent)
            let cause = await session.run(&persistent)
            guard !Task.isCancelled else { break }
            persistent.firstSync = false
            persistent.reconnects += 1
            onEvent(.disconnected(cause: cause))
            if clock.now - started >= configuration.healthySession && session.everConfirmed { attempt = 1 }
            let delay = backoff(attempt: attempt)
            let delayMs = Int64(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)
            logger.log(GuideLog.reconnecting(delayMs: delayMs, attempt: attempt, cause: cause))
            onEvent(.reconnecting(afterMs: delayMs, attempt: attempt, cause: cause))
            try? await Task.sleep(for: delay)
        }
        journal?.close()
    }

    /// Exponential backoff with full jitter between half and all of the step.
    func backoff(attempt: Int) -> Duration {
        let initial = configuration.backoffInitial
        let ceiling = configuration.backoffMax
        var step = initial
        for _ in 1..<max(1, min(attempt, 30)) {
            step = step * 2
            if step >= ceiling { step = ceiling; break }
        }
        let jitter = Double.random(in: 0.5...1.0)
        return step * jitter
    }

    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Asks the provider for a token when there is none or the one held is due for refresh.
    func currentToken(_ persistent: inout Persistent, force: Bool = false,
                      onEvent: @Sendable (StreamEvent) -> Void = { _ in }) async -> String? {
        guard let tokens else { return nil }
        let clock = ContinuousClock()
        if let held = persistent.token, !force, clock.now < held.refreshAt { return held.text }
        if let held = persistent.token, !tokens.canRefresh {
            // A fixed token cannot be renewed: say so once, keep using it until it expires.
            if !persistent.tokenExpiryWarned, let deadline = held.deadlineSeconds {
                persistent.tokenExpiryWarned = true
                logger.warning("Auth token expires in \(deadline - Self.nowMs() / 1000) s and cannot be refreshed (fixed token); give --auth-token-command to rotate it")
            }
            return held.text
        }
        switch await fetchToken() {
        case .success(let text):
            adopt(text, into: &persistent)
            return text
        case .failure(let failure):
            noteTokenFailure(failure, &persistent, onEvent: onEvent)
            return persistent.token?.text
        }
    }

    /// A token from the provider; touches no state, so it may run beside the session.
    func fetchToken() async -> Result<String, TokenFailure> {
        guard let tokens else { return .failure(TokenFailure(reason: "no token provider")) }
        do { return .success(try await tokens.freshToken()) } catch {
            return .failure(TokenFailure(reason: LogRedaction.redact(String(describing: error))))
        }
    }

    /// Holds a new token and schedules its refresh.
    func adopt(_ text: String, into persistent: inout Persistent) {
        let deadline = (try? AuthToken(parsing: text))?.deadline
        let now = ContinuousClock.now
        var lifetime = configuration.tokenLifetime
        if let deadline {
            lifetime = .seconds(max(0, deadline - Self.nowMs() / 1000))
        }
        let refreshIn = max(lifetime - configuration.tokenRefreshMargin, lifetime / 2)
        if let age = persistent.token.map({ now - $0.mintedAt }) {
            logger.log(GuideLog.tokenRefresh(ageSeconds: age.components.seconds))
        }
        persistent.token = MintedToken(text: text, mintedAt: now, refreshAt: now + refreshIn, deadlineSeconds: deadline)
        persistent.tokenExpiryWarned = false
    }

    /// Logs and reports a failed mint. A held token is kept and asked again for in a while,
    /// not on every tick.
    func noteTokenFailure(_ failure: TokenFailure, _ persistent: inout Persistent, onEvent: @Sendable (StreamEvent) -> Void) {
        logger.log(GuideLog.authTokenFailed(reason: failure.reason))
        onEvent(.authTokenFailed(reason: failure.reason))
        if persistent.token != nil { persistent.token?.refreshAt = ContinuousClock.now + configuration.tokenRetryInterval }
    }
}
