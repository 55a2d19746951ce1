import Foundation
import Journaling
import LighterProtocol
import Logging
import NIOCore
import NIOWebSocket
import StreamKit
import Synchronization

/// A Lighter stream client that does not lose fills: it follows one market's book and one
/// account's orders and trades, keeps the socket alive, reconnects with backoff, resyncs a
/// book on a nonce gap without dropping the connection, refreshes its auth token, and
/// reconciles through REST after every connect so that fills made while it was away are
/// reported too, each exactly once.
///
/// ```swift
/// var configuration = StreamClientConfiguration(market: 0, account: 12345)  // mainnet, ETH
/// configuration.apiKeyIndex = 3
/// let key = try LighterPrivateKey(hex: secretHex)
/// let tokens = try SignerTokenProvider(privateKey: key, account: 12345, apiKeyIndex: 3)
/// let client = LighterStreamClient(configuration: configuration, tokens: tokens,
///                                  logger: Logger(label: "lighter"))
/// try await client.run { event in  // until the task is cancelled; reconnects by itself
///     switch event {
///     case .fill(let fill): print(fill.side, fill.size, "at", fill.price, "order", fill.clientOrderIndex)
///     case .book(let book): _ = book.bestBid
///     default: break
///     }
/// }
/// ```
///
/// Give it a `FillJournal` and the fills already in it (`history`) so that a restart reports
/// no fill twice and misses none.
public final class LighterStreamClient: Sendable {
    /// What the client was made with.
    public let configuration: StreamClientConfiguration
    let tokens: (any AuthTokenProvider)?
    let journal: FillJournal?
    let history: [FillEvent]
    let recorder: FrameRecorder?
    let logger: Logger
    /// Transactions sent over the socket, waiting for their answers.
    let transactions = SocketTransactions()
    /// The open session's input, for transactions to be sent on it; nil between sessions.
    let liveInput = Mutex<SessionInbox<SessionInput>?>(nil)

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
        /// Venue time from which fills are news: older orders and trades in snapshots and REST
        /// lists are history, absorbed without a report.
        var originMs: Int64
        /// Where the next reconciliation pages back to, and how the last one went.
        var reconcile: ReconcileProgress
        var token: MintedToken?
        var fillsReported = 0
        var reconnects = 0
        var tokenExpiryWarned = false
        /// Last time an account frame or a fill arrived (local milliseconds).
        var lastAccountActivityMs: Int64 = 0
        /// Open orders in the last reconciliation.
        var openOrders = 0
        /// Blindness: since when no fill source is alive, and the blind time so far.
        var sight = SightWatch()
        var auth = AuthRetry()
        /// Set when the run must stop; `run` throws it.
        var failure: StreamClientFailure?
    }

    /// When to ask for a fresh token after the venue refused one on a private channel.
    struct AuthRetry {
        var delayMs: Int64 = 1000
        var nextMs: Int64 = 0
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

    /// Runs until the surrounding task is cancelled. Configuration problems throw at once, and
    /// so do a fill journal that cannot be written and, with `blindness.stopsRun`, blindness
    /// (`StreamClientFailure`); network trouble never does: it is reported through `onEvent`
    /// and retried.
    public func run(onEvent: @escaping @Sendable (StreamEvent) -> Void) async throws {
        let endpoint = try configuration.endpoint()
        let rest = LighterREST(baseURL: try configuration.restBase())
        var tracker = FillTracker(account: configuration.account ?? -1, market: configuration.market)
        let contents = journal?.contents ?? FillJournalContents()
        tracker.restore(from: contents)
        tracker.restore(from: history)
        let startedMs = Self.nowMs()
        var persistent = Persistent(tracker: tracker, originMs: startedMs, reconcile: ReconcileProgress(fromMs: startedMs))
        defer { journal?.close() }
        if configuration.account != nil {
            let (origin, isNew) = try await historyOrigin(contents, rest: rest, &persistent, onEvent: onEvent)
            persistent.originMs = origin.originMs
            // An account with no order at all when the journal began has nothing before then.
            let floor = origin.basis == .venue && origin.originMs == 0 ? origin.createdMs : origin.originMs
            let resume = isNew ? floor : (contents.resumeFromMs ?? floor)
            persistent.reconcile = ReconcileProgress(fromMs: max(resume, floor) - configuration.reconcile.overlap.wholeMilliseconds)
            onEvent(.historyOrigin(origin, isNew: isNew))
        }
        var attempt = 0
        let clock = ContinuousClock()
        while !Task.isCancelled {
            attempt += 1
            onEvent(.connecting(url: configuration.url, attempt: attempt))
            logger.log(GuideLog.connecting(url: configuration.url))
            let started = clock.now
            let session = Session(client: self, endpoint: endpoint, rest: rest, onEvent: onEvent)
            liveInput.withLock { $0 = session.input }
            let cause = await session.run(&persistent)
            liveInput.withLock { $0 = nil }
            transactions.abandonAll(reason: "the connection ended (\(cause)) before the answer")
            if let failure = persistent.failure { throw failure }
            guard !Task.isCancelled else { break }
            persistent.reconnects += 1
            onEvent(.disconnected(cause: cause))
            if clock.now - started >= configuration.healthySession && session.everConfirmed { attempt = 1 }
            let delay = Backoff(initial: configuration.backoffInitial, maximum: configuration.backoffMax).delay(attempt: attempt)
            let delayMs = delay.wholeMilliseconds
            logger.log(GuideLog.reconnecting(delayMs: delayMs, attempt: attempt, cause: cause))
            onEvent(.reconnecting(afterMs: delayMs, attempt: attempt, cause: cause))
            updateSight(&persistent, alive: false, reason: "disconnected: \(cause)", onEvent: onEvent)
            if let failure = persistent.failure { throw failure }
            try? await Task.sleep(for: delay)
        }
    }

    /// Blind time so far, spells still open included.
    func blindMilliseconds(_ persistent: Persistent) -> Int64 {
        persistent.sight.blindMilliseconds(nowMs: Self.nowMs())
    }

    // MARK: Where history begins

    /// The journal's origin, or a new one: just after the newest order the venue lists for the
    /// account (orders still open then are journaled with what they had filled, so that their
    /// later fills alone are news), `since` when given, or the local clock when the venue
    /// cannot be asked.
    private func historyOrigin(_ contents: FillJournalContents, rest: LighterREST, _ persistent: inout Persistent,
                               onEvent: @Sendable (StreamEvent) -> Void)
        async throws -> (JournalOrigin, isNew: Bool) {
        let account = configuration.account ?? -1
        let market = configuration.market
        let now = Self.nowMs()
        if let origin = contents.origin { return (origin, false) }
        if !contents.fills.isEmpty {
            // A journal from before origins were recorded: its oldest fill is the best bound.
            let origin = JournalOrigin(account: account, market: market,
                                                  originMs: contents.fills.map(\.timeMs).min() ?? now,
                                                  createdMs: now, basis: .clock)
            try record(.origin(origin))
            return (origin, false)
        }
        var baselines: [OrderBaseline] = []
        var origin = JournalOrigin(account: account, market: market, originMs: now, createdMs: now, basis: .clock)
        if let since = configuration.since {
            origin.originMs = since
            origin.basis = .since
        } else if journal == nil {
            // Nothing outlives this run: its own start is where its news begins.
            return (origin, true)
        } else if let token = await currentToken(&persistent, onEvent: onEvent) {
            do {
                async let active = rest.activeOrders(account: account, market: market, auth: token)
                async let newest = rest.inactiveOrders(account: account, market: market, limit: 1, auth: token)
                let (open, finished) = try await (active, newest.orders)
                let newestMs = (open + finished).compactMap(\.timestampMilliseconds).max()
                // No order at all: nothing is history.
                origin.originMs = newestMs.map { $0 + 1 } ?? 0
                origin.basis = .venue
                for order in open where order.filledBaseAmount > .zero {
                    baselines.append(.init(orderIndex: order.orderIndex, market: order.marketIndex, isAsk: order.isAsk,
                                           filled: order.filledBaseAmount, quote: order.filledQuoteAmount))
                }
            } catch {
                logger.warning("Could not ask the venue where this account's history ends (\(LogRedaction.redact(String(describing: error)))); the local clock marks the start of the journal")
            }
        }
        guard journal != nil else { return (origin, true) }
        for baseline in baselines { try record(.baseline(baseline)) }
        try record(.origin(origin))
        var absorbed = FillJournalContents(origin: origin)
        absorbed.baselines = baselines
        persistent.tracker.restore(from: absorbed)
        return (origin, true)
    }

    private func record(_ record: FillJournalRecord) throws(StreamClientFailure) {
        do { try journal?.append(record: record) } catch { throw .journal(error) }
    }

    // MARK: Blindness

    /// Tracks whether any fill source is alive, says so loudly when none has been for
    /// `blindness.after`, and again every `blindness.repeatEvery` while that lasts.
    func updateSight(_ persistent: inout Persistent, alive: Bool, reason: @autoclosure () -> String,
                     onEvent: @Sendable (StreamEvent) -> Void) {
        guard let account = configuration.account else { return }
        switch persistent.sight.update(alive: alive, nowMs: Self.nowMs(), policy: configuration.blindness) {
        case .restored(let blind)?:
            logger.log(GuideLog.sightRestored(account: account, blindSeconds: blind / 1000, source: reason()))
            onEvent(.sightRestored(blindMs: blind))
        case .blind(let forMs)?:
            let why = reason()
            logger.log(GuideLog.blind(account: account, seconds: forMs / 1000, reason: why))
            onEvent(.blind(reason: why, forMs: forMs))
            if configuration.blindness.stopsRun { persistent.failure = .blind(reason: why) }
        case nil:
            break
        }
    }

    static func nowMs() -> Int64 { LogClock.nowMilliseconds() }

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
        let text: String
        do { text = try await tokens.freshToken() } catch {
            return .failure(TokenFailure(reason: LogRedaction.redact(String(describing: error))))
        }
        // A token about to lapse is no token: taking it would mean asking again at once, and
        // again, each time with a resubscribe.
        if let deadline = (try? AuthToken(parsing: text))?.deadline {
            let left = deadline - Self.nowMs() / 1000
            if left < configuration.tokenMinimumRemaining.components.seconds {
                return .failure(TokenFailure(reason: left <= 0 ? "the token expired \(-left) s ago"
                    : "the token expires in \(left) s, too soon to use"))
            }
        }
        return .success(text)
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

extension LighterStreamClient: TransactionSocket {
    /// Sends over the open connection (`jsonapi/sendtx`); `.notSent` when none is open, so the
    /// caller can use REST instead.
    public func sendTransaction(txType: Int, txInfo: String, timeout: Duration) async -> SocketSendResult {
        let id = transactions.newID()
        let transactions = self.transactions
        let timer = Task {
            try? await Task.sleep(for: timeout)
            transactions.abandon(id, reason: "no answer within \(timeout)")
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            transactions.register(id, continuation)
            let posted = liveInput.withLock { $0?.post(.sendTx(id: id, txType: txType, txInfo: txInfo)) ?? false }
            if !posted { transactions.abandon(id, reason: "not connected") }
        }
    }
}
