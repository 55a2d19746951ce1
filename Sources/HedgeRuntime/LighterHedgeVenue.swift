import Foundation
import HedgeEngine
import Journaling
import LighterClient
import LighterProtocol
import Synchronization

/// Lighter as the engine's hedge venue: immediate-or-cancel orders signed and sent by a
/// `LighterTrader`, their fills and fate from a `LighterStreamClient` (exactly-once fills, and
/// each order's final status from the account channels or, as the fallback, from the client's
/// REST reconciliation, matched by client order index). Nothing is ever decided by a timeout:
/// an order with no answer is reported `notFound` only once its transaction has expired and a
/// reconciliation after that did not list it.
public final class LighterHedgeVenue: HedgeVenue {
    /// `lighter`: the venue's name in the ledger, the CSV and the metrics.
    public let name = "lighter"
    /// Tick and step from the market's decimals, and its minimum base amount.
    public let rules: MarketRules
    /// The perp market hedged on, as the venue describes it.
    public let market: MarketInfo
    /// Everything the adapter learns, in order; iterated once, by the engine.
    public let events: AsyncStream<HedgeVenueEvent>
    let continuation: AsyncStream<HedgeVenueEvent>.Continuation
    let trader: LighterTrader
    /// How long a hedge's transaction may execute after it is signed (its `ExpiredAt`).
    let transactionValidForMs: Int64
    /// How long after its creation a transaction can still execute, with a margin for the
    /// venue's clock: an order never seen by then never will be.
    var transactionLifetimeMs: Int64 { transactionValidForMs + 10_000 }
    /// How often the venue's position is read to check the ledger; nil for never.
    let positionInterval: Duration?
    let state = Mutex(State())

    struct Tracked {
        var createdMs: Int64
        /// The send had no answer, or a restart asked about it: the venue has not shown it yet.
        var unseen: Bool
        var finished = false
    }

    struct State {
        var tracked: [Int64: Tracked] = [:]
        /// Final states of orders not tracked (yet): a restart may ask after them.
        var finals: [Int64: OrderUpdate] = [:]
        var finalsOrder: [Int64] = []
        var connected = false
        var accountConfirmed = false
        var blind = false
        var health: VenueHealth?
        /// Local time of the last fill reported (see `PositionCheck`).
        var lastFillMs: Int64 = 0
    }

    /// - Parameters:
    ///   - replay: fills the stream client's journal already holds (it will not report them
    ///     again); they are handed to the engine first, which drops those it has.
    ///   - transactionValidForMs: each hedge transaction's validity: short, since an IOC hedge
    ///     that executes late is a fill nobody expects, and since a hedge whose answer was lost
    ///     is known not to exist only once it has expired. UNCONFIRMED: the venue's smallest
    ///     accepted window; the SDK signs for 10 minutes.
    ///   - positionInterval: how often the account's position is read to check the ledger.
    public init(market: MarketInfo, trader: LighterTrader, replay: [FillEvent] = [],
                transactionValidForMs: Int64 = 60_000, positionInterval: Duration? = .seconds(30)) throws(HedgeVenueSetupError) {
        guard !market.isSpot else { throw HedgeVenueSetupError("market \(market.symbol) (\(market.id)) is a spot market: hedges go to perps") }
        guard let rules = MarketRules(symbol: market.symbol, priceDecimals: market.priceDecimals,
                                      sizeDecimals: market.sizeDecimals, minQuantity: market.minBaseAmount) else {
            throw HedgeVenueSetupError("market \(market.symbol) has decimals outside 0-8")
        }
        self.market = market
        self.rules = rules
        self.trader = trader
        self.transactionValidForMs = transactionValidForMs
        self.positionInterval = positionInterval
        (events, continuation) = AsyncStream.makeStream()
        for fill in replay where fill.market == market.id { continuation.yield(.fill(Self.venueFill(fill))) }
    }

    // MARK: - Commands

    /// Signs and sends the order without waiting: `.accepted`, `.sendUnknown` (no answer) or a
    /// `rejected` outcome follows; fills and the outcome come from the stream.
    public func place(_ order: HedgeOrder) {
        let id = order.clientOrderID
        state.withLock { $0.tracked[id] = Tracked(createdMs: WallClock.nowMilliseconds(), unseen: false) }
        var request = OrderRequest(market: market, isAsk: order.side == .sell, size: order.quantity, price: order.price,
                                   kind: .limit, timeInForce: .immediateOrCancel, clientOrderIndex: id)
        request.validForMs = transactionValidForMs
        Task { [self] in
            do throws(TradeError) {
                let placed = try await trader.place(request)
                continuation.yield(.accepted(clientOrderID: id, reference: placed.txHash))
            } catch {
                switch error {
                case .invalid(let reason):
                    refused(id, reason: reason)
                case .rejected(let code, let message):
                    refused(id, reason: "\(code): \(message)")
                case .unknownOutcome(_, let reason):
                    state.withLock { $0.tracked[id]?.unseen = true }
                    continuation.yield(.sendUnknown(clientOrderID: id, reason: reason))
                }
            }
        }
    }

    /// Follows an order a previous run left without an outcome: its final state once the stream
    /// shows it, or `notFound` once its transaction has expired and a reconciliation did not list it.
    public func resolve(clientOrderID id: Int64, createdMs: Int64) {
        let known = state.withLock { state -> OrderUpdate? in
            state.tracked[id] = Tracked(createdMs: createdMs, unseen: true)
            return state.finals.removeValue(forKey: id)
        }
        if let known { ingest(.order(known)) }
    }

    /// Runs the stream client, feeding everything it reports through `ingest`. The client must
    /// follow this market with `reportOrders` on.
    public func follow(_ client: LighterStreamClient) async throws {
        guard client.configuration.reportOrders, client.configuration.market == market.id else {
            throw HedgeVenueSetupError("the stream client must follow market \(market.id) with reportOrders on")
        }
        let checker = Task { [self] in await checkPositions() }
        defer { checker.cancel() }
        try await client.run { [self] event in ingest(event) }
    }

    /// The account's position in this market, read on a schedule (see `PositionCheck`).
    func checkPositions() async {
        guard let positionInterval else { return }
        let rest = trader.rest, account = trader.account, marketID = market.id
        let continuation = self.continuation
        await PositionCheck(interval: positionInterval).run(
            read: { try await rest.positions(account: account)[marketID] ?? .zero },
            lastFillMs: { [self] in state.withLock { $0.lastFillMs } },
            report: { continuation.yield(.position($0)) })
    }

    // MARK: - The stream client's events

    /// Turns one stream client event into hedge venue events.
    public func ingest(_ event: StreamEvent) {
        switch event {
        case .book(let book) where book.market == market.id:
            continuation.yield(.book(BookTop(bid: book.bestBid?.price, ask: book.bestAsk?.price)))
        case .fill(let fill) where fill.market == market.id:
            state.withLock { $0.lastFillMs = WallClock.nowMilliseconds() }
            continuation.yield(.fill(Self.venueFill(fill)))
        case .order(let update) where update.market == market.id:
            order(update)
        case .connected:
            updateHealth { $0.connected = true }
        case .disconnected:
            updateHealth { $0.connected = false; $0.accountConfirmed = false }
        case .subscription(let channel, let subscription):
            guard case .accountOrders(let channelMarket, _) = channel, channelMarket == market.id else { return }
            updateHealth { $0.accountConfirmed = subscription.isConfirmed }
        case .blind:
            updateHealth { $0.blind = true }
        case .sightRestored:
            updateHealth { $0.blind = false }
        case .reconciled:
            expireUnseen()
        default:
            break
        }
    }

    /// An order's state: an unseen one is known to exist; a final one ends it.
    func order(_ update: OrderUpdate) {
        let id = update.clientOrderIndex
        let (wasUnseen, ends) = state.withLock { state -> (Bool, Bool) in
            guard var tracked = state.tracked[id] else {
                if update.status.isFinal, id != 0 { Self.remember(update, &state) }
                return (false, false)
            }
            let wasUnseen = tracked.unseen
            tracked.unseen = false
            let ends = update.status.isFinal && !tracked.finished
            if ends { tracked.finished = true }
            state.tracked[id] = ends ? nil : tracked
            return (wasUnseen, ends)
        }
        if wasUnseen { continuation.yield(.accepted(clientOrderID: id, reference: "order \(update.orderIndex)")) }
        guard ends else { return }
        let status: HedgeOutcome.Status = update.status == .filled ? .filled : .canceled(reason: update.status.wire)
        continuation.yield(.outcome(clientOrderID: id, HedgeOutcome(status: status, filledQuantity: update.filledBaseAmount)))
    }

    /// Orders never seen whose transactions can no longer execute: after a reconciliation that
    /// did not list them, they do not exist.
    func expireUnseen() {
        let now = WallClock.nowMilliseconds()
        let expired = state.withLock { state -> [Int64] in
            let ids = state.tracked.filter { $0.value.unseen && now - $0.value.createdMs > transactionLifetimeMs }.map(\.key)
            for id in ids { state.tracked[id] = nil }
            return ids.sorted()
        }
        for id in expired {
            continuation.yield(.outcome(clientOrderID: id, HedgeOutcome(status: .notFound, filledQuantity: .zero)))
        }
    }

    private func updateHealth(_ change: (inout State) -> Void) {
        let health = state.withLock { state -> VenueHealth? in
            change(&state)
            let now: VenueHealth = state.blind ? .blind("no fill source alive")
                : !state.connected ? .unhealthy("not connected")
                : !state.accountConfirmed ? .unhealthy("account orders not confirmed") : .healthy
            guard now != state.health else { return nil }
            state.health = now
            return now
        }
        if let health { continuation.yield(.health(health)) }
    }

    static func remember(_ update: OrderUpdate, _ state: inout State) {
        if state.finals.updateValue(update, forKey: update.clientOrderIndex) == nil { state.finalsOrder.append(update.clientOrderIndex) }
        if state.finalsOrder.count > 2_000 {
            for id in state.finalsOrder.prefix(1_000) { state.finals[id] = nil }
            state.finalsOrder.removeFirst(1_000)
        }
    }

    /// The venue refused the order: it never existed, so nothing of it filled.
    func refused(_ id: Int64, reason: String) {
        let first = state.withLock { state -> Bool in
            guard state.tracked[id]?.finished == false else { return false }
            state.tracked[id] = nil
            return true
        }
        if first { continuation.yield(.outcome(clientOrderID: id, HedgeOutcome(status: .rejected(reason: reason), filledQuantity: .zero))) }
    }

    /// Lighter's fills carry no trade id of their own here: the order and its cumulative
    /// filled amount name each one uniquely, the same way on every run.
    static func venueFill(_ fill: FillEvent) -> VenueFill {
        VenueFill(fillID: "\(fill.orderIndex):\(fill.cumulativeFilled.units)", clientOrderID: fill.clientOrderIndex,
                  side: fill.isAsk ? .sell : .buy, price: fill.price, quantity: fill.size, fee: .zero, feeAsset: "USDC",
                  venueTimeMs: fill.timeMs)
    }
}
