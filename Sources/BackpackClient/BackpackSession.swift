import BackpackProtocol
import Journaling
import LighterProtocol
import Logging
import NIOCore
import NIOWebSocket
import StreamKit

/// Everything that reaches a Backpack session's loop, in order, from its helper tasks.
enum BackpackSessionInput: SocketInput {
    case opened(SocketWriter)
    /// A text message as its bytes: the decoder reads them, no `String` is made.
    case text(ByteBuffer)
    /// A text message the socket's read has decoded already (the inline path left it to the loop).
    case decoded(BackpackServerFrame)
    case binary(Int)
    case ended(code: Int?, reason: String?)
    case failed(ConnectFailure)
    case tick
    case snapshot(Result<BackpackDepthSnapshot, BackpackRESTError>)
    case reconciled(BackpackReconciliation)

    var isFrame: Bool {
        switch self {
        case .text, .decoded: true
        default: false
        }
    }
    var isTick: Bool { if case .tick = self { true } else { false } }
    static func textMessage(_ bytes: ByteBuffer) -> BackpackSessionInput { .text(bytes) }
}

/// What one walk through the fills history found.
struct BackpackReconciliation: Sendable {
    enum Reason: Sendable {
        /// After a (re)connect: fills found are what the stream could not show.
        case connected
        /// On the schedule, with the order stream standing: a fill found is one it missed.
        case scheduled
    }
    var reason: Reason
    /// Venue milliseconds when the walk began.
    var startedMs: Int64
    var result: Result<(fills: [BackpackFill], pages: Int, complete: Bool), BackpackRESTError>
}

/// One connection, from connect to close. Its loop owns all its state, so nothing here needs a
/// lock: helper tasks (the socket, the snapshot and reconciliation requests, the ticker) only
/// post inputs.
final class BackpackSession {
    let client: BackpackStreamClient
    let configuration: BackpackClientConfiguration
    let onEvent: @Sendable (BackpackStreamEvent) -> Void
    var logger: Logger { client.logger }
    var rest: BackpackRESTClient { client.rest }

    private enum BookPhase {
        /// Updates are buffered until a snapshot lines up with them.
        case buffering
        case synced
    }

    private var outbound: SocketWriter?
    private(set) var everOpened = false
    private var endCause: String?
    private let clock = ContinuousClock()
    private var lastReceived: ContinuousClock.Instant
    private var lastHealth: ContinuousClock.Instant
    private var framesSinceHealth: [String: Int] = [:]
    /// The market's own depth and ticker frames since the last health line, counted apart from
    /// `framesSinceHealth`, whose String key (`depth.SYMBOL`) would cost a string and a hash a frame.
    private var depthFramesSinceHealth = 0
    private var tickerFramesSinceHealth = 0

    private var subscriptions: [String: BackpackSubscriptionState] = [:]
    private var subscriptionOrder: [String] = []

    private var book: BackpackOrderBook
    private var bookPhase = BookPhase.buffering
    private var buffered: [BackpackDepthUpdate] = []
    private var snapshotTask: Task<Void, Never>?
    /// When the next snapshot may be asked for (local milliseconds); nil: when updates arrive.
    private var snapshotDueMs: Int64?
    private var snapshotFailures = 0

    private var reconcileTask: Task<Void, Never>?
    private var lastReconcileStartMs: Int64 = 0
    private var awaitingStream = StreamGapWatch<BackpackTradeKey, BackpackFillEvent>()
    private var lastAccountFrameMs: Int64?
    /// When the private streams were resubscribed after a gap (venue milliseconds); cleared
    /// once the order stream shows a fill again.
    private var gapResubscribedAtMs: Int64?
    private var resubscribeRequested = false
    /// After the venue refused the private subscribe: when to resync the clock and try again.
    private var privateRetryAtMs: Int64?
    private var privateRetryDelayMs: Int64 = 1_000

    /// Frames wait here at most this many deep; then the socket's reader waits.
    static let inboxCapacity = 1024
    private let input = SessionInbox<BackpackSessionInput>(capacity: BackpackSession.inboxCapacity)

    init(client: BackpackStreamClient, onEvent: @escaping @Sendable (BackpackStreamEvent) -> Void) {
        self.client = client
        self.configuration = client.configuration
        self.onEvent = onEvent
        self.book = BackpackOrderBook(symbol: client.configuration.symbol)
        let symbol = client.configuration.symbol
        publicStreams = [BackpackStream.depth(symbol: symbol, intervalMs: nil).name, BackpackStream.bookTicker(symbol: symbol).name]
        let now = ContinuousClock.now
        lastReceived = now
        lastHealth = now
    }

    var symbol: String { configuration.symbol }
    /// The market's depth and book-ticker streams, named once: market data marks them live a frame.
    let publicStreams: [String]
    var orderStream: String { BackpackStream.orderUpdate(symbol: symbol).name }
    var privateStreams: [String] {
        client.signer == nil ? [] : [orderStream, BackpackStream.positionUpdate(symbol: symbol).name]
    }

    private static func nowMs() -> Int64 { WallClock.nowMilliseconds() }

    /// Runs the connection; returns why it ended. The loop runs on the socket's event loop, as
    /// the pump does, so that a frame is handled on the thread that read it.
    func run(_ persistent: inout BackpackStreamClient.Persistent) async -> String {
        let executor = EventLoopTaskExecutor.next()
        return await withTaskExecutorPreference(executor) { await loop(&persistent, executor: executor) }
    }

    private func loop(_ persistent: inout BackpackStreamClient.Persistent, executor: EventLoopTaskExecutor) async -> String {
        let inlinePath = NIOLoopBound(self, eventLoop: executor.loop)
        let helpers = SocketPump.start(endpoint: client.endpoint,
                                       maxFrameSize: configuration.maxFrameSize, pingInterval: configuration.pingInterval,
                                       input: input, inline: { inlinePath.value.handleInline($0) }, executor: executor)
        defer {
            for task in helpers + [snapshotTask, reconcileTask].compactMap({ $0 }) { task.cancel() }
            input.finish()
        }
        while let item = await input.next() {
            if Task.isCancelled || persistent.failure != nil { endCause = endCause ?? "stopped" }
            if endCause == nil, let ended = await handle(item, &persistent) { return ended }
            guard let cause = endCause else { continue }
            try? await outbound?.close(.goingAway, reason: nil)
            return cause
        }
        return endCause ?? "stopped"
    }

    /// One input; returns why the session ended when the socket did.
    private func handle(_ item: BackpackSessionInput, _ persistent: inout BackpackStreamClient.Persistent) async -> String? {
        switch item {
        case .opened(let writer):
            outbound = writer
            everOpened = true
            logger.log(BackpackLog.connected(url: configuration.url))
            onEvent(.connected)
            await subscribeAll(&persistent)
        case .text(let bytes):
            handle(bytes, &persistent)
        case .decoded(let frame):
            handle(frame, &persistent)
        case .binary(let count):
            lastReceived = clock.now
            logger.log(BackpackLog.binaryFrame(bytes: count))
        case .ended(let code, let reason):
            logger.log(BackpackLog.closed(code: code, reason: reason ?? ""))
            return SocketPump.endCause(code: code, reason: reason, upgraded: outbound != nil)
        case .failed(let failure):
            if outbound == nil {
                logger.log(BackpackLog.connectFailed(reason: failure.description))
                onEvent(.connectFailed(failure))
            } else {
                logger.log(BackpackLog.closed(code: nil, reason: failure.detail))
            }
            return SocketPump.endCause(failure, upgraded: outbound != nil)
        case .tick:
            await tick(&persistent)
        case .snapshot(let result):
            snapshotArrived(result)
        case .reconciled(let result):
            reconciled(result, &persistent)
        }
        if persistent.failure != nil { endCause = endCause ?? "stopped" }
        return nil
    }

    // MARK: Subscribing

    private func send(_ message: BackpackClientMessage) async {
        guard let outbound else { return }
        do { try await outbound.write(text: message.encoded()) } catch {
            endCause = endCause ?? "write failed: \(error)"
        }
    }

    private func setState(_ stream: String, _ state: BackpackSubscriptionState) {
        if subscriptions[stream] == nil { subscriptionOrder.append(stream) }
        guard subscriptions[stream] != state else { return }
        subscriptions[stream] = state
        onEvent(.subscription(stream: stream, state: state))
    }

    private func subscribeAll(_ persistent: inout BackpackStreamClient.Persistent) async {
        logger.log(BackpackLog.subscribeSent(streams: publicStreams, signed: false))
        for stream in publicStreams { setState(stream, .sent(atMs: Self.nowMs())) }
        await send(BackpackClientMessage(method: .subscribe, params: publicStreams))
        guard client.signer != nil else { return }
        await subscribePrivate()
        startReconciliation(reason: .connected, &persistent)
    }

    /// The signed subscribe; one signature covers both streams.
    private func subscribePrivate() async {
        guard let signer = client.signer else { return }
        logger.log(BackpackLog.subscribeSent(streams: privateStreams, signed: true))
        for stream in privateStreams { setState(stream, .sent(atMs: Self.nowMs())) }
        await send(signer.subscribe(privateStreams, timestampMs: rest.clock.nowMs(), windowMs: configuration.windowMs))
    }

    /// Unsubscribes and subscribes the private streams again (signed both ways: whether the
    /// venue needs a signature to unsubscribe is not known, and it costs nothing).
    private func resubscribePrivate() async {
        guard let signer = client.signer else { return }
        logger.log(BackpackLog.unsubscribeSent(streams: privateStreams))
        var unsubscribe = signer.subscribe(privateStreams, timestampMs: rest.clock.nowMs(), windowMs: configuration.windowMs)
        unsubscribe.method = .unsubscribe
        await send(unsubscribe)
        await subscribePrivate()
    }

    /// Data arrived on `stream`: the venue's only confirmation.
    private func sawData(on stream: String) {
        guard let state = subscriptions[stream] else { return }
        if case .live = state { return }
        logger.log(BackpackLog.streamLive(stream))
        setState(stream, .live(atMs: Self.nowMs()))
    }

    // MARK: Receiving

    private func handle(_ bytes: ByteBuffer, _ persistent: inout BackpackStreamClient.Persistent) {
        switch FrameBytes.decode(bytes, with: BackpackFrameDecoder.decode) {
        case .success(let frame):
            handle(frame, &persistent)
        case .failure(let error):
            lastReceived = clock.now
            framesSinceHealth["undecodable", default: 0] += 1
            logger.log(BackpackLog.undecodable(raw: String(buffer: bytes), error: error))
        }
    }

    private func handle(_ frame: BackpackServerFrame, _ persistent: inout BackpackStreamClient.Persistent) {
        lastReceived = clock.now
        if handleMarketData(frame) { return }
        if let line = BackpackLog.received(frame, minimumLevel: logger.logLevel) { logger.log(line) }
        switch frame {
        case .depth, .bookTicker, .trade:
            break
        case .orderUpdate(let update):
            count("account.orderUpdate")
            guard update.symbol == symbol else { return }
            handleOrderUpdate(update, &persistent)
        case .positionUpdate(let update):
            count("account.positionUpdate")
            guard update.symbol == symbol, client.signer != nil else { return }
            lastAccountFrameMs = Self.nowMs()
            // A position that moves is an account that trades, whatever the order stream says.
            if update.event != .snapshot { persistent.lastAccountActivityMs = Self.nowMs() }
            sawData(on: privateStreams[1])
            logger.log(BackpackLog.position(update))
            onEvent(.position(update))
        case .error(let error):
            count("error")
            handleError(error)
        case .other(let stream, _):
            // Only a few names: a peer that invents streams must not grow the table.
            count(framesSinceHealth.count < 24 ? BackpackLog.clean(stream, limit: 60) : "other streams")
        }
    }

    /// The socket's inline path (see `WebSocketFrameHandler`), called from the read while the
    /// loop waits with nothing queued: market data (depth, the ticker, trades) is handled here,
    /// exactly as `handle` would (it touches no fill state and awaits nothing), with no task
    /// switch. Any other frame goes to the loop decoded (no second decode); only bytes that do
    /// not decode are left to it as they came: false.
    func handleInline(_ bytes: ByteBuffer) -> Bool {
        guard case .success(let frame) = FrameBytes.decode(bytes, with: BackpackFrameDecoder.decode) else { return false }
        if handleMarketData(frame) {
            lastReceived = clock.now
        } else {
            input.post(.decoded(frame))
        }
        return true
    }

    /// Logs and handles a market data frame; false (nothing done) for any other.
    private func handleMarketData(_ frame: BackpackServerFrame) -> Bool {
        switch frame {
        case .depth, .bookTicker, .trade: break
        default: return false
        }
        if let line = BackpackLog.received(frame, minimumLevel: logger.logLevel) { logger.log(line) }
        switch frame {
        case .depth(let update):
            guard update.symbol == symbol else {
                count("depth.\(update.symbol)")
                return true
            }
            depthFramesSinceHealth += 1
            sawData(on: publicStreams[0])
            handleDepth(update)
        case .bookTicker(let ticker):
            guard ticker.symbol == symbol else {
                count("bookTicker.\(ticker.symbol)")
                return true
            }
            tickerFramesSinceHealth += 1
            sawData(on: publicStreams[1])
            onEvent(.bookTicker(ticker))
        default:
            count("trade")
        }
        return true
    }

    private func count(_ name: String) { framesSinceHealth[name, default: 0] += 1 }

    private func handleDepth(_ update: BackpackDepthUpdate) {
        if bookPhase == .synced {
            switch book.apply(update) {
            case .applied:
                onEvent(.book(book))
                return
            case .stale, .wrongSymbol:
                return
            case .gap(let expected, let received):
                logger.log(BackpackLog.bookGap(symbol: symbol, expected: expected, received: received))
                onEvent(.bookResync(expected: expected, received: received))
            case .notSynced:
                break
            }
            book.reset()
            bookPhase = .buffering
            buffered.removeAll()
            snapshotDueMs = nil
        }
        buffered.append(update)
        if buffered.count > configuration.depthBufferLimit {
            // The snapshot is far behind: start over from the newest update.
            buffered.removeFirst(buffered.count - 1)
        }
        // The first update after a (re)subscribe or a gap asks for the snapshot: a snapshot
        // taken before any update could be older than all of them.
        if snapshotTask == nil, snapshotDueMs == nil { startSnapshot() }
    }

    private func startSnapshot() {
        snapshotDueMs = nil
        let rest = self.rest
        let symbol = self.symbol
        let limit = configuration.depthLimit
        let input = self.input
        snapshotTask = Task {
            do throws(BackpackRESTError) {
                input.post(.snapshot(.success(try await rest.depth(symbol: symbol, limit: limit))))
            } catch {
                input.post(.snapshot(.failure(error)))
            }
        }
    }

    private func retrySnapshot(reason: String, inMs: Int64) {
        logger.log(BackpackLog.snapshotRetry(symbol: symbol, reason: reason, inMs: inMs))
        snapshotDueMs = Self.nowMs() + inMs
    }

    private func snapshotArrived(_ result: Result<BackpackDepthSnapshot, BackpackRESTError>) {
        snapshotTask = nil
        guard bookPhase == .buffering else { return }
        let snapshot: BackpackDepthSnapshot
        switch result {
        case .failure(let error):
            snapshotFailures += 1
            var wait = min(Int64(snapshotFailures) * 1000, 10_000)
            if case .rateLimited(let pause) = error { wait = max(wait, pause.wholeMilliseconds) }
            retrySnapshot(reason: error.description, inMs: wait)
            return
        case .success(let value):
            snapshot = value
        }
        let (seeded, outcome) = BackpackOrderBook.aligned(symbol: symbol, snapshot: snapshot, buffered: buffered)
        switch outcome {
        case .synced(let applied, let stale):
            snapshotFailures = 0
            book = seeded
            bookPhase = .synced
            buffered.removeAll()
            logger.log(BackpackLog.bookSynced(symbol: symbol, lastUpdateID: book.lastUpdateID ?? snapshot.lastUpdateID,
                                              applied: applied, stale: stale, bids: book.bids.count, asks: book.asks.count))
            onEvent(.bookSynced(lastUpdateID: book.lastUpdateID ?? snapshot.lastUpdateID, appliedBuffered: applied))
            onEvent(.book(book))
        case .snapshotTooOld(let id, let first):
            // The stream is ahead of the snapshot: keep buffering, ask again shortly.
            buffered.removeAll { $0.lastUpdateID <= id }
            retrySnapshot(reason: "snapshot at \(id) is older than the first buffered update U=\(first)", inMs: 200)
        case .gap(let expected, let received):
            // A hole among the buffered updates themselves: only a later snapshot can bridge it.
            buffered.removeAll()
            retrySnapshot(reason: "the buffered updates have a hole (expected U=\(expected), got \(received))", inMs: 200)
        }
    }

    private func handleOrderUpdate(_ update: BackpackOrderUpdate, _ persistent: inout BackpackStreamClient.Persistent) {
        guard client.signer != nil else { return }
        let now = Self.nowMs()
        lastAccountFrameMs = now
        persistent.lastAccountActivityMs = now
        sawData(on: orderStream)
        if update.status.isFinal { persistent.openOrders.remove(update.orderID) } else { persistent.openOrders.insert(update.orderID) }
        // A peer that never finishes orders must not grow the set without bound.
        if persistent.openOrders.count > 10_000 { persistent.openOrders.removeAll() }
        onEvent(.orderUpdate(update))
        guard let fill = BackpackFillEvent(update: update) else { return }
        awaitingStream.streamShowed([fill.key])
        // The order stream works again: a later gap starts a new round of resubscribing.
        gapResubscribedAtMs = nil
        if persistent.tracker.admit(fill) { deliver([fill], &persistent) }
    }

    /// Error frames name no stream (`"id":null`): one about a signature or a window is the
    /// private subscribe's; any other is blamed on the oldest subscription still unanswered.
    private func handleError(_ error: BackpackStreamError) {
        onEvent(.serverError(error))
        let lower = error.message.lowercased()
        let aboutAuth = lower.contains("signature") || lower.contains("expired") || lower.contains("timestamp")
            || lower.contains("window") || lower.contains("key")
        let unanswered = subscriptionOrder.filter { if case .sent? = subscriptions[$0] { true } else { false } }
        let blamed = aboutAuth ? privateStreams : unanswered.first.map { first in
            privateStreams.contains(first) ? privateStreams : [first]
        } ?? []
        for stream in blamed {
            setState(stream, .errored(code: error.code, message: BackpackLog.clean(error.message, limit: 300)))
        }
        if blamed.contains(orderStream) {
            // Perhaps our clock: resync it beside the loop, and sign again after a growing pause.
            privateRetryAtMs = Self.nowMs() + privateRetryDelayMs
            privateRetryDelayMs = min(privateRetryDelayMs * 2, 30_000)
            let rest = self.rest
            let logger = self.logger
            Task {
                guard let offset = try? await rest.syncClock() else { return }
                logger.log(BackpackLog.clockSynced(offsetMs: offset))
            }
        }
    }

    /// Journals, then reports. A fill that cannot be made durable is not reported at all and
    /// stops the run: reported now and lost from the journal, a restart would report it again.
    private func deliver(_ fills: [BackpackFillEvent], _ persistent: inout BackpackStreamClient.Persistent) {
        guard persistent.failure == nil else { return }
        let failed = BackpackFillJournal.deliver(fills, through: client.journal) { fill in
            persistent.fillsReported += 1
            persistent.lastAccountActivityMs = Self.nowMs()
            logger.log(BackpackLog.fill(fill))
            onEvent(.fill(fill))
        }
        if let failed { journalFailed(failed, "stopping without reporting the fill (the next run reports it once)", &persistent) }
    }

    /// The journal cannot be written: nothing more may be reported, the run stops.
    private func journalFailed(_ error: JournalError, _ consequence: String, _ persistent: inout BackpackStreamClient.Persistent) {
        logger.critical("Fill journal write failed: \(error); \(consequence)")
        persistent.failure = .journal(error)
        endCause = "fill journal failed"
    }

    // MARK: Reconciliation

    private func startReconciliation(reason: BackpackReconciliation.Reason,
                                     _ persistent: inout BackpackStreamClient.Persistent) {
        guard client.signer != nil else { return }
        reconcileTask?.cancel()
        let rest = self.rest
        let symbol = self.symbol
        let since = persistent.reconcile.fromMs
        let limit = configuration.reconcilePageLimit
        let maxPages = configuration.reconcileMaxPages
        let input = self.input
        let startedMs = rest.clock.nowMs()
        lastReconcileStartMs = Self.nowMs()
        reconcileTask = Task {
            let result: Result<(fills: [BackpackFill], pages: Int, complete: Bool), BackpackRESTError>
            do throws(BackpackRESTError) {
                result = .success(try await rest.fills(symbol: symbol, since: since, pageLimit: limit, maxPages: maxPages))
            } catch {
                result = .failure(error)
            }
            input.post(.reconciled(BackpackReconciliation(reason: reason, startedMs: startedMs, result: result)))
        }
    }

    private func reconciled(_ reconciliation: BackpackReconciliation, _ persistent: inout BackpackStreamClient.Persistent) {
        reconcileTask = nil
        let found: (fills: [BackpackFill], pages: Int, complete: Bool)
        switch reconciliation.result {
        case .failure(let error):
            persistent.reconcile.failed(error.description)
            onEvent(.reconcileFailed(error))
            logger.warning("REST reconciliation failed: \(BackpackLog.clean(error.description, limit: 300)); fills the stream did not show stay unreported until it succeeds")
            return
        case .success(let value):
            found = value
        }
        let now = Self.nowMs()
        persistent.reconcile.succeeded(nowMs: now)
        let rows = found.fills.filter { $0.symbol == symbol }
        // Fills in the last minute, known or not, make the account busy: reconcile often.
        if let newest = rows.map(\.timestamp).max(), reconciliation.startedMs - newest < 60_000 {
            persistent.lastAccountActivityMs = now
        }
        // Rows from before the history's origin are absorbed; the rest are news unless seen.
        persistent.tracker.absorb(rows.filter { $0.timestamp < persistent.originMs }.map { BackpackTradeKey(symbol: $0.symbol, tradeID: $0.tradeID) })
        var news: [BackpackFillEvent] = []
        for row in rows where row.timestamp >= persistent.originMs {
            let fill = BackpackFillEvent(history: row)
            if persistent.tracker.admit(fill) { news.append(fill) }
        }
        if !found.complete {
            logger.warning("REST reconciliation stopped after \(found.pages) pages of \(configuration.reconcilePageLimit) fills; the next one goes on from the newest")
        }
        var line = BackpackLog.reconciliation(fillsChecked: rows.count, fillsRecovered: news.count)
        // A routine check that found nothing is chatter: DEBUG.
        if reconciliation.reason == .scheduled && news.isEmpty { line.level = .debug }
        logger.log(line)
        onEvent(.reconciled(fillsChecked: rows.count, fillsRecovered: news.count))
        if reconciliation.reason == .scheduled {
            let grace = configuration.reconcile.streamGrace.wholeMilliseconds
            // Fill times are the venue's: on our clock they are this much earlier.
            let offset = rest.clock.offsetMs ?? 0
            reportGaps(awaitingStream.restFound(news.map { ($0.key, $0.timeMs - offset, $0) }, nowMs: now, graceMs: grace), nowMs: now)
        }
        deliver(news, &persistent)
        guard persistent.failure == nil else { return }
        // Complete: everything up to the walk's start is journaled (less the overlap that covers
        // fills written late). Cut short: everything before the newest fill it reached.
        let mark = found.complete ? reconciliation.startedMs - configuration.reconcile.overlap.wholeMilliseconds
            : (found.fills.map(\.timestamp).max() ?? persistent.reconcile.fromMs)
        guard let checkpoint = persistent.reconcile.advance(to: mark, nowMs: now) else { return }
        do throws(JournalError) { try client.journal?.append(record: .checkpoint(.init(processedMs: checkpoint))) } catch {
            journalFailed(error, "stopping", &persistent)
        }
    }

    /// The order stream is silent although the socket is up: say so for each fill, and
    /// resubscribe; if fills still go missing after that, the connection is replaced.
    private func reportGaps(_ missed: [BackpackFillEvent], nowMs: Int64) {
        guard !missed.isEmpty else { return }
        let age = lastAccountFrameMs.map { nowMs - $0 }
        for fill in missed {
            logger.log(BackpackLog.accountStreamGap(tradeID: fill.tradeID, orderID: fill.orderID, size: "\(fill.quantity)",
                                                    stream: orderStream, lastFrameAgeMs: age))
            onEvent(.accountStreamGap(tradeID: fill.tradeID, orderID: fill.orderID, stream: orderStream, lastFrameAgeMs: age))
        }
        guard let since = gapResubscribedAtMs else {
            gapResubscribedAtMs = rest.clock.nowMs()
            resubscribeRequested = true
            return
        }
        // A fill made well after the resubscribe went unseen too: the stream is still dead.
        let grace = configuration.reconcile.streamGrace.wholeMilliseconds
        if missed.contains(where: { $0.timeMs > since + grace }) {
            endCause = "account stream still silent after resubscribing"
        }
    }

    private func checkAwaitingStream(nowMs: Int64) {
        reportGaps(awaitingStream.due(nowMs: nowMs, graceMs: configuration.reconcile.streamGrace.wholeMilliseconds), nowMs: nowMs)
    }

    // MARK: Timers

    private func tick(_ persistent: inout BackpackStreamClient.Persistent) async {
        let now = clock.now
        let nowMs = Self.nowMs()
        let alive = fillSourceAlive(persistent, nowMs: nowMs)
        let reason = sightReason(persistent)
        client.updateSight(&persistent, alive: alive, reason: reason, onEvent: onEvent)
        if persistent.failure != nil { endCause = "stopped"; return }
        // No upgrade yet: the connect attempt has its own timeouts.
        guard outbound != nil else { return }
        if now - lastReceived >= configuration.silenceTimeout {
            endCause = "silent socket: nothing received for \(configuration.silenceTimeout)"
            return
        }
        let timeoutMs = configuration.confirmTimeout.wholeMilliseconds
        for stream in subscriptionOrder {
            guard case .sent(let since)? = subscriptions[stream], nowMs - since >= timeoutMs else { continue }
            if privateStreams.contains(stream) {
                logger.log(BackpackLog.streamQuiet(stream, afterMs: nowMs - since))
                setState(stream, .quiet(sinceMs: since))
            } else {
                logger.log(BackpackLog.streamUnconfirmed(stream, afterMs: nowMs - since))
                setState(stream, .unconfirmed(sinceMs: since))
            }
        }
        if snapshotTask == nil, let due = snapshotDueMs, nowMs >= due { startSnapshot() }
        checkAwaitingStream(nowMs: nowMs)
        if endCause != nil { return }
        if resubscribeRequested {
            resubscribeRequested = false
            await resubscribePrivate()
        }
        if let retry = privateRetryAtMs, nowMs >= retry {
            privateRetryAtMs = nil
            await resubscribePrivate()
        }
        scheduleReconciliation(&persistent, nowMs: nowMs)
        if let interval = configuration.healthInterval, now - lastHealth >= interval {
            reportHealth(since: lastHealth, persistent)
            lastHealth = now
            framesSinceHealth.removeAll()
            depthFramesSinceHealth = 0
            tickerFramesSinceHealth = 0
        }
    }

    private var orderStreamStanding: Bool { subscriptions[orderStream]?.isStanding == true }

    /// Reconciles on a schedule: often while the account is busy or its order stream is not
    /// standing, seldom when it is quiet; never two at a time.
    private func scheduleReconciliation(_ persistent: inout BackpackStreamClient.Persistent, nowMs: Int64) {
        guard client.signer != nil, reconcileTask == nil else { return }
        let busy = !persistent.openOrders.isEmpty || nowMs - persistent.lastAccountActivityMs < 60_000 || !orderStreamStanding
        let interval = busy ? configuration.reconcile.activeInterval : configuration.reconcile.idleInterval
        guard nowMs - lastReconcileStartMs >= interval.wholeMilliseconds else { return }
        startReconciliation(reason: orderStreamStanding ? .scheduled : .connected, &persistent)
    }

    /// A standing order stream on an open socket, or a reconciliation that succeeded lately,
    /// will show a fill.
    private func fillSourceAlive(_ persistent: BackpackStreamClient.Persistent, nowMs: Int64) -> Bool {
        if outbound != nil && orderStreamStanding { return true }
        return persistent.reconcile.isRecent(nowMs: nowMs, withinMs: 3 * configuration.reconcile.activeInterval.wholeMilliseconds)
    }

    /// Why no source is alive, in a few words, or which one is.
    private func sightReason(_ persistent: BackpackStreamClient.Persistent) -> String {
        if outbound != nil && orderStreamStanding { return "\(orderStream) \(subscriptions[orderStream]?.description ?? "")" }
        if persistent.reconcile.lastError == nil, persistent.reconcile.lastOkMs != nil { return "REST reconciliation" }
        var parts: [String] = []
        if outbound == nil {
            parts.append("not connected")
        } else {
            parts.append("\(orderStream) \(subscriptions[orderStream]?.description ?? "not subscribed")")
        }
        if let error = persistent.reconcile.lastError { parts.append("REST reconciliation failing: \(error)") }
        return parts.joined(separator: "; ")
    }

    private func reportHealth(since: ContinuousClock.Instant, _ persistent: BackpackStreamClient.Persistent) {
        let elapsed = clock.now - since
        let seconds = max(0.001, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        var counts = framesSinceHealth
        if depthFramesSinceHealth > 0 { counts["depth.\(symbol)", default: 0] += depthFramesSinceHealth }
        if tickerFramesSinceHealth > 0 { counts["bookTicker.\(symbol)", default: 0] += tickerFramesSinceHealth }
        let health = BackpackHealth(
            framesPerSecond: counts.mapValues { Double($0) / seconds },
            subscriptions: subscriptionOrder.map { .init(stream: $0, state: subscriptions[$0]?.description ?? "?") },
            bookUpdateID: bookPhase == .synced ? book.lastUpdateID : nil, fills: persistent.fillsReported,
            reconnects: persistent.reconnects,
            blindSeconds: client.signer == nil ? nil : persistent.sight.blindMilliseconds(nowMs: Self.nowMs()) / 1000)
        logger.log(BackpackLog.health(health))
        onEvent(.health(health))
    }
}
