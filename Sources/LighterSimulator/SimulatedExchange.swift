import Foundation
import LighterProtocol
import LighterSigner
import Logging

/// The simulated venue: the matching engine, the connected sessions and their
/// subscriptions. An actor, so that a subscription snapshot and the updates that follow
/// it can never interleave wrongly.
public actor SimulatedExchange {
    struct Session {
        let id: Int
        let continuation: AsyncStream<Outbound>.Continuation
        let openedAt: ContinuousClock.Instant
        var subscriptions: Set<StreamChannel> = []
        var lastClientFrame: ContinuousClock.Instant
        var pingSentAt: ContinuousClock.Instant?
        var nextMalformed: ContinuousClock.Instant?
        var nextUnknown: ContinuousClock.Instant?
        var closed = false
    }

    /// What the run was started with.
    public let configuration: SimulatorConfiguration
    let engine: ExchangeEngine
    let encoder: FrameEncoder
    /// The venue's shapes for positions, balances, stats and tickers.
    let venue: VenueWriter
    let logger: Logger
    var faults: FaultSwitchboard { configuration.faults }
    var sessions: [Int: Session] = [:]
    private var nextSessionID = 1
    private var bookUpdateCounter: [Int: Int] = [:]
    private var accountFrameNonce: Int64 = 1
    /// The block height last sent on `height`.
    var publishedHeight: Int64 = 0
    private var script: AccountScript?
    /// Signs the account script's orders with a key the simulator made and registered itself.
    private var scriptSigner: TransactionSigner?
    /// Public keys by (account, key index): the configured ones and the script's.
    private var apiKeys: [APIKeyID: LighterPublicKey]
    private let clock = ContinuousClock()

    /// Counters for tests and the control endpoint.
    public private(set) var stats = Stats()
    /// Transactions sent by clients (not the account script), for the transaction faults.
    private var clientTransactions = 0
    /// How much the exchange has done since it started.
    public struct Stats: Sendable, Hashable {
        /// WebSocket connections accepted.
        public var connectionsOpened = 0
        /// Frames queued to clients.
        public var framesSent = 0
        /// Order-book updates dropped by the `skip-book-update` fault.
        public var bookUpdatesSkipped = 0
        /// Client frames answered with an error (not JSON, unknown type, binary).
        public var clientErrors = 0
        /// Trades executed, the script's included.
        public var fills = 0
        /// Orders the account script placed.
        public var scriptedOrders = 0
    }

    /// An exchange with `configuration`'s markets, keys and faults; it moves once `run()` runs.
    public init(configuration: SimulatorConfiguration, logger: Logger = Logger(label: "lighter-sim")) {
        self.configuration = configuration
        self.engine = ExchangeEngine(markets: configuration.markets, seed: configuration.seed)
        var decimals: [Int: MarketDecimals] = [:]
        for market in configuration.markets {
            decimals[market.id] = MarketDecimals(size: market.sizeDecimals, price: market.priceDecimals)
        }
        self.encoder = FrameEncoder(decimals: decimals)
        self.venue = VenueWriter(markets: configuration.markets)
        self.logger = logger
        self.apiKeys = configuration.apiKeys
        if let settings = configuration.accountScript {
            let (script, signer, key) = Self.makeScript(settings, engine: engine)
            self.script = script
            self.scriptSigner = signer
            self.apiKeys[key.id] = key.publicKey
        }
    }

    private static func makeScript(_ settings: AccountScriptSettings, engine: ExchangeEngine)
        -> (AccountScript, TransactionSigner, (id: APIKeyID, publicKey: LighterPublicKey)) {
        let privateKey = LighterPrivateKey.generate()
        return (AccountScript(settings: settings, engine: engine),
                TransactionSigner(privateKey: privateKey, chainId: SignedTransactions.chainID),
                (APIKeyID(account: settings.account, apiKeyIndex: settings.apiKeyIndex), privateKey.publicKey))
    }

    /// Registers an API key at run time (a demo or a test that made its own key).
    public func registerKey(account: Int64, apiKeyIndex: Int, publicKey: LighterPublicKey) {
        apiKeys[APIKeyID(account: account, apiKeyIndex: apiKeyIndex)] = publicKey
    }

    /// The account's registered keys with the nonce each expects next, by key index; every
    /// key of the account when `apiKeyIndex` is nil.
    func registeredKeys(account: Int64, apiKeyIndex: Int?) -> [(index: Int, publicKey: LighterPublicKey, nextNonce: Int64)] {
        apiKeys.filter { $0.key.account == account && (apiKeyIndex == nil || $0.key.apiKeyIndex == apiKeyIndex) }
            .sorted { $0.key.apiKeyIndex < $1.key.apiKeyIndex }
            .map { ($0.key.apiKeyIndex, $0.value, engine.nextNonce(account: account, apiKeyIndex: $0.key.apiKeyIndex)) }
    }

    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    // MARK: Sessions

    /// Registers a connection and greets it with `connected`.
    func open() -> (id: Int, frames: AsyncStream<Outbound>) {
        let (stream, continuation) = AsyncStream<Outbound>.makeStream()
        let id = nextSessionID
        nextSessionID += 1
        let now = clock.now
        var session = Session(id: id, continuation: continuation, openedAt: now, lastClientFrame: now)
        if let every = faults.parameter(.malformedJSON) { session.nextMalformed = now + .seconds(every) }
        if let every = faults.parameter(.unknownFrame) { session.nextUnknown = now + .seconds(every) }
        sessions[id] = session
        stats.connectionsOpened += 1
        send(encoder.encode(.connected(sessionID: Self.sessionUUID(id))), to: id)
        return (id, stream)
    }

    func close(_ id: Int) {
        sessions[id]?.continuation.finish()
        sessions[id] = nil
    }

    static func sessionUUID(_ id: Int) -> String {
        let hex = String(id, radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }

    func send(_ text: String, to id: Int) {
        guard let session = sessions[id], !session.closed else { return }
        session.continuation.yield(.text(text, enqueuedAt: clock.now))
        stats.framesSent += 1
    }

    private func send(_ frame: ServerFrame, to id: Int) { send(encoder.encode(frame), to: id) }

    /// Sends `text` as it is to every open connection: for tests that play a hostile peer.
    func sendRawToAll(_ text: String) {
        for id in sessions.keys { send(text, to: id) }
    }

    private func end(_ id: Int, with outbound: Outbound) {
        guard var session = sessions[id], !session.closed else { return }
        session.closed = true
        sessions[id] = session
        session.continuation.yield(outbound)
    }

    // MARK: Client messages

    /// Handles one text frame from a client.
    func receive(text: String, from id: Int) {
        sessions[id]?.lastClientFrame = clock.now
        switch ClientMessageCodec.decode(text) {
        case .failure(let rejection):
            stats.clientErrors += 1
            send(.error(ErrorFrame(code: rejection.code, message: rejection.message)), to: id)
        case .success(let message):
            handle(message, from: id)
        }
    }

    /// Binary frames are not part of the protocol: answered like invalid JSON.
    func receiveBinary(from id: Int) {
        sessions[id]?.lastClientFrame = clock.now
        stats.clientErrors += 1
        send(.error(ErrorFrame(code: 30000, message: "Invalid Json")), to: id)
    }

    private func handle(_ message: ClientMessage, from id: Int) {
        switch message {
        case .ping:
            if !faults.isActive(.ignoreClientPing) { send(.pong, to: id) }
        case .pong:
            sessions[id]?.pingSentAt = nil
        case .subscribe(let name, let auth):
            subscribe(name, auth: auth, session: id)
        case .unsubscribe(let name):
            guard let channel = StreamChannel(parsing: name) else {
                send(.error(ErrorFrame(code: 30005, message: "Invalid Channel:  (\(name))")), to: id)
                return
            }
            guard sessions[id]?.subscriptions.remove(channel) != nil else {
                send(.error(ErrorFrame(code: 30002, message: "Not Subscribed to : \(channel.frameName)")), to: id)
                return
            }
            send(.unsubscribed(channel: channel.frameName), to: id)
        case .sendTx(let requestID, let txType, let txInfo):
            switch submit(txType: txType, txInfoJSON: txInfo) {
            case .success(let hash):
                send(.txResult(TxResultFrame(code: 200, id: requestID, txHash: hash,
                                             predictedExecutionTimeMs: Self.nowMs() + 200)), to: id)
            case .failure(var error):
                error.id = requestID
                send(.error(error), to: id)
            }
        case .sendTxBatch(let requestID, let types, let infos):
            switch submitBatch(txTypes: types, txInfoJSONs: infos) {
            case .success(let hashes):
                send(.txResult(TxResultFrame(code: 200, id: requestID, txHash: hashes.joined(separator: ","),
                                             predictedExecutionTimeMs: Self.nowMs() + 200)), to: id)
            case .failure(var error):
                error.id = requestID
                send(.error(error), to: id)
            }
        }
    }

    private func subscribe(_ name: String, auth: String?, session id: Int) {
        guard let channel = StreamChannel(parsing: name), isServed(channel) else {
            send(.error(ErrorFrame(code: 30005, message: "Invalid Channel:  (\(name))")), to: id)
            return
        }
        if configuration.authRules.requiresAuth(channel) || (channel.account != nil && auth != nil) {
            if let problem = authProblem(auth, account: channel.account ?? -1, channel: channel) {
                send(.error(problem), to: id)
                return
            }
        }
        guard sessions[id]?.subscriptions.contains(channel) == false else {
            send(.error(ErrorFrame(code: 30003, message: "Already Subscribed to : \(channel.frameName)")), to: id)
            return
        }
        sessions[id]?.subscriptions.insert(channel)
        // Once the account-silence fault holds, account channels send nothing, confirmations included.
        if channel.account != nil, let session = sessions[id], !accountFramesAllowed(session) { return }
        if let snapshot = snapshotFrame(for: channel, session: id) {
            send(snapshot, to: id)
        } else if let text = accountChannelSnapshot(for: channel) ?? marketChannelSnapshot(for: channel) {
            send(text, to: id)
        }
    }

    /// Channels the simulator produces.
    private func isServed(_ channel: StreamChannel) -> Bool {
        switch channel {
        case .orderBook(let market), .trade(let market), .accountOrders(let market, _):
            return configuration.markets.contains { $0.id == market && !$0.isSpot }
        case .accountAllOrders, .accountAllTrades, .accountAll, .accountAllPositions, .accountAllAssets, .userStats, .height:
            return true
        case .marketStats(let market):
            // The venue's market_stats serves perps only; `all` is every perp.
            return market.map { id in configuration.markets.contains { $0.id == id && !$0.isSpot } } ?? true
        default: return false
        }
    }

    /// The auth check of the venue: presence, format, 8-hour window, account binding.
    func authProblem(_ auth: String?, account: Int64, channel: StreamChannel?) -> ErrorFrame? {
        guard let auth, !auth.isEmpty else {
            return ErrorFrame(.invalidParam, "invalid param : auth field is required: \(channel?.frameName ?? "")")
        }
        if faults.isActive(.rejectAuth) {
            return ErrorFrame(.invalidAuth, "invalid auth: signature verification failed")
        }
        let token: AuthToken
        do throws(AuthToken.Problem) {
            token = try AuthToken(parsing: auth)
            try token.checkWindow(now: Self.nowMs() / 1000)
            if token.account != account {
                throw AuthToken.Problem.accountMismatch(token: token.account, channel: account)
            }
        } catch {
            return ErrorFrame(.invalidAuth, error.description)
        }
        guard configuration.authMode == .verified else { return nil }
        guard let publicKey = apiKeys[APIKeyID(account: token.account, apiKeyIndex: token.apiKeyIndex)] else {
            return ErrorFrame(.invalidAuth, "invalid auth: api key not found")
        }
        guard AuthTokenSigner.verify(token, publicKey: publicKey) else {
            return ErrorFrame(.invalidAuth, "invalid auth: invalid signature")
        }
        return nil
    }

    private func snapshotFrame(for channel: StreamChannel, session id: Int) -> ServerFrame? {
        let now = Self.nowMs()
        switch channel {
        case .orderBook(let market):
            return engine.snapshot(market: market, nowMs: now).map(ServerFrame.orderBook)
        case .trade(let market):
            // The venue replays recent history on subscribe (not new fills).
            return .trades(TradesFrame(market: market, isSnapshot: true, nonce: nil,
                                       trades: Array(engine.recentTrades(market: market, limit: 50).reversed())))
        case .accountOrders(let market, let account):
            if faults.isActive(.noAccountConfirm) { return nil }
            return .accountOrders(accountOrdersFrame(source: .accountOrders, snapshot: true, account: account,
                                                     market: market, orders: engine.activeOrders(account: account, market: market)))
        case .accountAllOrders(let account):
            return .accountOrders(accountOrdersFrame(source: .accountAllOrders, snapshot: true, account: account,
                                                     market: nil, orders: engine.activeOrders(account: account, market: nil)))
        case .accountAllTrades(let account):
            let trades = Dictionary(grouping: engine.trades(account: account), by: { String($0.marketID) })
            return .accountTrades(AccountTradesFrame(isSnapshot: true, channel: channel.frameName, trades: trades))
        default:
            return nil
        }
    }

    private func accountOrdersFrame(source: AccountOrdersSource, snapshot: Bool, account: Int64, market: Int?,
                                    orders: [Order]) -> AccountOrdersFrame {
        var grouped: [String: [Order]] = [:]
        let shift = faults.isActive(.wrongMarketKeys) ? 1 : 0
        for order in orders { grouped[String(order.marketIndex + shift), default: []].append(order) }
        if let market, grouped.isEmpty { grouped[String(market + shift)] = [] }
        accountFrameNonce += 1
        switch source {
        case .accountOrders:
            return AccountOrdersFrame(source: source, isSnapshot: snapshot,
                                      channel: StreamChannel.accountOrders(market: market ?? 0, account: account).frameName,
                                      account: account, nonce: accountFrameNonce, orders: grouped)
        case .accountAllOrders:
            return AccountOrdersFrame(source: source, isSnapshot: snapshot,
                                      channel: StreamChannel.accountAllOrders(account: account).frameName,
                                      account: nil, nonce: nil, orders: grouped)
        }
    }

    // MARK: Transactions

    /// Submits a transaction from any source (WebSocket, REST, the account script) and
    /// publishes what it caused.
    func submit(txType: Int, txInfoJSON: String, fromScript: Bool = false) -> Result<String, ErrorFrame> {
        if !fromScript, let refused = transactionFault() { return .failure(refused) }
        engine.neverFill = faults.isActive(.neverFill)
        engine.partialFillsOnly = faults.isActive(.partialFillsOnly)
        if configuration.authMode == .verified,
           case .failure(let error) = SignedTransactions.check(txType: txType, txInfoJSON: txInfoJSON, keys: apiKeys) {
            return .failure(error)
        }
        switch engine.submit(txType: txType, txInfoJSON: txInfoJSON, nowMs: Self.nowMs()) {
        case .success(let accepted):
            publish(accepted.events)
            // The venue's hash when the tx reads as one the signer knows; the engine's stand-in otherwise.
            return .success(SignedTransactions.hash(txType: txType, txInfoJSON: txInfoJSON) ?? accepted.txHash)
        case .failure(let error):
            return .failure(error)
        }
    }

    /// Submits a batch in order (REST `sendTxBatch`, socket `jsonapi/sendtxbatch`): the hashes of
    /// all, or the first refusal, the transactions before it standing, as each is its own.
    func submitBatch(txTypes: [Int], txInfoJSONs: [String]) -> Result<[String], ErrorFrame> {
        guard txTypes.count <= 50 else {
            return .failure(ErrorFrame(.tooManyTxsInBatch, "maximum 50 transactions allowed per batch"))
        }
        guard !txTypes.isEmpty, txTypes.count == txInfoJSONs.count else {
            return .failure(ErrorFrame(.invalidParam, "invalid param : tx_types and tx_infos must be non-empty and of one length"))
        }
        var hashes: [String] = []
        for (type, info) in zip(txTypes, txInfoJSONs) {
            switch submit(txType: type, txInfoJSON: info) {
            case .success(let hash): hashes.append(hash)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(hashes)
    }

    /// A client's transaction refused by `bad-nonce` or `rate-limit-tx` (one in N, counted over
    /// clients' transactions only: the account script is the venue's own flow).
    private func transactionFault() -> ErrorFrame? {
        clientTransactions += 1
        if let every = faults.parameter(.badNonce), clientTransactions % max(every, 2) == 0 {
            return ErrorFrame(.invalidNonce, "invalid nonce")
        }
        if let every = faults.parameter(.rateLimitTx), clientTransactions % max(every, 2) == 0 {
            return ErrorFrame(.tooManyRequests, "Too Many Requests!")
        }
        return nil
    }

    /// Sends engine events to the sessions subscribed to them.
    private func publish(_ events: [ExchangeEvent]) {
        // Each account's fills, for one account-channel update per account after the events.
        var fills: [Int64: [Trade]] = [:]
        for event in events {
            switch event {
            case .book(let frame):
                publishBook(frame)
            case .orderUpdated(let order):
                publishOrder(order)
            case .trade(let trade):
                stats.fills += 1
                publishTrade(trade)
                for account in Set([trade.askAccountID, trade.bidAccountID]) { fills[account, default: []].append(trade) }
            }
        }
        for (account, trades) in fills { publishAccountChanges(account: account, trades: trades) }
    }

    private func publishBook(_ frame: OrderBookFrame) {
        let count = (bookUpdateCounter[frame.market] ?? 0) + 1
        bookUpdateCounter[frame.market] = count
        if let every = faults.parameter(.skipBookUpdate), count % max(every, 2) == 0 {
            stats.bookUpdatesSkipped += 1
            return
        }
        let channel = StreamChannel.orderBook(market: frame.market)
        let text = encoder.encode(.orderBook(frame))
        for (id, session) in sessions where session.subscriptions.contains(channel) { send(text, to: id) }
    }

    func accountFramesAllowed(_ session: Session) -> Bool {
        guard let seconds = faults.parameter(.accountSilenceAfter) else { return true }
        return clock.now < session.openedAt + .seconds(seconds)
    }

    private func publishOrder(_ changed: Order) {
        let owner = changed.ownerAccountIndex
        // In full-set mode the changed order travels with all the others of its market.
        let orders = configuration.fullSetAccountUpdates
            ? engine.orders(account: owner).filter { $0.marketIndex == changed.marketIndex } : [changed]
        let order = changed
        let perMarket = StreamChannel.accountOrders(market: order.marketIndex, account: owner)
        let allMarkets = StreamChannel.accountAllOrders(account: owner)
        for (id, session) in sessions where accountFramesAllowed(session) {
            if session.subscriptions.contains(perMarket) {
                send(.accountOrders(accountOrdersFrame(source: .accountOrders, snapshot: false, account: owner,
                                                       market: order.marketIndex, orders: orders)), to: id)
            }
            if session.subscriptions.contains(allMarkets) {
                send(.accountOrders(accountOrdersFrame(source: .accountAllOrders, snapshot: false, account: owner,
                                                       market: nil, orders: orders)), to: id)
            }
        }
    }

    private func publishTrade(_ trade: Trade) {
        let publicChannel = StreamChannel.trade(market: trade.marketID)
        let publicText = encoder.encode(.trades(TradesFrame(market: trade.marketID, isSnapshot: false, nonce: nil, trades: [trade])))
        let accounts = Set([trade.askAccountID, trade.bidAccountID])
        for (id, session) in sessions {
            if session.subscriptions.contains(publicChannel) { send(publicText, to: id) }
            guard accountFramesAllowed(session) else { continue }
            for account in accounts where session.subscriptions.contains(.accountAllTrades(account: account)) {
                let frame = AccountTradesFrame(isSnapshot: false, channel: StreamChannel.accountAllTrades(account: account).frameName,
                                               trades: [String(trade.marketID): [trade]])
                send(.accountTrades(frame), to: id)
            }
        }
    }

    // MARK: Time-driven work

    /// Advances every market's book by one step.
    func tickMarkets() {
        engine.neverFill = faults.isActive(.neverFill)
        engine.partialFillsOnly = faults.isActive(.partialFillsOnly)
        let now = Self.nowMs()
        publish(engine.runScheduledCancels(nowMs: now))
        for market in configuration.markets where !market.isSpot {
            publish(engine.tick(market: market.id, nowMs: now))
        }
        publishHeight(nowMs: now)
    }

    /// Starts (or replaces) the account script at run time, so that a demo can begin
    /// trading only once its client is listening.
    public func startScript(_ settings: AccountScriptSettings) {
        let (script, signer, key) = Self.makeScript(settings, engine: engine)
        self.script = script
        scriptSigner = signer
        apiKeys[key.id] = key.publicKey
    }

    /// Stops the account script (a demo lets its client catch up before it compares).
    public func stopScript() { script = nil }

    /// Places the account script's due orders.
    func runScript() {
        guard var script else { return }
        for tx in script.due(nowMs: Self.nowMs(), engine: engine) {
            stats.scriptedOrders += 1
            let signed = scriptSigner.flatMap { SignedTransactions.resign(txInfoJSON: tx.txInfoJSON, with: $0) } ?? tx.txInfoJSON
            if case .failure(let error) = submit(txType: tx.txType, txInfoJSON: signed, fromScript: true) {
                logger.warning("account script order refused", metadata: ["code": "\(error.code ?? 0)", "message": "\(error.message)"])
                script.resync(engine: engine)
            }
        }
        self.script = script
    }

    /// Pings, pong deadlines, idle limits and the time-based faults, for every session.
    func housekeeping() {
        let now = clock.now
        for (id, session) in sessions where !session.closed {
            if let seconds = faults.parameter(.dropConnection), now >= session.openedAt + .seconds(seconds) {
                end(id, with: .drop)
                continue
            }
            if let sentAt = session.pingSentAt, now >= sentAt + configuration.pongTimeout {
                end(id, with: .close(code: 1008, reason: "no pong"))
                continue
            }
            if now >= session.lastClientFrame + configuration.idleTimeout {
                end(id, with: .close(code: 1008, reason: "idle timeout"))
                continue
            }
            if let interval = configuration.serverPingInterval, !faults.isActive(.noServerPing), session.pingSentAt == nil,
               now >= max(session.lastClientFrame, session.openedAt) + interval {
                sessions[id]?.pingSentAt = now
                send(.ping, to: id)
            }
            if let every = faults.parameter(.malformedJSON) {
                if let due = session.nextMalformed, now >= due {
                    send(#"{"type":"update/order_book","channel":"order_book:0","order_book":{"asks":[{"price":"#, to: id)
                    sessions[id]?.nextMalformed = now + .seconds(every)
                } else if session.nextMalformed == nil {
                    sessions[id]?.nextMalformed = now + .seconds(every)
                }
            }
            if let every = faults.parameter(.unknownFrame) {
                if let due = session.nextUnknown, now >= due {
                    send(#"{"type":"update/mystery","channel":"mystery:0","payload":{"note":"a frame of a type clients do not know"}}"#, to: id)
                    sessions[id]?.nextUnknown = now + .seconds(every)
                } else if session.nextUnknown == nil {
                    sessions[id]?.nextUnknown = now + .seconds(every)
                }
            }
        }
    }

    /// Runs the book, script and housekeeping loops until cancelled.
    public func run() async {
        let bookPeriod = Duration.milliseconds(1000 / max(1, min(configuration.updatesPerSecond, 1000)))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await Self.every(bookPeriod) { await self.tickMarkets() } }
            group.addTask { await Self.every(.milliseconds(50)) { await self.housekeeping() } }
            group.addTask { await Self.every(.milliseconds(100)) { await self.runScript() } }
            group.addTask { await Self.every(self.configuration.statsInterval) { await self.publishStats() } }
            await group.waitForAll()
        }
    }

    private static func every(_ period: Duration, _ work: @Sendable () async -> Void) async {
        let clock = ContinuousClock()
        var next = clock.now + period
        while !Task.isCancelled {
            do { try await clock.sleep(until: next) } catch { return }
            await work()
            next = max(next + period, clock.now)
        }
    }

    // MARK: Queries

    /// Every order of `account`, live and finished.
    public func orders(account: Int64) -> [Order] { engine.orders(account: account) }

    /// Every fill of `account`, oldest first: the exchange's side of a fills-made against
    /// fills-detected comparison.
    public func fills(account: Int64) -> [Trade] {
        Array(engine.trades(account: account, limit: Int.max).reversed())
    }

    func activeOrders(account: Int64, market: Int?) -> [Order] { engine.activeOrders(account: account, market: market) }
    /// The best bid and ask levels of a market now.
    public func topOfBook(market: Int) -> (bid: PriceLevel?, ask: PriceLevel?) { engine.topOfBook(market: market) }
    /// The best bid and ask prices of a market now.
    public func bestPrices(market: Int) -> (bid: FixedDecimal?, ask: FixedDecimal?) {
        (engine.bestBid(market: market), engine.bestAsk(market: market))
    }
    func inactiveOrders(account: Int64, market: Int?, limit: Int, before: Int64?) -> HistoryPage<Order> {
        engine.inactiveOrders(account: account, market: market, limit: limit, before: before)
    }
    func trades(account: Int64, market: Int?, limit: Int, before: Int64?) -> HistoryPage<Trade> {
        engine.trades(account: account, market: market, limit: limit, before: before)
    }
    func marketTrades(market: Int, limit: Int, before: Int64?) -> HistoryPage<Trade> {
        engine.marketTrades(market: market, limit: limit, before: before)
    }
    func nextNonce(account: Int64, apiKeyIndex: Int) -> Int64 { engine.nextNonce(account: account, apiKeyIndex: apiKeyIndex) }
    /// The account's positions in every market it traded (flat ones included).
    public func positions(account: Int64) -> [SimPosition] { engine.positions(account: account) }
    /// A market's ticker now; nil for unknown and spot markets.
    func marketStats(market: Int) -> SimMarketStats? { engine.marketStats(market: market, nowMs: Self.nowMs()) }
    func allMarketStats() -> [SimMarketStats] { engine.allMarketStats(nowMs: Self.nowMs()) }
    func bookOrders(market: Int, limit: Int) -> (asks: [SimBookOrder], bids: [SimBookOrder])? {
        engine.bookOrders(market: market, limit: limit, nowMs: Self.nowMs())
    }
    /// A market's fills, newest first.
    func recentTrades(market: Int, limit: Int) -> [Trade] { engine.recentTrades(market: market, limit: limit) }
    /// When the account's scheduled cancel-all happens (ms); 0 when none is scheduled.
    func cancelAllTime(account: Int64) -> Int64 { engine.cancelAllTime(account: account) }
    /// Mid of a market's displayed touch.
    func midPrice(market: Int) -> FixedDecimal? { engine.midPrice(market: market) }
}
