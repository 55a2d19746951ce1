import BackpackClient
import BackpackProtocol
import Foundation
import HedgeEngine
import Journaling
import LighterProtocol
import Synchronization

/// Backpack as the engine's maker venue: post-only quotes and flattening IOCs sent through the
/// venue's REST API, fills and order states from a `BackpackStreamClient` (exactly-once fills,
/// recovered through the fills history when the stream missed them).
///
/// The engine's 64-bit order ids become Backpack's 32-bit client ids by their low 32 bits
/// (`BackpackClientIDs`): the ids grow with the clock, so two orders share a client id only
/// when made about twelve hours apart, and a restart can cancel a previous run's order by the
/// id in the ledger alone. Nothing is decided by a timeout: a send with no answer is looked up
/// once its signing window has closed, and a cancel the venue only accepted (202) is followed
/// until the order is off the book, with what it executed.
public final class BackpackMakerVenue: MakerVenue {
    /// `backpack`: the venue's name in the ledger, the CSV and the metrics.
    public let name = "backpack"
    /// The market's tick, step and minimum, from the venue's description of it.
    public let rules: MarketRules
    /// The market as the venue describes it.
    public let market: BackpackMarket
    /// Everything the adapter learns, in order; iterated once, by the engine.
    public let events: AsyncStream<MakerVenueEvent>
    let continuation: AsyncStream<MakerVenueEvent>.Continuation
    let rest: BackpackRESTClient
    /// A request older than this cannot be executed by the venue any more (its `X-Window`),
    /// with a margin: after it, an order the venue does not list was never placed.
    let sendWindowMs: Int64
    let positionInterval: Duration?
    let state = Mutex(State())

    struct State {
        var ids = BackpackClientIDs()
        var connected = false
        var ordersStanding = false
        var blind = false
        var health: VenueHealth?
        var reconciling = false
        var lastTop: BookTop?
        var lastTopMs: Int64 = 0
        /// An `orderFill` update waiting for its fill event, so that the fill comes first.
        var pendingFillUpdate: BackpackOrderUpdate?
        /// Local time of the last fill reported: a position read close to a fill may not
        /// include it yet.
        var lastFillMs: Int64 = 0
    }

    /// - Parameters:
    ///   - market: the perp market quoted on (`ETH_USDC_PERP`).
    ///   - rest: the stream client's REST side (one rate limiter and one clock for both).
    ///   - windowMs: the signed requests' window.
    ///   - replay: fills the stream client's journal already holds (it will not report them
    ///     again); they are handed to the engine first, which drops those it has.
    ///   - positionInterval: how often the venue's position is read to check the ledger.
    public init(market: BackpackMarket, rest: BackpackRESTClient, windowMs: Int64 = 5_000, replay: [BackpackFillEvent] = [],
                positionInterval: Duration? = .seconds(30)) throws(HedgeVenueSetupError) {
        guard market.isPerp else { throw HedgeVenueSetupError("market \(market.symbol) is not a perp market") }
        guard let rules = MarketRules(symbol: market.symbol, tickSize: market.tickSize, stepSize: market.stepSize,
                                      minQuantity: market.minQuantity) else {
            throw HedgeVenueSetupError("market \(market.symbol) has a tick or step that is not positive")
        }
        self.market = market
        self.rules = rules
        self.rest = rest
        self.sendWindowMs = windowMs + 2_000
        self.positionInterval = positionInterval
        (events, continuation) = AsyncStream.makeStream()
        for fill in replay where fill.symbol == market.symbol { fillSeen(fill) }
    }

    // MARK: - Commands

    /// Sends the order over REST without waiting: `.accepted` or `.rejected` follows; a send with
    /// no answer is looked up once its signing window has closed.
    public func place(_ order: MakerOrder) {
        let clientID = state.withLock { $0.ids.venueID(for: order.clientOrderID) }
        let request = BackpackOrderRequest(
            symbol: market.symbol, side: order.side == .buy ? .bid : .ask, orderType: .limit, quantity: order.quantity,
            price: order.price, postOnly: order.kind == .postOnly ? true : nil,
            timeInForce: order.kind == .postOnly ? .goodTillCancelled : .immediateOrCancel, clientId: clientID)
        let id = order.clientOrderID
        Task { [self] in
            do throws(BackpackRESTError) {
                let placed = try await rest.execute(request)
                continuation.yield(.accepted(clientOrderID: id, venueOrderID: placed.id))
                if let status = Self.status(placed.status), status.isFinal {
                    continuation.yield(.orderUpdate(clientOrderID: id, status: status, executedQuantity: placed.executedQuantity))
                }
            } catch {
                switch error {
                case .postOnlyWouldTake(let message):
                    continuation.yield(.rejected(clientOrderID: id, reason: message, wouldTake: true))
                case .transport, .undecodable:
                    await lookUpUnanswered(id, clientID: clientID, reason: error.description)
                default:
                    continuation.yield(.rejected(clientOrderID: id, reason: error.description, wouldTake: false))
                }
            }
        }
    }

    /// Cancels by the engine's id without waiting: `.cancelResult` follows, with what the order
    /// executed in all.
    public func cancel(clientOrderID id: Int64) {
        let clientID = state.withLock { $0.ids.venueID(for: id) }
        Task { [self] in
            do throws(BackpackRESTError) {
                switch try await rest.cancel(symbol: market.symbol, clientID: clientID) {
                case .cancelled(let order):
                    continuation.yield(.cancelResult(clientOrderID: id, .closed(executedQuantity: order.executedQuantity)))
                case .accepted:
                    await followCancel(id, clientID: clientID)
                }
            } catch {
                if case .notFound = error {
                    // Off the book already (filled or canceled): its history says what it did.
                    await followCancel(id, clientID: clientID)
                } else {
                    continuation.yield(.cancelResult(clientOrderID: id, .failed(reason: error.description)))
                }
            }
        }
    }

    /// A send that got no answer: once the request's window has closed, the venue lists the
    /// order (open or in its history) or never took it.
    func lookUpUnanswered(_ id: Int64, clientID: UInt32, reason: String) async {
        try? await Task.sleep(for: .milliseconds(sendWindowMs))
        var pause = Duration.milliseconds(500)
        while !Task.isCancelled {
            do throws(BackpackRESTError) {
                if let order = try await find(clientID: clientID) {
                    continuation.yield(.accepted(clientOrderID: id, venueOrderID: order.id))
                    if let status = Self.status(order.status) {
                        continuation.yield(.orderUpdate(clientOrderID: id, status: status, executedQuantity: order.executedQuantity))
                    }
                } else {
                    continuation.yield(.rejected(clientOrderID: id, reason: "no answer (\(reason)), and the venue lists no such order after its window",
                                                 wouldTake: false))
                }
                return
            } catch {
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(10))
            }
        }
    }

    /// A cancel the venue accepted without doing yet, or an order it no longer has: followed
    /// until the order is off the book, then closed with what it executed. An order the venue
    /// never listed executed nothing.
    func followCancel(_ id: Int64, clientID: UInt32) async {
        var pause = Duration.milliseconds(200)
        for _ in 0..<20 {
            do throws(BackpackRESTError) {
                let resting = try await rest.openOrders(symbol: market.symbol).first { $0.clientID == clientID }
                if resting == nil {
                    let ended = try await find(clientID: clientID)
                    continuation.yield(.cancelResult(clientOrderID: id, .closed(executedQuantity: ended?.executedQuantity ?? .zero)))
                    return
                }
            } catch {
                if case .rateLimited(let retryAfter) = error { pause = max(pause, retryAfter) }
            }
            if Task.isCancelled { break }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(5))
        }
        continuation.yield(.cancelResult(clientOrderID: id, .failed(reason: "the order still rests after the cancel")))
    }

    /// The order with this client id among the open ones and the recent history, newest first.
    func find(clientID: UInt32) async throws(BackpackRESTError) -> BackpackOrder? {
        if let open = try await rest.openOrders(symbol: market.symbol).first(where: { $0.clientID == clientID }) { return open }
        return try await rest.orderHistory(symbol: market.symbol, limit: 1000).first { $0.clientID == clientID }
    }

    // MARK: - The stream client

    /// Runs the stream client (and the periodic position check), feeding what it reports
    /// through `ingest`. The client must have the account's key and follow this market.
    public func follow(_ client: BackpackStreamClient) async throws {
        guard client.configuration.symbol == market.symbol else {
            throw HedgeVenueSetupError("the stream client must follow \(market.symbol)")
        }
        let checker = Task { [self] in await checkPositions() }
        defer { checker.cancel() }
        try await client.run { [self] event in ingest(event) }
    }

    /// Turns one stream client event into maker venue events.
    public func ingest(_ event: BackpackStreamEvent) {
        // An `orderFill` update waits for its fill (sent right after it when it is news), so the
        // engine sees the fill before the executed quantity that includes it.
        if let pending = state.withLock({ state -> BackpackOrderUpdate? in
            defer { state.pendingFillUpdate = nil }
            return state.pendingFillUpdate
        }) {
            if case .fill(let fill) = event, fill.orderID == pending.orderID {
                fillSeen(fill)
                orderUpdate(pending)
                return
            }
            orderUpdate(pending)
        }
        switch event {
        case .book(let book) where book.symbol == market.symbol && book.isSynced:
            publish(BookTop(bid: book.bestBid?.price, ask: book.bestAsk?.price))
        case .fill(let fill) where fill.symbol == market.symbol:
            fillSeen(fill)
        case .orderUpdate(let update) where update.symbol == market.symbol:
            if update.event == .orderFill {
                state.withLock { $0.pendingFillUpdate = update }
            } else {
                orderUpdate(update)
            }
        case .connected:
            updateHealth { $0.connected = true }
            setReconciling(true)
        case .disconnected, .connectFailed:
            updateHealth { $0.connected = false; $0.ordersStanding = false }
        case .subscription(let stream, let subscription):
            guard stream == BackpackStream.orderUpdate(symbol: market.symbol).name else { return }
            updateHealth { $0.ordersStanding = subscription.isStanding }
        case .blind:
            updateHealth { $0.blind = true }
        case .sightRestored:
            updateHealth { $0.blind = false }
        case .reconciled:
            setReconciling(false)
        default:
            break
        }
    }

    func fillSeen(_ fill: BackpackFillEvent) {
        let id = state.withLock { state -> Int64 in
            state.lastFillMs = WallClock.nowMilliseconds()
            return fill.clientID.map { state.ids.engineID(for: $0, nearMs: fill.timeMs) } ?? 0
        }
        continuation.yield(.fill(VenueFill(fillID: String(fill.tradeID), clientOrderID: id, side: fill.side == .bid ? .buy : .sell,
                                           price: fill.price, quantity: fill.quantity, fee: fill.fee, feeAsset: fill.feeSymbol,
                                           venueTimeMs: fill.timeMs)))
    }

    func orderUpdate(_ update: BackpackOrderUpdate) {
        guard let clientID = update.clientID, let status = Self.status(update.status) else { return }
        let id = state.withLock { $0.ids.engineID(for: clientID, nearMs: update.engineTime / 1000) }
        if update.event == .orderAccepted {
            continuation.yield(.accepted(clientOrderID: id, venueOrderID: update.orderID))
        }
        continuation.yield(.orderUpdate(clientOrderID: id, status: status, executedQuantity: update.executedQuantity))
    }

    /// The top of the book when it moved, or once a second to show the book is alive.
    func publish(_ top: BookTop) {
        let now = WallClock.nowMilliseconds()
        let send = state.withLock { state -> Bool in
            guard top != state.lastTop || now - state.lastTopMs >= 1_000 else { return false }
            state.lastTop = top
            state.lastTopMs = now
            return true
        }
        if send { continuation.yield(.book(top)) }
    }

    func setReconciling(_ running: Bool) {
        let changed = state.withLock { state -> Bool in
            guard state.reconciling != running else { return false }
            state.reconciling = running
            return true
        }
        if changed { continuation.yield(.reconciling(running)) }
    }

    private func updateHealth(_ change: (inout State) -> Void) {
        let health = state.withLock { state -> VenueHealth? in
            change(&state)
            let now: VenueHealth = state.blind ? .blind("no fill source alive")
                : !state.connected ? .unhealthy("not connected")
                : !state.ordersStanding ? .unhealthy("order updates not subscribed") : .healthy
            guard now != state.health else { return nil }
            state.health = now
            return now
        }
        if let health { continuation.yield(.health(health)) }
    }

    /// The venue's position, read on a schedule (see `PositionCheck`).
    func checkPositions() async {
        guard let positionInterval else { return }
        let rest = self.rest, symbol = market.symbol, continuation = self.continuation
        await PositionCheck(interval: positionInterval).run(
            read: { try await rest.positions(symbol: symbol).first { $0.symbol == symbol }?.netQuantity ?? .zero },
            lastFillMs: { [self] in state.withLock { $0.lastFillMs } },
            report: { continuation.yield(.position($0)) })
    }

    /// The engine's word for the venue's status; nil for trigger states it never uses.
    static func status(_ status: BackpackOrderStatus) -> MakerOrderStatus? {
        switch status {
        case .new: .open
        case .partiallyFilled: .partiallyFilled
        case .filled: .filled
        case .cancelled: .canceled
        case .expired: .expired
        case .triggerPending, .triggerFailed, .unknown: nil
        }
    }
}
