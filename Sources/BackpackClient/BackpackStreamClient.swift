import AsyncHTTPClient
import BackpackProtocol
import Journaling
import Logging
import StreamKit

/// A Backpack client that does not lose fills: it follows one market's depth (kept continuous:
/// a gap in `U`/`u` reseeds the book from a REST snapshot aligned with the buffered updates,
/// without dropping the socket) and best bid/ask, and, with an API key, the account's order and
/// position streams (the signed subscribe). Fills are keyed by trade id, journaled before
/// anyone hears of them, and reconciled from the fills history after every connect and on a
/// schedule while the socket is up, so that fills made while it was away, or while the order
/// stream was silent, are reported too, each exactly once. The socket reconnects with backoff
/// and jitter; protocol pings are answered by the WebSocket layer.
public final class BackpackStreamClient: Sendable {
    /// What the client follows, and how.
    public let configuration: BackpackClientConfiguration
    /// The REST side, shared with callers that trade: one rate limiter and one clock.
    public let rest: BackpackRESTClient
    let signer: BackpackSigner?
    let journal: BackpackFillJournal?
    let logger: Logger
    let endpoint: VenueEndpoint

    /// - Parameters:
    ///   - signer: the API key; without it only the market is followed.
    ///   - journal: where fills are made durable before they are reported; without it every run
    ///     starts a new history at its own start.
    public init(configuration: BackpackClientConfiguration, signer: BackpackSigner?, journal: BackpackFillJournal? = nil,
                logger: Logger, http: HTTPClient = .shared) throws(BackpackClientConfiguration.Problem) {
        self.configuration = configuration
        self.endpoint = try configuration.endpoint()
        self.rest = BackpackRESTClient(baseURL: try configuration.restBase(), signer: signer, policy: configuration.rateLimit,
                                       windowMs: configuration.windowMs, http: http, logger: logger)
        self.signer = signer
        self.journal = journal
        self.logger = logger
    }

    /// The account's public key, shortened for lines; nil without a key.
    var accountLabel: String? { signer.map { BackpackLog.keyLabel($0.publicKeyBase64) } }

    /// State that outlives a connection.
    struct Persistent {
        var tracker: BackpackFillTracker
        /// Venue time from which fills are news; older history rows are absorbed unreported.
        var originMs: Int64
        var reconcile: ReconcileProgress
        var fillsReported = 0
        var reconnects = 0
        /// Last account frame or fill (local milliseconds).
        var lastAccountActivityMs: Int64 = 0
        /// Orders the stream last showed resting.
        var openOrders: Set<String> = []
        var sight = SightWatch()
        /// Set when the run must stop; `run` throws it.
        var failure: BackpackClientFailure?
    }

    /// Runs until the surrounding task is cancelled. A journal that cannot be written, a journal
    /// of another account or market and, with `blindness.stopsRun`, blindness throw
    /// (`BackpackClientFailure`); network trouble never does: it is reported and retried.
    public func run(onEvent: @escaping @Sendable (BackpackStreamEvent) -> Void) async throws {
        var tracker = BackpackFillTracker(symbol: configuration.symbol)
        let contents = journal?.contents ?? BackpackFillJournalContents()
        tracker.restore(from: contents)
        defer { journal?.close() }
        // Beside the connection, not before it: an unreachable REST host must not hold the stream
        // up, and a request outside its window resyncs the clock by itself anyway.
        let rest = self.rest
        let logger = self.logger
        let clockSync = Task {
            do throws(BackpackRESTError) {
                let offset = try await rest.syncClock()
                logger.log(BackpackLog.clockSynced(offsetMs: offset))
                onEvent(.clockSynced(offsetMs: offset))
            } catch {
                logger.warning("Could not read the venue's clock from /api/v1/time (\(error)); signing with ours until a request says it is off")
            }
        }
        defer { clockSync.cancel() }
        let startedMs = rest.clock.nowMs()
        var persistent = Persistent(tracker: tracker, originMs: startedMs, reconcile: ReconcileProgress(fromMs: startedMs))
        if signer != nil {
            let (origin, isNew) = try await historyOrigin(contents, &persistent)
            persistent.originMs = origin.originMs
            // An account with no fill at all when the journal began has nothing before then.
            let floor = origin.basis == .venue && origin.originMs == 0 ? origin.createdMs : origin.originMs
            let resume = isNew ? floor : (contents.resumeFromMs ?? floor)
            persistent.reconcile = ReconcileProgress(fromMs: max(resume, floor) - configuration.reconcile.overlap.wholeMilliseconds)
            onEvent(.historyOrigin(origin, isNew: isNew))
        }
        var attempt = 0
        let clock = ContinuousClock()
        let backoff = Backoff(initial: configuration.backoffInitial, maximum: configuration.backoffMax)
        while !Task.isCancelled {
            attempt += 1
            onEvent(.connecting(url: configuration.url, attempt: attempt))
            logger.log(BackpackLog.connecting(url: configuration.url))
            let started = clock.now
            let session = BackpackSession(client: self, onEvent: onEvent)
            let cause = await session.run(&persistent)
            if let failure = persistent.failure { throw failure }
            guard !Task.isCancelled else { break }
            persistent.reconnects += 1
            onEvent(.disconnected(cause: cause))
            if clock.now - started >= configuration.healthySession && session.everOpened { attempt = 1 }
            let delay = backoff.delay(attempt: attempt)
            logger.log(BackpackLog.reconnecting(delayMs: delay.wholeMilliseconds, attempt: attempt, cause: cause))
            onEvent(.reconnecting(afterMs: delay.wholeMilliseconds, attempt: attempt, cause: cause))
            updateSight(&persistent, alive: false, reason: "disconnected: \(cause)", onEvent: onEvent)
            if let failure = persistent.failure { throw failure }
            try? await Task.sleep(for: delay)
        }
    }

    // MARK: Where history begins

    /// The journal's origin, or a new one: the account's newest fill (the trades at that very
    /// millisecond are journaled as history, so that a later fill in the same millisecond is
    /// still news), `since` when given, or the venue's clock when the venue cannot be asked.
    private func historyOrigin(_ contents: BackpackFillJournalContents,
                               _ persistent: inout Persistent) async throws -> (JournalOrigin, isNew: Bool) {
        let symbol = configuration.symbol
        let key = signer?.publicKeyBase64
        let now = rest.clock.nowMs()
        if let origin = contents.origin {
            if let theirs = origin.symbol, theirs != symbol {
                throw BackpackClientFailure.wrongJournal("the fill journal follows \(theirs), not \(symbol): give another --journal")
            }
            if let theirs = origin.accountKey, let key, theirs != key {
                throw BackpackClientFailure.wrongJournal("the fill journal follows the key \(BackpackLog.keyLabel(theirs))…, not \(BackpackLog.keyLabel(key))…: give another --journal")
            }
            return (origin, false)
        }
        if let oldest = contents.fills.map(\.timeMs).min() {
            let origin = JournalOrigin(account: 0, market: 0, originMs: oldest, createdMs: now, basis: .clock,
                                       symbol: symbol, accountKey: key)
            try record(.origin(origin))
            return (origin, false)
        }
        var origin = JournalOrigin(account: 0, market: 0, originMs: now, createdMs: now, basis: .clock, symbol: symbol,
                                   accountKey: key)
        var history: [BackpackTradeKey] = []
        if let since = configuration.since {
            origin.originMs = since
            origin.basis = .since
        } else if journal == nil {
            // Nothing outlives this run: its own start is where its news begins.
            return (origin, true)
        } else {
            do {
                guard let newest = try await newestFills(symbol: symbol) else {
                    throw BackpackRESTError.transport("no answer within \(configuration.originLookupTimeout)")
                }
                let newestMs = newest.map(\.timestamp).max()
                // No fill at all: nothing is history.
                origin.originMs = newestMs ?? 0
                origin.basis = .venue
                history = newest.filter { $0.timestamp == newestMs }.map { BackpackTradeKey(symbol: $0.symbol, tradeID: $0.tradeID) }
            } catch {
                logger.warning("Could not ask the venue where this account's fills end (\(error)); the venue's clock marks the start of the journal")
            }
        }
        guard journal != nil else { return (origin, true) }
        for key in history { try record(.baseline(key)) }
        try record(.origin(origin))
        persistent.tracker.absorb(history)
        return (origin, true)
    }

    /// The account's newest fills, or nil when the venue does not answer in time: the stream
    /// is not held up for long by a REST host that is down or refusing (a 429 storm).
    private func newestFills(symbol: String) async throws -> [BackpackFill]? {
        let rest = self.rest
        let timeout = configuration.originLookupTimeout
        return try await withThrowingTaskGroup(of: [BackpackFill]?.self) { group in
            group.addTask { try await rest.fills(symbol: symbol, limit: 100, direction: .newestFirst) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    private func record(_ record: JournalRecord<BackpackFillEvent>) throws(BackpackClientFailure) {
        do { try journal?.append(record: record) } catch { throw .journal(error) }
    }

    // MARK: Blindness

    /// Tracks whether any fill source is alive, says so loudly when none has been for
    /// `blindness.after`, and again every `blindness.repeatEvery` while that lasts.
    func updateSight(_ persistent: inout Persistent, alive: Bool, reason: @autoclosure () -> String,
                     onEvent: @Sendable (BackpackStreamEvent) -> Void) {
        guard let account = accountLabel else { return }
        switch persistent.sight.update(alive: alive, nowMs: WallClock.nowMilliseconds(), policy: configuration.blindness) {
        case .restored(let blind)?:
            logger.log(BackpackLog.sightRestored(account: account, blindSeconds: blind / 1000, source: reason()))
            onEvent(.sightRestored(blindMs: blind))
        case .blind(let forMs)?:
            let why = reason()
            logger.log(BackpackLog.blind(account: account, seconds: forMs / 1000, reason: why))
            onEvent(.blind(reason: why, forMs: forMs))
            if configuration.blindness.stopsRun { persistent.failure = .blind(reason: why) }
        case nil:
            break
        }
    }
}
