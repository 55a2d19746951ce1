import Foundation
import LighterProtocol
import Logging
import NIOCore
import NIOSSL
import NIOWebSocket
import WSClient

/// Everything that reaches a session's loop, in order, from its helper tasks.
enum SessionInput: Sendable {
    case opened(WebSocketOutboundWriter)
    case text(String)
    case binary(Int)
    case ended(code: Int?, reason: String?)
    case failed(ConnectFailure)
    case tick
    case reconciled(orders: [Order]?, error: String?)
    /// A token refresh run beside the session has finished.
    case tokenFetched(Result<String, LighterStreamClient.TokenFailure>)
}

/// The socket's side of a session: connects and forwards what arrives.
enum SocketPump {
    /// Connects and turns everything the socket does into `SessionInput`s.
    static func run(url: String, secure: Bool, maxFrameSize: Int, pingInterval: Duration,
                                       input: AsyncStream<SessionInput>.Continuation) async {
        let tls: TLSConfiguration? = secure ? TLSConfiguration.makeClientConfiguration() : nil
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: maxFrameSize,
            additionalHeaders: [.userAgent: "lighter-hedge/0.1"],
            autoPing: .enabled(timePeriod: pingInterval))
        var logger = Logger(label: "lighter-hedge.ws")
        logger.logLevel = .critical
        do {
            let close = try await WebSocketClient.connect(
                url: url, configuration: configuration, tlsConfiguration: tls, logger: logger
            ) { inbound, outbound, _ in
                input.yield(.opened(outbound))
                for try await message in inbound.messages(maxSize: maxFrameSize) {
                    switch message {
                    case .text(let text): input.yield(.text(text))
                    case .binary(let buffer): input.yield(.binary(buffer.readableBytes))
                    }
                }
            }
            input.yield(.ended(code: close.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) }, reason: close?.reason))
        } catch {
            input.yield(.failed(ConnectFailure.classify(error)))
        }
        input.finish()
    }

}

/// One connection, from connect to close. Its loop owns all its state, so nothing here
/// needs a lock: helper tasks only post `SessionInput`s.
final class Session {
    let client: LighterStreamClient
    let configuration: StreamClientConfiguration
    let endpoint: (secure: Bool, host: String, port: Int?, path: String)
    let rest: LighterREST
    let onEvent: @Sendable (StreamEvent) -> Void
    var logger: Logger { client.logger }

    private var outbound: WebSocketOutboundWriter?
    private var book: OrderBook
    private var subscriptions: [StreamChannel: SubscriptionState] = [:]
    private var subscriptionOrder: [StreamChannel] = []
    private var greeted = false
    private var lastReceived: ContinuousClock.Instant
    private var lastSent: ContinuousClock.Instant
    private var lastHealth: ContinuousClock.Instant
    private var countsSinceHealth: [String: Int] = [:]
    private var endCause: String?
    private(set) var everConfirmed = false
    private var reconcileTask: Task<Void, Never>?
    private var tokenFetch: Task<Void, Never>?
    private let clock = ContinuousClock()
    private let input: AsyncStream<SessionInput>.Continuation
    private let inputs: AsyncStream<SessionInput>

    init(client: LighterStreamClient, endpoint: (secure: Bool, host: String, port: Int?, path: String), rest: LighterREST,
         onEvent: @escaping @Sendable (StreamEvent) -> Void) {
        self.client = client
        self.configuration = client.configuration
        self.endpoint = endpoint
        self.rest = rest
        self.onEvent = onEvent
        self.book = OrderBook(market: client.configuration.market)
        let now = ContinuousClock.now
        lastReceived = now
        lastSent = now
        lastHealth = now
        (inputs, input) = AsyncStream<SessionInput>.makeStream()
    }

    var bookChannel: StreamChannel { .orderBook(market: configuration.market) }
    var privateChannels: [StreamChannel] {
        guard let account = configuration.account else { return [] }
        var channels: [StreamChannel] = [.accountOrders(market: configuration.market, account: account)]
        if configuration.subscribeAccountTrades { channels.append(.accountAllTrades(account: account)) }
        return channels
    }

    /// Runs the connection; returns why it ended.
    func run(_ persistent: inout LighterStreamClient.Persistent) async -> String {
        let connection = startConnection()
        let ticker = Task { [input] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                input.yield(.tick)
            }
        }
        defer {
            connection.cancel()
            ticker.cancel()
            reconcileTask?.cancel()
            tokenFetch?.cancel()
        }
        for await item in inputs {
            if Task.isCancelled { endCause = "stopped" }
            switch item {
            case .opened(let writer):
                outbound = writer
                logger.log(GuideLog.connected(url: configuration.url))
            case .text(let text):
                await handle(text: text, &persistent)
            case .binary(let count):
                lastReceived = clock.now
                logger.log(GuideLog.binaryFrame(bytes: count))
            case .ended(let code, let reason):
                let text = code.map { "closed by server (\($0)\(reason.map { " \($0)" } ?? ""))" } ?? "connection dropped (no close frame)"
                logger.log(GuideLog.closed(code: code, reason: reason ?? ""))
                return outbound == nil ? "connection ended before the upgrade" : text
            case .failed(let failure):
                if outbound == nil {
                    logger.log(GuideLog.connectFailed(reason: failure.description))
                    onEvent(.connectFailed(failure))
                    return "connect failed: \(failure)"
                }
                logger.log(GuideLog.closed(code: nil, reason: failure.detail))
                return "connection lost: \(failure.detail)"
            case .tick:
                await tick(&persistent)
            case .tokenFetched(let result):
                await tokenFetched(result, &persistent)
            case .reconciled(let orders, let error):
                reconciled(orders: orders, error: error, &persistent)
            }
            if let cause = endCause {
                try? await outbound?.close(.goingAway, reason: nil)
                return cause
            }
        }
        return endCause ?? "stopped"
    }

    private func startConnection() -> Task<Void, Never> {
        let input = self.input
        let url = configuration.url
        let secure = endpoint.secure
        let maxFrameSize = configuration.maxFrameSize
        let pingInterval = configuration.pingInterval
        return Task {
            await SocketPump.run(url: url, secure: secure, maxFrameSize: maxFrameSize, pingInterval: pingInterval, input: input)
        }
    }

    // MARK: Sending

    private func send(_ message: ClientMessage) async {
        guard let outbound else { return }
        let text = ClientMessageCodec.encode(message)
        do {
            try await outbound.write(.text(text))
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
        if let token { startReconciliation(token: token) }
    }

    // MARK: Receiving

    private func handle(text: String, _ persistent: inout LighterStreamClient.Persistent) async {
        lastReceived = clock.now
        client.recorder?.record(text)
        let frame: ServerFrame
        do {
            frame = try FrameDecoder.decode(text)
        } catch {
            countsSinceHealth["undecodable", default: 0] += 1
            logger.log(GuideLog.undecodable(raw: text, error: error))
            return
        }
        countsSinceHealth[frame.typeName, default: 0] += 1
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
            handleError(error)
        case .unsubscribed(let name):
            if let channel = StreamChannel(parsing: name) ?? subscriptionOrder.first(where: { $0.frameName == name }) {
                setState(channel, .unsubscribed)
            }
        case .shutdown(let closeIn):
            logger.warning("Server announced shutdown in \(closeIn.map(String.init) ?? "?") ms; will reconnect")
        case .pong, .trades, .txResult, .otherChannel, .unknown:
            break
        }
        logger.log(GuideLog.received(frame: frame, fillsInFrame: Set(fills.map(\.orderIndex)), minimumLevel: logger.logLevel))
        deliver(fills, &persistent)
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

    /// Fills in a snapshot (or a REST list) are news only when they are newer than the
    /// client's start, or when the client has been away (a reconnect).
    private func splitHistory(_ orders: [Order], _ persistent: LighterStreamClient.Persistent) -> (old: [Order], new: [Order]) {
        guard persistent.firstSync else { return ([], orders) }
        var old: [Order] = []
        var new: [Order] = []
        for order in orders {
            if let time = order.timestampMilliseconds, time >= persistent.startedAtMs { new.append(order) } else { old.append(order) }
        }
        return (old, new)
    }

    private func handleAccountOrders(_ update: AccountOrdersFrame, _ persistent: inout LighterStreamClient.Persistent) -> [FillEvent] {
        guard let account = configuration.account else { return [] }
        let channel: StreamChannel = update.source == .accountOrders
            ? .accountOrders(market: configuration.market, account: account) : .accountAllOrders(account: account)
        let source: FillEvent.Source = update.source == .accountOrders ? .accountOrders : .accountAllOrders
        let now = LighterStreamClient.nowMs()
        if update.isSnapshot {
            if !(subscriptions[channel]?.isConfirmed ?? false) {
                logger.log(GuideLog.accountSubscriptionConfirmed(channel: channel.subscribeName))
            }
            setState(channel, .confirmed(atMs: now))
            let (old, new) = splitHistory(update.allOrders, persistent)
            _ = persistent.tracker.ingest(orders: old, source: source, recovered: false, nowMs: now)
            return persistent.tracker.ingest(orders: new, source: source, recovered: !persistent.firstSync, nowMs: now)
        }
        return persistent.tracker.ingest(orders: update.allOrders, source: source, recovered: false, nowMs: now)
    }

    private func handleAccountTrades(_ update: AccountTradesFrame, _ persistent: inout LighterStreamClient.Persistent) -> [FillEvent] {
        guard let account = configuration.account else { return [] }
        let channel = StreamChannel.accountAllTrades(account: account)
        let now = LighterStreamClient.nowMs()
        let trades = update.allTrades.filter { $0.marketID == configuration.market }
        if update.isSnapshot {
            setState(channel, .confirmed(atMs: now))
            if persistent.firstSync {
                let old = trades.filter { $0.timestamp < persistent.startedAtMs }
                _ = persistent.tracker.ingest(trades: old, nowMs: now)
                return persistent.tracker.ingest(trades: trades.filter { $0.timestamp >= persistent.startedAtMs }, nowMs: now)
            }
            return persistent.tracker.ingest(trades: trades, nowMs: now).map { var fill = $0; fill.recovered = true; return fill }
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
        setState(channel, .errored(code: error.code, message: error.message))
    }

    private func deliver(_ fills: [FillEvent], _ persistent: inout LighterStreamClient.Persistent) {
        for fill in fills {
            do {
                try client.journal?.append(fill)
            } catch {
                logger.critical("Fill journal write failed: \(error); the fill is still reported")
            }
            persistent.fillsReported += 1
            logger.log(GuideLog.fill(fill))
            onEvent(.fill(fill))
        }
    }

    // MARK: Reconciliation

    private func startReconciliation(token: String) {
        guard let account = configuration.account else { return }
        reconcileTask?.cancel()
        let rest = self.rest
        let market = configuration.market
        let limit = configuration.reconcileLimit
        let input = self.input
        reconcileTask = Task {
            do {
                async let active = rest.activeOrders(account: account, market: market, auth: token)
                async let inactive = rest.inactiveOrders(account: account, market: market, limit: limit, auth: token)
                input.yield(.reconciled(orders: try await active + inactive, error: nil))
            } catch {
                input.yield(.reconciled(orders: nil, error: LogRedaction.redact(String(describing: error))))
            }
        }
    }

    private func reconciled(orders: [Order]?, error: String?, _ persistent: inout LighterStreamClient.Persistent) {
        guard let orders else {
            logger.warning("REST reconciliation failed: \(error ?? "unknown error"); fills made while disconnected may be missing until the stream shows them")
            return
        }
        let now = LighterStreamClient.nowMs()
        let (old, new) = splitHistory(orders, persistent)
        _ = persistent.tracker.ingest(orders: old, source: .rest, recovered: true, nowMs: now)
        let fills = persistent.tracker.ingest(orders: new, source: .rest, recovered: true, nowMs: now)
        logger.log(GuideLog.reconciliation(ordersChecked: orders.count, fillsRecovered: fills.count))
        onEvent(.reconciled(ordersChecked: orders.count, fillsRecovered: fills.count))
        deliver(fills, &persistent)
    }

    // MARK: Timers

    private func tick(_ persistent: inout LighterStreamClient.Persistent) async {
        let now = clock.now
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
        let nowMs = LighterStreamClient.nowMs()
        let timeoutMs = Int64(configuration.confirmTimeout.components.seconds * 1000
            + configuration.confirmTimeout.components.attoseconds / 1_000_000_000_000_000)
        for channel in subscriptionOrder {
            if case .pending(let since)? = subscriptions[channel], nowMs - since >= timeoutMs {
                logger.warning("Subscription \(channel.subscribeName) unconfirmed after \(configuration.confirmTimeout): no subscribed frame and no error")
                setState(channel, .unconfirmed(sinceMs: since))
            }
        }
        if let held = persistent.token, client.tokens?.canRefresh == true, now >= held.refreshAt {
            startTokenRefresh()
        } else if persistent.token != nil, client.tokens?.canRefresh == false {
            _ = await client.currentToken(&persistent, onEvent: onEvent)
        }
        if let interval = configuration.healthInterval, now - lastHealth >= interval {
            reportHealth(since: lastHealth, persistent)
            lastHealth = now
            countsSinceHealth.removeAll()
        }
    }

    /// Mints a fresh token beside the session, which goes on reading frames meanwhile (a token
    /// command may take seconds); `.tokenFetched` brings it back.
    private func startTokenRefresh() {
        guard tokenFetch == nil else { return }
        let client = self.client
        tokenFetch = Task { [input] in
            input.yield(.tokenFetched(await client.fetchToken()))
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
            for channel in privateChannels {
                await send(.unsubscribe(channel: channel.subscribeName))
                await subscribe(channel, token: token)
            }
            startReconciliation(token: token)
        }
    }

    private func reportHealth(since: ContinuousClock.Instant, _ persistent: LighterStreamClient.Persistent) {
        let elapsed = clock.now - since
        let seconds = max(0.001, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        let rates = countsSinceHealth.mapValues { Double($0) / seconds }
        let subs = subscriptionOrder.map { HealthSummary.Subscription(channel: $0.subscribeName, state: subscriptions[$0]?.description ?? "?") }
        let tokenAge = persistent.token.map { (clock.now - $0.mintedAt).components.seconds }
        let summary = HealthSummary(messagesPerSecond: rates, subscriptions: subs, tokenAgeSeconds: tokenAge,
                                    fills: persistent.fillsReported, reconnects: persistent.reconnects)
        logger.log(GuideLog.health(summary))
        onEvent(.health(summary))
    }
}
