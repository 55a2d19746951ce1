import BackpackProtocol
import Foundation
import LighterProtocol
import Logging

/// What a connection's writer task receives.
enum BackpackOutbound: Sendable {
    case text(String, enqueuedAt: ContinuousClock.Instant)
    /// Cut the TCP connection with no close frame.
    case drop
}

/// The simulated venue: the engine, the stream sessions and their subscriptions, signed-request
/// checks, the rate limit and the faults. An actor, so that what a request did and the frames
/// it causes are published in one order.
public actor BackpackExchange {
    struct Subscription {
        /// The API key of a private subscription.
        var account: String?
        var since: ContinuousClock.Instant
    }

    struct Session {
        let continuation: AsyncStream<BackpackOutbound>.Continuation
        let openedAt: ContinuousClock.Instant
        var subscriptions: [BackpackStream: Subscription] = [:]
        var closed = false
    }

    /// A cancel answered 202 that has not happened yet.
    struct PendingCancel {
        var dueMs: Int64
        var account: String
        var symbol: String
        var orderID: String
    }

    /// Counters for tests and `GET /control/stats`.
    public struct Stats: Sendable, Hashable, Codable {
        /// WebSocket connections accepted.
        public var connectionsOpened = 0
        /// Stream frames queued to clients.
        public var framesSent = 0
        /// Depth updates withheld by the depth-gap fault.
        public var depthUpdatesSkipped = 0
        /// REST requests counted for the rate limit.
        public var requests = 0
        /// Requests answered 429.
        public var rateLimited = 0
        /// Signed requests or subscribes refused.
        public var signatureRejections = 0
        /// Orders the engine took.
        public var ordersAccepted = 0
        /// Post-only orders refused as taking.
        public var postOnlyRejections = 0
        /// Trades made.
        public var fills = 0
        /// Actions of the account script.
        public var scriptedOrders = 0
        /// Cancels answered 202.
        public var cancelsDeferred = 0
    }

    /// A private subscribe whose signature does not verify. UNCONFIRMED: no capture of the
    /// venue's answer exists; the simulator says so with an error frame rather than silence.
    public static let invalidSubscribeSignature = BackpackStreamError(code: 4003, message: "Invalid signature")

    /// How the simulator runs.
    public let configuration: BackpackSimulatorConfiguration
    /// The script's own account (its API key), traded as unless the settings name another.
    public let scriptAccount: String
    /// The account the script trades as now.
    private var scriptTrader: String
    let engine: BackpackEngine
    let encoder: BackpackFrameEncoder
    let logger: Logger
    var faults: BackpackFaultSwitchboard { configuration.faults }
    private var sessions: [Int: Session] = [:]
    private var nextSessionID = 1
    private var depthCounter: [String: Int] = [:]
    private var script: BackpackAccountScript?
    private var rateWindows: [String: (minute: Int64, count: Int)] = [:]
    private var pendingCancels: [PendingCancel] = []
    /// Depth updates merged for the windowed streams (`depth.200ms.…`), sent when each window ends.
    private var windows: [BackpackStream: BackpackDepthUpdate] = [:]
    private var windowsDue: [Int: ContinuousClock.Instant] = [:]
    private var lastMicros: Int64 = 0
    private let clock = ContinuousClock()
    /// Counters since start.
    public private(set) var stats = Stats()

    /// Creates a value from its parts.
    public init(configuration: BackpackSimulatorConfiguration, logger: Logger = Logger(label: "backpack-sim")) {
        self.configuration = configuration
        self.logger = logger
        engine = BackpackEngine(markets: configuration.markets, seed: configuration.seed)
        engine.startingCollateral = configuration.startingCollateral
        encoder = BackpackFrameEncoder(markets: configuration.markets.map(\.market))
        let own = BackpackSigner.generate().publicKeyBase64
        scriptAccount = own
        scriptTrader = configuration.accountScript?.account ?? own
        script = configuration.accountScript.map { BackpackAccountScript(symbol: $0.symbol, intervalMs: $0.intervalMs) }
    }

    // MARK: Time

    /// The server's clock in milliseconds, skewed by the clock-skew fault.
    public func nowMs() -> Int64 { configuration.clock() + Int64(faults.parameter(.clockSkew) ?? 0) }

    /// Microseconds for event stamps, strictly increasing.
    func nowUs() -> Int64 {
        lastMicros = max(lastMicros + 1, nowMs() * 1000)
        return lastMicros
    }

    // MARK: Sessions

    func open() -> (id: Int, frames: AsyncStream<BackpackOutbound>) {
        let (stream, continuation) = AsyncStream<BackpackOutbound>.makeStream()
        let id = nextSessionID
        nextSessionID += 1
        sessions[id] = Session(continuation: continuation, openedAt: clock.now)
        stats.connectionsOpened += 1
        return (id, stream)
    }

    func close(_ id: Int) {
        sessions[id]?.continuation.finish()
        sessions[id] = nil
    }

    private func send(_ text: String, to id: Int) {
        guard let session = sessions[id], !session.closed else { return }
        session.continuation.yield(.text(text, enqueuedAt: clock.now))
        stats.framesSent += 1
    }

    /// Handles one text frame: SUBSCRIBE and UNSUBSCRIBE, several streams each. Valid ones get
    /// no reply; bad JSON or an unknown method is 4002, an unknown stream type 4006, a depth
    /// window the venue lacks 4008; an unknown symbol gets silence, as on the venue.
    func receive(text: String, from id: Int) {
        let message: BackpackClientMessage
        switch BackpackClientMessage.decode(text) {
        case .success(let decoded): message = decoded
        case .failure(let error):
            send(encoder.encode(.error(error)), to: id)
            return
        }
        var streams: [BackpackStream] = []
        for name in message.params {
            do throws(BackpackStreamError) {
                streams.append(try BackpackStream(parsing: name))
            } catch {
                send(encoder.encode(.error(error)), to: id)
            }
        }
        // Streams the simulator does not produce (markPrice, ticker, kline, balanceUpdate, …) are
        // taken and stay silent, as a valid subscribe to a quiet stream would.
        let served = streams.filter { stream in stream.symbol.map { engine.market($0) != nil } ?? true }
        switch message.method {
        case .unsubscribe:
            // UNCONFIRMED whether the venue wants a signature here; none is asked, as most clients send none.
            for stream in served { sessions[id]?.subscriptions[stream] = nil }
        case .subscribe:
            var account: String?
            if served.contains(where: \.isPrivate) {
                guard let key = subscribeAccount(message) else {
                    stats.signatureRejections += 1
                    send(encoder.encode(.error(Self.invalidSubscribeSignature)), to: id)
                    return
                }
                account = key
            }
            for stream in served where sessions[id]?.subscriptions[stream] == nil {
                sessions[id]?.subscriptions[stream] = Subscription(account: stream.isPrivate ? account : nil, since: clock.now)
                if case .positionUpdate(let symbol) = stream, let account {
                    for snapshot in engine.positionSnapshots(account: account, symbol: symbol, nowUs: nowUs()) {
                        send(encoder.encode(.positionUpdate(snapshot), stream: stream.name), to: id)
                    }
                }
            }
        }
    }

    /// The API key of a signed subscribe, when its signature verifies within its window.
    private func subscribeAccount(_ message: BackpackClientMessage) -> String? {
        guard let signature = message.parsedSignature, checkWindow(timestampMs: signature.timestampMs,
                                                                    windowMs: signature.windowMs) == nil,
              BackpackSignatureCheck.isValid(publicKeyBase64: signature.apiKey, signatureBase64: signature.signature,
                                             message: signature.signingString) else { return nil }
        return signature.apiKey
    }

    // MARK: Publishing

    private func publish(_ events: [BackpackEngineEvent]) {
        for event in events {
            switch event {
            case .depth(let update):
                let count = (depthCounter[update.symbol] ?? 0) + 1
                depthCounter[update.symbol] = count
                if let every = faults.parameter(.depthGap), count % max(2, every) == 0 {
                    stats.depthUpdatesSkipped += 1
                    continue
                }
                broadcast(.depth(update)) { $0 == .depth(symbol: update.symbol, intervalMs: nil) }
                for interval in BackpackStream.depthIntervals {
                    let window = BackpackStream.depth(symbol: update.symbol, intervalMs: interval)
                    guard sessions.values.contains(where: { $0.subscriptions[window] != nil }) else { continue }
                    windows[window] = windows[window].map { DepthWindow.merge($0, update) } ?? update
                }
            case .bookTicker(let ticker):
                broadcast(.bookTicker(ticker)) { $0 == .bookTicker(symbol: ticker.symbol) }
            case .trade(let trade):
                stats.fills += 1
                broadcast(.trade(trade)) { $0 == .trade(symbol: trade.symbol) }
            case .order(let account, let update):
                let stop = faults.parameter(.orderUpdatesStop)
                deliver(.orderUpdate(update), account: account) { stream, subscription in
                    guard stream == .orderUpdate(symbol: nil) || stream == .orderUpdate(symbol: update.symbol) else { return false }
                    return stop.map { clock.now < subscription.since + .seconds($0) } ?? true
                }
            case .position(let account, let update):
                deliver(.positionUpdate(update), account: account) { stream, _ in
                    stream == .positionUpdate(symbol: nil) || stream == .positionUpdate(symbol: update.symbol)
                }
            }
        }
    }

    /// Sends a public frame to every session subscribed to a matching stream, under that stream's name.
    private func broadcast(_ frame: BackpackServerFrame, _ matches: (BackpackStream) -> Bool) {
        var cache: [BackpackStream: String] = [:]
        for (id, session) in sessions {
            for stream in session.subscriptions.keys where matches(stream) {
                let text = cache[stream] ?? encoder.encode(frame, stream: stream.name)
                cache[stream] = text
                send(text, to: id)
            }
        }
    }

    /// Sends a private frame to the sessions subscribed with `account`'s key.
    private func deliver(_ frame: BackpackServerFrame, account: String,
                         _ matches: (BackpackStream, Subscription) -> Bool) {
        for (id, session) in sessions {
            for (stream, subscription) in session.subscriptions where subscription.account == account && matches(stream, subscription) {
                send(encoder.encode(frame, stream: stream.name), to: id)
            }
        }
    }

    /// Sends each windowed depth stream's merged update once its window has passed.
    private func flushDepthWindows() {
        let now = clock.now
        for interval in BackpackStream.depthIntervals where now >= windowsDue[interval] ?? now {
            windowsDue[interval] = now + .milliseconds(interval)
            for (stream, update) in windows {
                guard case .depth(_, interval) = stream else { continue }
                windows[stream] = nil
                broadcast(.depth(update)) { $0 == stream }
            }
        }
    }

    // MARK: Signed requests

    /// The window rule: refused once the server's clock is past `timestamp + window`, and when
    /// the timestamp lies more than a window ahead (UNCONFIRMED on the venue; a client whose
    /// clock runs ahead must learn it here too). Windows above 60 s are refused.
    func checkWindow(timestampMs: Int64, windowMs: Int64) -> BackpackAPIError? {
        guard windowMs > 0, windowMs <= BackpackSigning.maxWindowMs else {
            return BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Invalid X-Window header")
        }
        let now = nowMs()
        if now > timestampMs + windowMs { return .requestExpired }
        if timestampMs > now + windowMs { return BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Invalid timestamp") }
        return nil
    }

    /// Checks a signed REST request and returns its account (the API key). `params` are the
    /// groups recovered from the body or query (several for a batch).
    func authenticate(instruction: String, headers: [String: String], params: [[(name: String, value: String)]],
                      batch: Bool) -> Result<String, BackpackRejection> {
        // UNCONFIRMED status: 400, as the venue answers its other INVALID_CLIENT_REQUEST errors;
        // clients are to read the body's code and message, not the status.
        func refuse(_ error: BackpackAPIError, status: Int = 400) -> Result<String, BackpackRejection> {
            stats.signatureRejections += 1
            return .failure(BackpackRejection(status: status, error))
        }
        guard let key = headers["x-api-key"], BackpackSignatureCheck.isWellFormedKey(key) else {
            return refuse(BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Invalid X-API-Key header"))
        }
        guard let signature = headers["x-signature"], BackpackSignatureCheck.isWellFormedSignature(signature) else {
            return refuse(.invalidSignatureHeader)
        }
        guard let timestampText = headers["x-timestamp"], let timestamp = Int64(timestampText) else {
            return refuse(BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Invalid X-Timestamp header"))
        }
        // The default window is signed too when the header is absent.
        let window = headers["x-window"].map { Int64($0) ?? -1 } ?? BackpackSigning.defaultWindowMs
        if let problem = checkWindow(timestampMs: timestamp, windowMs: window) { return refuse(problem) }
        let text = batch
            ? BackpackSigning.batchSigningString(instruction: instruction, items: params, timestampMs: timestamp, windowMs: window)
            : BackpackSigning.signingString(instruction: instruction, params: params.first ?? [], timestampMs: timestamp,
                                            windowMs: window)
        guard BackpackSignatureCheck.isValid(publicKeyBase64: key, signatureBase64: signature, message: text) else {
            return refuse(.invalidSignature)
        }
        return .success(key)
    }

    /// Counts a request against its account's minute (or the anonymous one); false when over
    /// the limit or under the rate-limit-storm fault.
    func admit(account: String?) -> Bool {
        stats.requests += 1
        if faults.isActive(.rateLimitStorm) {
            stats.rateLimited += 1
            return false
        }
        let minute = nowMs() / 60_000
        let key = account ?? ""
        var window = rateWindows[key] ?? (minute, 0)
        if window.minute != minute { window = (minute, 0) }
        window.count += 1
        rateWindows[key] = window
        guard window.count <= configuration.requestsPerMinute else {
            stats.rateLimited += 1
            return false
        }
        return true
    }

    // MARK: Orders

    /// Places an order for `account` and publishes what it caused.
    public func execute(_ request: BackpackOrderRequest, account: String) -> Result<BackpackOrder, BackpackRejection> {
        engine.partialFillsOnly = faults.isActive(.partialFillsOnly)
        switch engine.execute(request, account: account, nowUs: nowUs(), rejectPostOnly: faults.isActive(.postOnlyReject)) {
        case .success(let (order, events)):
            stats.ordersAccepted += 1
            publish(events)
            return .success(order)
        case .failure(let rejection):
            if rejection.error?.isPostOnlyRejection == true { stats.postOnlyRejections += 1 }
            return .failure(rejection)
        }
    }

    /// What a cancel request got: the cancelled order, or a 202 (accepted, not yet done).
    public enum CancelOutcome: Sendable {
        case cancelled(BackpackOrder)
        case accepted
    }

    /// Cancels an order. Under the cancel-accepted fault the answer is 202 and the cancel
    /// happens later, so the order may still fill meanwhile.
    public func cancel(account: String, symbol: String, orderID: String?, clientID: UInt32?) -> Result<CancelOutcome, BackpackRejection> {
        if let delay = faults.parameter(.cancelAccepted),
           let id = engine.restingOrderID(account: account, symbol: symbol, orderID: orderID, clientID: clientID) {
            stats.cancelsDeferred += 1
            pendingCancels.append(PendingCancel(dueMs: nowMs() + Int64(delay), account: account, symbol: symbol, orderID: id))
            return .success(.accepted)
        }
        switch engine.cancel(account: account, symbol: symbol, orderID: orderID, clientID: clientID, nowUs: nowUs()) {
        case .success(let (order, events)):
            publish(events)
            return .success(.cancelled(order))
        case .failure(let rejection):
            return .failure(rejection)
        }
    }

    /// Cancels every resting order of the account in a market.
    public func cancelAll(account: String, symbol: String) -> [BackpackOrder] {
        let (orders, events) = engine.cancelAll(account: account, symbol: symbol, nowUs: nowUs())
        publish(events)
        return orders
    }

    /// Runs a read against the engine (queries do not publish).
    func read<T: Sendable>(_ body: (BackpackEngine, Int64) -> T) -> T { body(engine, nowUs()) }

    // MARK: Time-driven work

    func tickMarkets() {
        engine.partialFillsOnly = faults.isActive(.partialFillsOnly)
        for sim in configuration.markets { publish(engine.tick(symbol: sim.symbol, nowUs: nowUs())) }
    }

    func runScript() {
        guard var current = script else { return }
        for action in current.due(nowMs: nowMs(), engine: engine, account: scriptTrader) {
            stats.scriptedOrders += 1
            switch action {
            case .execute(let request):
                switch execute(request, account: scriptTrader) {
                case .success(let order): current.placed(orderID: order.id, postOnly: request.postOnly ?? false)
                case .failure(let rejection):
                    logger.debug("account script order refused", metadata: ["reason": "\(rejection.error?.description ?? rejection.plainText ?? "")"])
                }
            case .cancel(let symbol, let orderID):
                _ = engine.cancel(account: scriptTrader, symbol: symbol, orderID: orderID, clientID: nil, nowUs: nowUs())
                    .map { publish($0.events) }
            }
        }
        script = current
    }

    /// Due deferred cancels, and the drop-connection fault.
    func housekeeping() {
        flushDepthWindows()
        let now = nowMs()
        let due = pendingCancels.filter { $0.dueMs <= now }
        pendingCancels.removeAll { $0.dueMs <= now }
        for cancel in due {
            if case .success(let (_, events)) = engine.cancel(account: cancel.account, symbol: cancel.symbol, orderID: cancel.orderID,
                                                              clientID: nil, nowUs: nowUs()) {
                publish(events)
            }
        }
        guard let seconds = faults.parameter(.dropConnection) else { return }
        for (id, session) in sessions where !session.closed && clock.now >= session.openedAt + .seconds(seconds) {
            sessions[id]?.closed = true
            session.continuation.yield(.drop)
        }
    }

    /// Runs the books, the script and housekeeping until cancelled: one loop on a 10 ms beat,
    /// each duty at its own period, late duties run once rather than catching up.
    public func run() async {
        let beat = ContinuousClock()
        let bookPeriod = Duration.milliseconds(1000 / max(1, min(configuration.updatesPerSecond, 1000)))
        var duties: [(period: Duration, due: ContinuousClock.Instant, work: Duty)] = [
            (bookPeriod, beat.now + bookPeriod, .books),
            (.milliseconds(50), beat.now + .milliseconds(50), .housekeeping),
            (.milliseconds(100), beat.now + .milliseconds(100), .script),
        ]
        while !Task.isCancelled {
            do { try await beat.sleep(for: .milliseconds(10)) } catch { return }
            for index in duties.indices where beat.now >= duties[index].due {
                switch duties[index].work {
                case .books: tickMarkets()
                case .housekeeping: housekeeping()
                case .script: runScript()
                }
                duties[index].due = max(duties[index].due + duties[index].period, beat.now)
            }
        }
    }

    /// The time-driven duties of `run`.
    enum Duty {
        case books
        case housekeeping
        case script
    }

    // MARK: Audits

    /// Every fill of an account, oldest first: the exchange's side of a fills comparison.
    public func fills(account: String) -> [BackpackFill] { engine.fills(account: account) }

    /// Every order of an account the engine remembers, oldest first.
    public func orders(account: String) -> [BackpackOrder] { engine.orders(account: account) }

    /// Starts (or replaces) the account script at run time.
    public func startScript(_ settings: BackpackScriptSettings) {
        script = BackpackAccountScript(symbol: settings.symbol, intervalMs: settings.intervalMs)
        scriptTrader = settings.account ?? scriptAccount
    }

    /// Stops the account script.
    public func stopScript() { script = nil }
}
