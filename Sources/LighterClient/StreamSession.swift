import Journaling
import Foundation
import LighterProtocol
import Logging
import NIOCore
import NIOWebSocket
import StreamKit

/// Everything that reaches a session's loop, in order, from its helper tasks.
enum SessionInput: Sendable {
    case opened(SocketWriter)
    /// A text message as its bytes: the decoder reads them, no `String` is made.
    case text(ByteBuffer)
    /// A text message the socket's read has decoded already (the inline path left it to the loop).
    case decoded(ServerFrame, ByteBuffer)
    case binary(Int)
    case ended(code: Int?, reason: String?)
    case failed(ConnectFailure)
    case tick
    case reconciled(Reconciliation)
    /// A token refresh run beside the session has finished.
    case tokenFetched(Result<String, LighterStreamClient.TokenFailure>)
    /// A signed transaction to send as `jsonapi/sendtx` (answered through the client's
    /// `SocketTransactions`).
    case sendTx(id: String, txType: Int, txInfo: String)
}

extension SessionInput: SocketInput {
    static func textMessage(_ bytes: ByteBuffer) -> SessionInput { .text(bytes) }
    var isFrame: Bool {
        switch self {
        case .text, .decoded: true
        default: false
        }
    }
    var isTick: Bool { if case .tick = self { true } else { false } }
}

/// What one REST reconciliation found.
struct Reconciliation: Sendable {
    enum Reason: Sendable {
        /// After a (re)connect or a new token: fills found are what the stream could not show.
        case connected
        /// On the schedule, with the stream up: a fill found is one the stream missed.
        case scheduled
    }
    var reason: Reason
    /// Local milliseconds when the requests went out.
    var startedMs: Int64
    var result: Result<(active: [Order], finished: [Order], pages: Int, complete: Bool), LighterREST.RequestError>
}

/// One connection, from connect to close. Its loop owns all its state, so nothing here
/// needs a lock: helper tasks only post `SessionInput`s.
final class Session {
    let client: LighterStreamClient
    let configuration: StreamClientConfiguration
    let endpoint: VenueEndpoint
    let rest: LighterREST
    let onEvent: @Sendable (StreamEvent) -> Void
    var logger: Logger { client.logger }

    private var outbound: SocketWriter?
    private var book: OrderBook
    private var subscriptions: [StreamChannel: SubscriptionState] = [:]
    private var subscriptionOrder: [StreamChannel] = []
    private var greeted = false
    private var lastReceived: ContinuousClock.Instant
    private var lastSent: ContinuousClock.Instant
    private var lastHealth: ContinuousClock.Instant
    private var countsSinceHealth: [String: Int] = [:]
    /// Book updates taken inline since the last health line: counted apart from
    /// `countsSinceHealth`, whose String key costs a hash a frame.
    private var bookUpdatesSinceHealth = 0
    /// Where the inline path decodes a book frame's levels: reused, so that it allocates nothing.
    private var levels = FrameDecoder.Levels()
    /// The log takes the guide's per-frame DEBUG lines: asked once, not at every book update.
    private let logsEachFrame: Bool
    private var endCause: String?
    private(set) var everConfirmed = false
    private var reconcileTask: Task<Void, Never>?
    private var lastReconcileStartMs: Int64 = 0
    /// Last frame on each private channel (local milliseconds), for the gap warning.
    private var lastAccountFrameMs: [StreamChannel: Int64] = [:]
    /// When the account channels were resubscribed after a gap: unconfirmed a while later,
    /// the connection is replaced.
    private var gapResubscribedAtMs: Int64?
    private var tokenFetch: Task<Void, Never>?
    private let clock = ContinuousClock()
    /// Frames wait here at most this many deep; then the socket's reader waits.
    static let inboxCapacity = 1024
    let input = SessionInbox<SessionInput>(capacity: Session.inboxCapacity)

    init(client: LighterStreamClient, endpoint: VenueEndpoint, rest: LighterREST,
         onEvent: @escaping @Sendable (StreamEvent) -> Void) {
        self.client = client
        self.configuration = client.configuration
        self.endpoint = endpoint
        self.rest = rest
        self.onEvent = onEvent
        self.book = OrderBook(market: client.configuration.market)
        logsEachFrame = client.logger.logLevel <= .debug
        let now = ContinuousClock.now
        lastReceived = now
        lastSent = now
        lastHealth = now
    }

    var bookChannel: StreamChannel { .orderBook(market: configuration.market) }
    var privateChannels: [StreamChannel] {
        guard let account = configuration.account else { return [] }
        var channels: [StreamChannel] = [.accountOrders(market: configuration.market, account: account)]
        if configuration.subscribeAccountTrades { channels.append(.accountAllTrades(account: account)) }
        return channels
    }

    /// Runs the connection; returns why it ended. The loop runs on the socket's event loop, as
    /// the pump does, so that a frame is handled on the thread that read it.
    func run(_ persistent: inout LighterStreamClient.Persistent) async -> String {
        let executor = EventLoopTaskExecutor.next()
        return await withTaskExecutorPreference(executor) { await loop(&persistent, executor: executor) }
    }

    private func loop(_ persistent: inout LighterStreamClient.Persistent, executor: EventLoopTaskExecutor) async -> String {
        let inlinePath = NIOLoopBound(self, eventLoop: executor.loop)
        let helpers = SocketPump.start(endpoint: endpoint, maxFrameSize: configuration.maxFrameSize,
                                       pingInterval: configuration.pingInterval, input: input,
                                       inline: { inlinePath.value.handleInline($0) }, executor: executor)
        defer {
            for task in helpers { task.cancel() }
            reconcileTask?.cancel()
            tokenFetch?.cancel()
        }
        // The client may stop at once on a fill it cannot journal.
        if persistent.failure != nil { return "stopped" }
        defer { input.finish() }
        while let item = await input.next() {
            if Task.isCancelled { endCause = "stopped" }
            switch item {
            case .opened(let writer):
                outbound = writer
                logger.log(GuideLog.connected(url: configuration.url))
            case .text(let bytes):
                await handle(bytes, &persistent)
            case .decoded(let frame, let bytes):
                await handle(frame, bytes, &persistent)
            case .binary(let count):
                lastReceived = clock.now
                logger.log(GuideLog.binaryFrame(bytes: count))
            case .ended(let code, let reason):
                logger.log(GuideLog.closed(code: code, reason: reason ?? ""))
                return SocketPump.endCause(code: code, reason: reason, upgraded: outbound != nil)
            case .failed(let failure):
                if outbound == nil {
                    logger.log(GuideLog.connectFailed(reason: failure.description))
                    onEvent(.connectFailed(failure))
                } else {
                    logger.log(GuideLog.closed(code: nil, reason: failure.detail))
                }
                return SocketPump.endCause(failure, upgraded: outbound != nil)
            case .tick:
                await tick(&persistent)
            case .tokenFetched(let result):
                await tokenFetched(result, &persistent)
            case .reconciled(let result):
                reconciled(result, &persistent)
            case .sendTx(let id, let txType, let txInfo):
                await sendTransaction(id: id, txType: txType, txInfo: txInfo)
            }
            if persistent.failure != nil { endCause = endCause ?? "stopped" }
            if let cause = endCause {
                try? await outbound?.close(.goingAway, reason: nil)
                return cause
            }
        }
        return endCause ?? "stopped"
    }

    // MARK: Sending

    /// Writes a transaction; its answer (`txResult` or an error frame with its id) resolves it.
    private func sendTransaction(id: String, txType: Int, txInfo: String) async {
        guard let outbound else {
            client.transactions.abandon(id, reason: "not connected")
            return
        }
        let text = ClientMessageCodec.encode(.sendTx(id: id, txType: txType, txInfoJSON: txInfo))
        client.transactions.markWritten(id)
        do {
            try await outbound.write(text: text)
            lastSent = clock.now
        } catch {
            endCause = endCause ?? "write failed: \(error)"
            client.transactions.abandon(id, reason: "the write failed: \(error)")
        }
    }

    private func send(_ message: ClientMessage) async {
        guard let outbound else { return }
        let text = ClientMessageCodec.encode(message)
        do {
            try await outbound.write(text: text)
            lastSent = clock.now
        } catch {
            endCause = endCause ?? "write failed: \(error)"
        }
    }

    private func subscribe(_ channel: StreamChannel, token: String?) async {
        let auth = channel.account != nil ? token : nil
        setState(channel, .pending(sinceMs: LighterStreamClient.nowMs()))
        logger.log(GuideLog.subscribeSent(channel: channel.subscribeName, withAuth: auth != nil))
        await send(.subscribe(channel: channel.subscribeName, auth: auth))
    }

    private func setState(_ channel: StreamChannel, _ state: SubscriptionState) {
        if subscriptions[channel] == nil { subscriptionOrder.append(channel) }
        guard subscriptions[channel] != state else { return }
        subscriptions[channel] = state
        if state.isConfirmed { everConfirmed = true }
        onEvent(.subscription(channel: channel, state: state))
    }

    private func subscribeAll(_ persistent: inout LighterStreamClient.Persistent) async {
        await subscribe(bookChannel, token: nil)
        guard configuration.account != nil else { return }
        let token = await client.currentToken(&persistent, onEvent: onEvent)
        if token == nil {
            logger.warning("No auth token: following account_all_trades only; account_orders needs auth (give --auth-token or --auth-token-command)")
        }
        for channel in privateChannels where token != nil || !channel.requiresAuth {
            await subscribe(channel, token: token)
        }
        if let token { startReconciliation(token: token, reason: .connected, &persistent) }
    }

    // MARK: Receiving

    /// A frame's bytes decoded where they lie.
    private static func decode(_ bytes: ByteBuffer) -> Result<ServerFrame, FrameDecodingError> {
        FrameBytes.decode(bytes) { (raw) throws(FrameDecodingError) in try FrameDecoder.decode(raw, rawText: nil) }
    }

    /// The socket's inline path (see `WebSocketFrameHandler`), called from the read while the
    /// loop waits with nothing queued: a book update that continues the chain is handled here,
    /// exactly as `handle` would (it needs nothing sent and nothing awaited), with no task
    /// switch. Any other frame goes to the loop decoded (no second decode); only bytes that do
    /// not decode are left to it as they came: false.
    func handleInline(_ bytes: ByteBuffer) -> Bool {
        // A book frame's levels go into `levels` (no arrays of its own), the replay's path.
        let result = FrameBytes.decode(bytes) { (raw) throws(FrameDecodingError) in try FrameDecoder.decode(raw, levels: &levels) }
        guard case .success(let decoded) = result else { return false }
        guard case .orderBook(let header) = decoded, !header.isSnapshot, header.market == configuration.market,
              let current = book.nonce, header.beginNonce.map({ $0 == current }) ?? (header.nonce > current) else {
            input.post(.decoded(Self.frame(decoded, levels), bytes))
            return true
        }
        received(bytes)
        bookUpdatesSinceHealth += 1
        _ = levels.asks.withUnsafeBufferPointer { asks in
            levels.bids.withUnsafeBufferPointer { bids in book.apply(header, asks: asks, bids: bids) }
        }
        onEvent(.book(book))
        if logsEachFrame { logger.log(GuideLog.received(frame: Self.frame(decoded, levels), minimumLevel: logger.logLevel)) }
        return true
    }

    /// A decoded frame whole: a book frame with its levels in arrays of its own.
    private static func frame(_ decoded: FrameDecoder.Decoded, _ levels: FrameDecoder.Levels) -> ServerFrame {
        switch decoded {
        case .orderBook(let header): .orderBook(OrderBookFrame(header, asks: levels.asks, bids: levels.bids))
        case .frame(let frame): frame
        }
    }

    /// What every message's arrival does first: the time, the recording.
    private func received(_ bytes: ByteBuffer) {
        lastReceived = clock.now
        if let recorder = client.recorder { recorder.record(String(buffer: bytes)) }
    }

    private func handle(_ bytes: ByteBuffer, _ persistent: inout LighterStreamClient.Persistent) async {
        switch Self.decode(bytes) {
        case .success(let frame):
            await handle(frame, bytes, &persistent)
        case .failure(let error):
            received(bytes)
            countsSinceHealth["undecodable", default: 0] += 1
            logger.log(GuideLog.undecodable(raw: String(buffer: bytes), error: error))
        }
    }

    private func handle(_ frame: ServerFrame, _ bytes: ByteBuffer, _ persistent: inout LighterStreamClient.Persistent) async {
        received(bytes)
        count(frame)
        var fills: [FillEvent] = []
        switch frame {
        case .connected(let sessionID):
            if !greeted {
                greeted = true
                onEvent(.connected(sessionID: sessionID))
                await subscribeAll(&persistent)
            }
        case .ping:
            await send(.pong)
        case .orderBook(let update):
            await handleBook(update)
        case .accountOrders(let update):
            fills = handleAccountOrders(update, &persistent)
        case .accountTrades(let update):
            fills = handleAccountTrades(update, &persistent)
        case .error(let error):
            if let id = error.id, client.transactions.isWaiting(id) {
                client.transactions.resolve(id, .rejected(VenueErrorCode(error.code ?? 0), message: error.message))
            } else {
                handleError(error)
            }
        case .txResult(let result):
            if let id = result.id {
                client.transactions.resolve(id, result.code == 200
                    ? .accepted(txHash: result.txHash, predictedExecutionTimeMs: result.predictedExecutionTimeMs)
                    : .rejected(VenueErrorCode(result.code), message: "code \(result.code)"))
            }
        case .unsubscribed(let name):
            // Only channels this session asked for: a peer's made-up names must not grow the table.
            if let channel = StreamChannel(parsing: name) ?? subscriptionOrder.first(where: { $0.frameName == name }),
               subscriptions[channel] != nil {
                setState(channel, .unsubscribed)
            }
        case .shutdown(let closeIn):
            logger.warning("Server announced shutdown in \(closeIn.map(String.init) ?? "?") ms; will reconnect")
        case .pong, .trades, .otherChannel, .unknown:
            break
        }
        logger.log(GuideLog.received(frame: frame, fillsInFrame: Set(fills.map(\.orderIndex)), minimumLevel: logger.logLevel))
        deliver(fills, &persistent)
        if case .accountOrders(let update) = frame { reportOrders(update.allOrders, source: update.source == .accountOrders ? .accountOrders : .accountAllOrders, persistent) }
    }

    private func handleBook(_ update: OrderBookFrame) async {
        guard update.market == configuration.market else {
            countsSinceHealth["wrong-market order_book", default: 0] += 1
            return
        }
        if update.isSnapshot { setState(bookChannel, .confirmed(atMs: LighterStreamClient.nowMs())) }
        switch book.apply(update) {
        case .snapshot, .applied:
            onEvent(.book(book))
        case .gap(let expected, let received):
            logger.log(GuideLog.bookGap(market: update.market, expectedBeginNonce: expected, got: received ?? -1))
            onEvent(.bookResync(market: update.market, expected: expected, received: received))
            // Only the book is resubscribed: the account channels and the socket stay as they are.
            await send(.unsubscribe(channel: bookChannel.subscribeName))
            await subscribe(bookChannel, token: nil)
        case .stale, .notSynced, .wrongMarket:
            break
        }
    }

    /// Orders in a snapshot or a REST list from before the history's origin are absorbed (so
    /// that their later fills alone are news); the rest go through the tracker as news.
    private func splitHistory(_ orders: [Order], _ persistent: LighterStreamClient.Persistent) -> (old: [Order], new: [Order]) {
        var old: [Order] = []
        var new: [Order] = []
        for order in orders {
            if let time = order.timestampMilliseconds, time >= persistent.originMs { new.append(order) } else { old.append(order) }
        }
        return (old, new)
    }

    /// Per frame type for the health line, with room for a few unknown names only: a peer that
    /// invents types must not grow the table or the line.
    private func count(_ frame: ServerFrame) {
        let name: String
        switch frame {
        case .unknown, .otherChannel:
            let raw = frame.typeName
            name = countsSinceHealth[raw] != nil || countsSinceHealth.count < 24
                ? GuideLog.clean(raw, limit: 40) : "other types"
        default:
            name = frame.typeName
        }
        countsSinceHealth[name, default: 0] += 1
    }

    private func handleAccountOrders(_ update: AccountOrdersFrame, _ persistent: inout LighterStreamClient.Persistent) -> [FillEvent] {
        guard let account = configuration.account else { return [] }
        let channel: StreamChannel = update.source == .accountOrders
            ? .accountOrders(market: configuration.market, account: account) : .accountAllOrders(account: account)
        let source: FillEvent.Source = update.source == .accountOrders ? .accountOrders : .accountAllOrders
        let now = LighterStreamClient.nowMs()
        lastAccountFrameMs[channel] = now
        persistent.lastAccountActivityMs = now
        streamShowed(update.allOrders.lazy.map(\.orderIndex))
        if update.isSnapshot {
            if !(subscriptions[channel]?.isConfirmed ?? false) {
                logger.log(GuideLog.accountSubscriptionConfirmed(channel: channel.subscribeName))
            }
            setState(channel, .confirmed(atMs: now))
            let (old, new) = splitHistory(update.allOrders, persistent)
            _ = persistent.tracker.ingest(orders: old, source: source, recovered: false, nowMs: now)
            return persistent.tracker.ingest(orders: new, source: source, recovered: true, nowMs: now)
        }
        return persistent.tracker.ingest(orders: update.allOrders, source: source, recovered: false, nowMs: now)
    }

    private func handleAccountTrades(_ update: AccountTradesFrame, _ persistent: inout LighterStreamClient.Persistent) -> [FillEvent] {
        guard let account = configuration.account else { return [] }
        let channel = StreamChannel.accountAllTrades(account: account)
        let now = LighterStreamClient.nowMs()
        lastAccountFrameMs[channel] = now
        persistent.lastAccountActivityMs = now
        let trades = update.allTrades.filter { $0.marketID == configuration.market }
        streamShowed(trades.lazy.flatMap { [$0.bidID, $0.askID] })
        if update.isSnapshot {
            setState(channel, .confirmed(atMs: now))
            // `subscribed/account_all_trades` replays recent history: before the origin it is old.
            let origin = persistent.originMs
            _ = persistent.tracker.ingest(trades: trades.filter { Timestamps.milliseconds($0.timestamp) < origin }, nowMs: now)
            return persistent.tracker.ingest(trades: trades.filter { Timestamps.milliseconds($0.timestamp) >= origin }, nowMs: now)
                .map { var fill = $0; fill.recovered = true; return fill }
        }
        return persistent.tracker.ingest(trades: trades, nowMs: now)
    }

    /// Error frames rarely name their channel: match the name when they do, else blame the
    /// oldest subscription still waiting for an answer.
    private func handleError(_ error: ErrorFrame) {
        onEvent(.serverError(error))
        let named = subscriptionOrder.first { error.message.hasSuffix($0.frameName) || error.message.contains($0.frameName + " ") }
        let waiting = subscriptionOrder.first {
            switch subscriptions[$0] { case .pending?, .unconfirmed?: true; default: false }
        }
        guard let channel = named ?? waiting else { return }
        if error.code == 30003 {
            // Already subscribed: the subscription stands.
            setState(channel, .confirmed(atMs: LighterStreamClient.nowMs()))
            return
        }
        setState(channel, .errored(code: error.code, message: GuideLog.clean(error.message, limit: 300)))
    }

    /// The venue refused a token on a private channel.
    private var privateChannelRefused: Bool {
        privateChannels.contains { channel in
            if case .errored? = subscriptions[channel] { return channel.requiresAuth }
            return false
        }
    }

    /// Journals, then reports. A fill that cannot be made durable is not reported at all and
    /// stops the run: reported now and lost from the journal, a restart would report it again.
    private func deliver(_ fills: [FillEvent], _ persistent: inout LighterStreamClient.Persistent) {
        guard persistent.failure == nil else { return }
        let failed = FillJournal.deliver(fills, through: client.journal) { fill in
            persistent.fillsReported += 1
            persistent.lastAccountActivityMs = LighterStreamClient.nowMs()
            logger.log(GuideLog.fill(fill))
            onEvent(.fill(fill))
        }
        guard let failed else { return }
        logger.critical("Fill journal write failed: \(failed); stopping without reporting the fill (the next run reports it once)")
        persistent.failure = .journal(failed)
        endCause = "fill journal failed"
    }

    /// The market's orders, after their fills (so an order's final state never names a fill not
    /// yet reported); nothing once a fill could not be journaled.
    private func reportOrders(_ orders: [Order], source: FillEvent.Source, _ persistent: LighterStreamClient.Persistent) {
        guard configuration.reportOrders, persistent.failure == nil else { return }
        for order in orders where order.marketIndex == configuration.market {
            onEvent(.order(OrderUpdate(order, source: source)))
        }
    }

    // MARK: Reconciliation

    private func startReconciliation(token: String, reason: Reconciliation.Reason,
                                     _ persistent: inout LighterStreamClient.Persistent) {
        guard let account = configuration.account else { return }
        reconcileTask?.cancel()
        let rest = self.rest
        let market = configuration.market
        let limit = configuration.reconcileLimit
        let maxPages = configuration.reconcileMaxPages
        let since = persistent.reconcile.fromMs
        let input = self.input
        let startedMs = LighterStreamClient.nowMs()
        lastReconcileStartMs = startedMs
        reconcileTask = Task {
            do {
                async let active = rest.activeOrders(account: account, market: market, auth: token)
                async let inactive = rest.inactiveOrders(account: account, market: market, since: since,
                                                         pageLimit: limit, maxPages: maxPages, auth: token)
                let (open, finished) = try await (active, inactive)
                input.post(.reconciled(Reconciliation(reason: reason, startedMs: startedMs,
                    result: .success((open, finished.orders, finished.pages, finished.complete)))))
            } catch {
                let text = LogRedaction.redact(String(describing: error))
                input.post(.reconciled(Reconciliation(reason: reason, startedMs: startedMs,
                    result: .failure(LighterREST.RequestError(description: text)))))
            }
        }
    }

    private func reconciled(_ reconciliation: Reconciliation, _ persistent: inout LighterStreamClient.Persistent) {
        reconcileTask = nil
        let found: (active: [Order], finished: [Order], pages: Int, complete: Bool)
        switch reconciliation.result {
        case .failure(let error):
            persistent.reconcile.failed(error.description)
            logger.warning("REST reconciliation failed: \(GuideLog.clean(error.description, limit: 300)); fills the stream did not show stay unreported until it succeeds")
            return
        case .success(let value):
            found = value
        }
        let now = LighterStreamClient.nowMs()
        persistent.reconcile.succeeded(nowMs: now)
        persistent.openOrders = found.active.count
        let orders = found.active + found.finished
        let (old, new) = splitHistory(orders, persistent)
        _ = persistent.tracker.ingest(orders: old, source: .rest, recovered: true, nowMs: now)
        let fills = persistent.tracker.ingest(orders: new, source: .rest, recovered: true, nowMs: now)
        if !found.complete {
            logger.warning("REST reconciliation stopped after \(found.pages) pages of \(configuration.reconcileLimit) orders before reaching the checkpoint; the next one goes on")
        }
        var line = GuideLog.reconciliation(ordersChecked: orders.count, fillsRecovered: fills.count)
        // A routine check that found nothing is chatter: DEBUG.
        if reconciliation.reason == .scheduled && fills.isEmpty { line.level = .debug }
        logger.log(line)
        onEvent(.reconciled(ordersChecked: orders.count, fillsRecovered: fills.count))
        if reconciliation.reason == .scheduled { noteRESTOnly(fills, nowMs: now) }
        deliver(fills, &persistent)
        reportOrders(orders, source: .rest, persistent)
        guard persistent.failure == nil, found.complete else { return }
        // Everything up to the moment the requests went out is now journaled (less the overlap
        // that covers a venue clock unlike ours).
        let overlap = configuration.reconcile.overlap.wholeMilliseconds
        if let checkpoint = persistent.reconcile.advance(to: reconciliation.startedMs - overlap, nowMs: now) {
            do {
                try client.journal?.append(record: .checkpoint(.init(processedMs: checkpoint)))
            } catch {
                logger.critical("Fill journal write failed: \(error); stopping")
                persistent.failure = .journal(error)
                endCause = "fill journal failed"
            }
        }
    }

    /// Fills that only REST found while the account channels were subscribed: gaps now, or
    /// once the stream's grace passes without a frame naming their order.
    private func noteRESTOnly(_ fills: [FillEvent], nowMs: Int64) {
        let grace = configuration.reconcile.streamGrace.wholeMilliseconds
        reportGaps(awaitingStream.restFound(fills.map { ($0.orderIndex, $0.timeMs, $0) }, nowMs: nowMs, graceMs: grace), nowMs: nowMs)
    }

    /// Fills found through REST that the stream has not shown yet, by order.
    private var awaitingStream = StreamGapWatch<Int64, FillEvent>()

    /// The stream showed these orders: their REST-found fills were no gap.
    private func streamShowed(_ orders: some Sequence<Int64>) {
        awaitingStream.streamShowed(orders)
    }

    private func checkAwaitingStream(nowMs: Int64) {
        let grace = configuration.reconcile.streamGrace.wholeMilliseconds
        reportGaps(awaitingStream.due(nowMs: nowMs, graceMs: grace), nowMs: nowMs)
    }

    /// The channel is silent although the socket is up (the guide's scenario 4): say so for
    /// each fill, and resubscribe; if that is not confirmed, the connection is replaced.
    private func reportGaps(_ missed: [FillEvent], nowMs: Int64) {
        guard !missed.isEmpty, let channel = privateChannels.first else { return }
        let last = lastAccountFrameMs[channel]
        for fill in missed {
            logger.log(GuideLog.accountStreamGap(orderIndex: fill.orderIndex, size: fill.size, channel: channel.subscribeName,
                                                 lastFrameAgeMs: last.map { nowMs - $0 }))
            onEvent(.accountStreamGap(orderIndex: fill.orderIndex, channel: channel.subscribeName,
                                      lastFrameAgeMs: last.map { nowMs - $0 }))
        }
        guard gapResubscribedAtMs == nil else { return }
        gapResubscribedAtMs = nowMs
        resubscribeRequested = true
    }

    /// Set when the account channels must be subscribed again at the next tick (it may await).
    private var resubscribeRequested = false

    // MARK: Timers

    private func tick(_ persistent: inout LighterStreamClient.Persistent) async {
        let now = clock.now
        let nowMs = LighterStreamClient.nowMs()
        let alive = fillSourceAlive(persistent, nowMs: nowMs)
        // Only what the reason reads: a copy of the whole state would share the tracker's storage
        // and make its next mutation copy it.
        let reconcile = persistent.reconcile
        let hasToken = persistent.token != nil
        client.updateSight(&persistent, alive: alive, reason: self.sightReason(reconcile, hasToken: hasToken), onEvent: onEvent)
        if persistent.failure != nil { endCause = "stopped"; return }
        guard outbound != nil else {
            // No upgrade yet: the connect attempt has its own timeouts.
            return
        }
        if now - lastReceived >= configuration.silenceTimeout {
            endCause = "silent socket: nothing received for \(configuration.silenceTimeout)"
            return
        }
        if !greeted, now - lastReceived >= configuration.confirmTimeout {
            endCause = "no connected frame within \(configuration.confirmTimeout)"
            return
        }
        if now - lastSent >= configuration.pingInterval { await send(.ping) }
        let timeoutMs = configuration.confirmTimeout.wholeMilliseconds
        for channel in subscriptionOrder {
            if case .pending(let since)? = subscriptions[channel], nowMs - since >= timeoutMs {
                logger.warning("Subscription \(channel.subscribeName) unconfirmed after \(configuration.confirmTimeout): no subscribed frame and no error")
                setState(channel, .unconfirmed(sinceMs: since))
            }
        }
        checkAwaitingStream(nowMs: nowMs)
        await followUpGap(&persistent, nowMs: nowMs)
        if endCause != nil { return }
        if let held = persistent.token, client.tokens?.canRefresh == true, now >= held.refreshAt {
            startTokenRefresh()
        } else if persistent.token != nil, client.tokens?.canRefresh == false {
            _ = await client.currentToken(&persistent, onEvent: onEvent)
        }
        if privateChannels.contains(where: { $0.requiresAuth && subscriptions[$0]?.isConfirmed == true }) {
            persistent.auth = LighterStreamClient.AuthRetry()
        }
        let tokenMissing = persistent.token == nil && configuration.account != nil
        // Only once subscribed: before the greeting, subscribing is the greeting's job.
        if greeted, privateChannelRefused || tokenMissing, client.tokens?.canRefresh == true, nowMs >= persistent.auth.nextMs {
            // No token, or the venue refused it: a fresh one first, with a growing pause between tries.
            persistent.auth.nextMs = nowMs + persistent.auth.delayMs
            persistent.auth.delayMs = min(persistent.auth.delayMs * 2, configuration.tokenRetryInterval.wholeMilliseconds)
            startTokenRefresh()
        }
        scheduleReconciliation(&persistent, nowMs: nowMs)
        if let interval = configuration.healthInterval, now - lastHealth >= interval {
            reportHealth(since: lastHealth, persistent)
            lastHealth = now
            countsSinceHealth.removeAll()
            bookUpdatesSinceHealth = 0
        }
    }

    /// After a gap: resubscribe the account channels; still unconfirmed a while later, replace
    /// the connection.
    private func followUpGap(_ persistent: inout LighterStreamClient.Persistent, nowMs: Int64) async {
        if resubscribeRequested {
            resubscribeRequested = false
            let token = persistent.token?.text
            for channel in privateChannels where token != nil || !channel.requiresAuth {
                await send(.unsubscribe(channel: channel.subscribeName))
                await subscribe(channel, token: token)
            }
            return
        }
        guard let since = gapResubscribedAtMs,
              nowMs - since >= configuration.confirmTimeout.wholeMilliseconds else { return }
        gapResubscribedAtMs = nil
        let confirmedSince = privateChannels.contains { channel in
            if case .confirmed(let at)? = subscriptions[channel] { return at >= since }
            return false
        }
        if !confirmedSince {
            endCause = "account channels silent and not confirmed again after resubscribing"
        }
    }

    /// Reconciles on a schedule: often while the account is busy or its channels are not
    /// confirmed, seldom when it is quiet; never two at a time.
    private func scheduleReconciliation(_ persistent: inout LighterStreamClient.Persistent, nowMs: Int64) {
        guard configuration.account != nil, reconcileTask == nil, greeted, let token = persistent.token?.text else { return }
        let busy = persistent.openOrders > 0 || nowMs - persistent.lastAccountActivityMs < 60_000 || !privateChannelConfirmed
        let interval = busy ? configuration.reconcile.activeInterval : configuration.reconcile.idleInterval
        guard nowMs - lastReconcileStartMs >= interval.wholeMilliseconds else { return }
        startReconciliation(token: token, reason: privateChannelConfirmed ? .scheduled : .connected, &persistent)
    }

    private var privateChannelConfirmed: Bool {
        privateChannels.contains { subscriptions[$0]?.isConfirmed == true }
    }

    /// A confirmed account channel, or a reconciliation that succeeded lately, will show a fill.
    private func fillSourceAlive(_ persistent: LighterStreamClient.Persistent, nowMs: Int64) -> Bool {
        if outbound != nil && privateChannelConfirmed { return true }
        return persistent.reconcile.isRecent(nowMs: nowMs, withinMs: 3 * configuration.reconcile.activeInterval.wholeMilliseconds)
    }

    /// Why no source is alive, in a few words, or which one is.
    private func sightReason(_ reconcile: ReconcileProgress, hasToken: Bool) -> String {
        if outbound != nil, let channel = privateChannels.first(where: { subscriptions[$0]?.isConfirmed == true }) {
            return "\(channel.subscribeName) confirmed"
        }
        if reconcile.lastError == nil, reconcile.lastOkMs != nil { return "REST reconciliation" }
        var parts: [String] = []
        if outbound == nil {
            parts.append("not connected")
        } else {
            let states = privateChannels.map { "\($0.subscribeName) \(subscriptions[$0]?.description ?? "not subscribed")" }
            parts.append(states.isEmpty ? "no account channel" : states.joined(separator: ", "))
        }
        if !hasToken, configuration.account != nil { parts.append("no auth token") }
        if let error = reconcile.lastError { parts.append("REST reconciliation failing: \(error)") }
        return parts.joined(separator: "; ")
    }

    /// Mints a fresh token beside the session, which goes on reading frames meanwhile (a token
    /// command may take seconds); `.tokenFetched` brings it back.
    private func startTokenRefresh() {
        guard tokenFetch == nil else { return }
        let client = self.client
        tokenFetch = Task { [input] in
            input.post(.tokenFetched(await client.fetchToken()))
        }
    }

    /// A fresh token for the private channels before the old one expires: unsubscribe and
    /// subscribe again with it, then reconcile to cover the moment in between.
    private func tokenFetched(_ result: Result<String, LighterStreamClient.TokenFailure>,
                              _ persistent: inout LighterStreamClient.Persistent) async {
        tokenFetch = nil
        switch result {
        case .failure(let failure):
            client.noteTokenFailure(failure, &persistent, onEvent: onEvent)
        case .success(let token):
            client.adopt(token, into: &persistent)
            // Not greeted yet: the greeting subscribes with this token.
            guard greeted else { return }
            for channel in privateChannels {
                // Only a standing subscription: unsubscribing a refused one earns a "not subscribed" error.
                if subscriptions[channel]?.isConfirmed == true { await send(.unsubscribe(channel: channel.subscribeName)) }
                await subscribe(channel, token: token)
            }
            startReconciliation(token: token, reason: .connected, &persistent)
        }
    }

    private func reportHealth(since: ContinuousClock.Instant, _ persistent: LighterStreamClient.Persistent) {
        let elapsed = clock.now - since
        let seconds = max(0.001, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        var counts = countsSinceHealth
        if bookUpdatesSinceHealth > 0 { counts[ServerFrame.bookUpdateTypeName, default: 0] += bookUpdatesSinceHealth }
        let rates = counts.mapValues { Double($0) / seconds }
        let subs = subscriptionOrder.map { HealthSummary.Subscription(channel: $0.subscribeName, state: subscriptions[$0]?.description ?? "?") }
        let tokenAge = persistent.token.map { (clock.now - $0.mintedAt).components.seconds }
        var summary = HealthSummary(messagesPerSecond: rates, subscriptions: subs, tokenAgeSeconds: tokenAge,
                                    fills: persistent.fillsReported, reconnects: persistent.reconnects)
        summary.blindSeconds = configuration.account == nil ? nil : client.blindMilliseconds(persistent) / 1000
        logger.log(GuideLog.health(summary))
        onEvent(.health(summary))
    }
}
