import BackpackProtocol
import LighterProtocol

/// What the account script asks the exchange to do.
public enum BackpackScriptAction: Sendable, Hashable {
    case execute(BackpackOrderRequest)
    case cancel(symbol: String, orderID: String)
}

/// An account that trades by itself, so the simulator has fills with no client attached.
///
/// Every `intervalMs` it takes the next step of a four-step cycle: a post-only bid joining the
/// best bid, a post-only ask joining the best ask (both filled by the random walk's flow,
/// often in parts), then its leftover makers are cancelled and an IOC larger than the touch
/// level, limited at the touch, fills in part and expires, and last a small IOC through the
/// touch fills completely. The IOCs' side alternates by cycle so the position stays small.
/// Deterministic: it reads only the engine's book and the time it is given.
public struct BackpackAccountScript: Sendable {
    /// The market, as `ETH_USDC_PERP`.
    public let symbol: String
    /// Milliseconds between steps.
    public let intervalMs: Int64
    private var nextDueMs: Int64?
    private var step = 0
    private var cycle = 0
    private var nextClientID: UInt32 = 900_000_001
    /// Order ids of makers it placed that may still rest.
    private var makers: [String] = []

    /// Creates a value from its parts.
    public init(symbol: String, intervalMs: Int64 = 1_500) {
        self.symbol = symbol
        self.intervalMs = max(1, intervalMs)
    }

    /// Records a maker the exchange accepted, so a later step can cancel what is left of it.
    public mutating func placed(orderID: String, postOnly: Bool) {
        if postOnly { makers.append(orderID) }
    }

    /// The actions due at `nowMs`; the first call schedules the first step one interval later.
    /// A caller that fell far behind gets one step, not the backlog.
    public mutating func due(nowMs: Int64, engine: BackpackEngine, account: String) -> [BackpackScriptAction] {
        guard let dueAt = nextDueMs else {
            nextDueMs = nowMs + intervalMs
            return []
        }
        guard nowMs >= dueAt else { return [] }
        nextDueMs = max(dueAt + intervalMs, nowMs + 1)
        defer {
            step = (step + 1) % 4
            if step == 0 { cycle += 1 }
        }
        guard let sim = engine.market(symbol), let book = engine.books[symbol],
              let bid = book.shownBestBid, let ask = book.shownBestAsk else { return [] }
        let buyFirst = cycle % 2 == 0
        switch step {
        case 0:
            return [.execute(maker(.bid, ticks: bid, sim))]
        case 1:
            return [.execute(maker(.ask, ticks: ask, sim))]
        case 2:
            let open = Set(engine.openOrders(account: account, symbol: symbol).map(\.id))
            var actions = makers.filter(open.contains).map { BackpackScriptAction.cancel(symbol: symbol, orderID: $0) }
            makers.removeAll()
            // The market's own best level, not the shown touch: its makers, just cancelled, may be all
            // the shown touch holds.
            let side: BackpackSide = buyFirst ? .bid : .ask
            guard let touch = buyFirst ? book.asks.keys.min() : book.bids.keys.max() else { return actions }
            let touchLots = (buyFirst ? book.asks[touch] : book.bids[touch]) ?? 0
            actions.append(.execute(taker(side, lots: touchLots + baseLots(sim, ticks: touch), ticks: touch, sim)))
            return actions
        default:
            let side: BackpackSide = buyFirst ? .ask : .bid
            let touch = buyFirst ? bid : ask
            let through = buyFirst ? max(1, touch - touch / 1_000) : touch + touch / 1_000
            return [.execute(taker(side, lots: baseLots(sim, ticks: touch), ticks: through, sim))]
        }
    }

    /// About 150 USDC worth, never below the market minimum.
    private func baseLots(_ sim: BackpackSimMarket, ticks: Int64) -> Int64 {
        let minimum = sim.lots(sim.market.minQuantity) ?? 1
        let unit = sim.quote(lots: 1, ticks: ticks)
        guard unit.units > 0 else { return minimum }
        return max(minimum, 150 * FixedDecimal.unitScale / unit.units)
    }

    private mutating func clientID() -> UInt32 {
        defer { nextClientID &+= 1 }
        return nextClientID
    }

    private mutating func maker(_ side: BackpackSide, ticks: Int64, _ sim: BackpackSimMarket) -> BackpackOrderRequest {
        .postOnlyLimit(symbol: symbol, side: side, quantity: sim.quantity(lots: 2 * baseLots(sim, ticks: ticks)),
                       price: sim.price(ticks: ticks), clientId: clientID())
    }

    private mutating func taker(_ side: BackpackSide, lots: Int64, ticks: Int64, _ sim: BackpackSimMarket) -> BackpackOrderRequest {
        BackpackOrderRequest(symbol: symbol, side: side, orderType: .limit, quantity: sim.quantity(lots: lots),
                             price: sim.price(ticks: ticks), timeInForce: .immediateOrCancel, clientId: clientID())
    }
}
