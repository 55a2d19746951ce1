import BackpackProtocol
import LighterProtocol

/// The pure engine of the local Backpack exchange: random-walk books, order intake and
/// matching, fills, positions and collateral, with the venue's error bodies. No I/O and no
/// clock: every call is given the time (microseconds, as the venue stamps its events).
///
/// Accounts are API keys (base64 public keys): each key that signs a request is an account,
/// funded on first use with `startingCollateral` USDC.
/// Not thread-safe and deliberately not `Sendable`: the exchange actor owns one and serialises
/// every call.
public final class BackpackEngine {
    /// The markets, in listing order.
    public let markets: [BackpackSimMarket]
    /// Fault switch: no order fills past 60% of its quantity.
    public var partialFillsOnly = false
    /// Chance per tick (‰) that flow hits a resting order at the touch without the market
    /// moving through it.
    public var touchFillPermille: Int64 = 200
    /// USDC a new account starts with.
    public var startingCollateral: FixedDecimal = 100_000
    /// Tier-1 perp fees, in basis points of the quote amount.
    public static let makerFeeBps: Int64 = 2
    /// Taker fee in basis points.
    public static let takerFeeBps: Int64 = 5
    /// Leverage an account may use on open orders and positions together.
    public static let leverage: Int64 = 10
    /// Finished orders and fills kept per account, so long runs stay bounded.
    static let historyLimit = 5_000

    var marketsBySymbol: [String: BackpackSimMarket] = [:]
    var books: [String: SyntheticDepth] = [:]
    var records: [String: OrderRecord] = [:]
    /// Resting order ids per market, oldest first (time priority).
    var resting: [String: [String]] = [:]
    var accounts: [String: AccountState] = [:]
    var lastOrderID: Int64
    var lastTradeID: [String: Int64] = [:]
    var lastPositionID: Int64
    var random: SeededRandom
    /// Trade statistics per market since start, for `GET /api/v1/ticker`.
    var tradeStats: [String: TradeStats] = [:]

    /// Creates a value from its parts.
    public init(markets: [BackpackSimMarket], seed: UInt64, levelsPerSide: Int = 12) {
        self.markets = markets
        var random = SeededRandom(seed: seed)
        lastOrderID = random.int(in: 8_000_000_000...8_300_000_000)
        lastPositionID = random.int(in: 8_300_000_000...8_400_000_000)
        for (index, sim) in markets.enumerated() {
            marketsBySymbol[sim.symbol] = sim
            books[sim.symbol] = SyntheticDepth(sim: sim, levels: levelsPerSide, seed: seed, stream: UInt64(index) + 1)
            lastTradeID[sim.symbol] = random.int(in: 10_000_000...11_000_000)
        }
        self.random = random
    }

    func market(_ symbol: String) -> BackpackSimMarket? { marketsBySymbol[symbol] }

    func account(_ key: String) -> AccountState { accounts[key] ?? AccountState(collateral: startingCollateral) }

    func nextOrderID() -> String {
        lastOrderID += Int64(random.int(in: 1...9))
        return String(lastOrderID)
    }

    // MARK: - Books

    /// One step of a market: the ladder walks, resting orders it reached fill, and the new book
    /// is published.
    public func tick(symbol: String, nowUs: Int64) -> [BackpackEngineEvent] {
        guard let book = books[symbol] else { return [] }
        var events: [BackpackEngineEvent] = []
        book.walk()
        fillRestingFromFlow(book: book, nowUs: nowUs, events: &events)
        republish(symbol: symbol, nowUs: nowUs, relay: true, events: &events)
        return events
    }

    /// Best resting client bid and ask of a market, in ticks.
    func clientTop(_ symbol: String) -> (bid: Int64?, ask: Int64?) {
        var bid: Int64?
        var ask: Int64?
        for id in resting[symbol] ?? [] {
            guard let record = records[id], let ticks = record.priceTicks else { continue }
            if record.isBuy { bid = max(bid ?? ticks, ticks) } else { ask = min(ask ?? ticks, ticks) }
        }
        return (bid, ask)
    }

    /// Publishes the market's displayed book (ladder plus resting client orders) if it changed.
    func republish(symbol: String, nowUs: Int64, relay: Bool, events: inout [BackpackEngineEvent]) {
        guard let book = books[symbol] else { return }
        let top = clientTop(symbol)
        if relay { book.relay(avoidingBid: top.bid, avoidingAsk: top.ask) }
        book.clear(crossingBid: top.bid, crossingAsk: top.ask)
        var asks = book.asks
        var bids = book.bids
        for id in resting[symbol] ?? [] {
            guard let record = records[id], let ticks = record.priceTicks, record.remainingLots > 0 else { continue }
            if record.isBuy { bids[ticks, default: 0] += record.remainingLots } else { asks[ticks, default: 0] += record.remainingLots }
        }
        guard let (update, ticker) = book.publish(asks: asks, bids: bids, nowUs: nowUs) else { return }
        events.append(.depth(update))
        if let ticker { events.append(.bookTicker(ticker)) }
    }

    /// `GET /api/v1/depth`.
    public func depth(symbol: String, limit: Int, nowUs: Int64) -> BackpackDepthSnapshot? {
        books[symbol]?.snapshot(limit: limit, nowUs: nowUs)
    }

    /// The displayed touch of a market.
    public func top(symbol: String) -> (bid: FixedDecimal?, ask: FixedDecimal?) {
        guard let book = books[symbol] else { return (nil, nil) }
        return (book.shownBestBid.map(book.sim.price(ticks:)), book.shownBestAsk.map(book.sim.price(ticks:)))
    }

    /// The mid of the displayed touch (the mark price here), in ticks.
    func midTicks(_ symbol: String) -> Int64? {
        guard let book = books[symbol] else { return nil }
        switch (book.shownBestBid, book.shownBestAsk) {
        case let (bid?, ask?): return (bid + ask) / 2
        case let (bid?, nil): return bid
        case let (nil, ask?): return ask
        default: return book.ladderBid
        }
    }

    func markPrice(_ symbol: String) -> FixedDecimal {
        guard let sim = market(symbol), let mid = midTicks(symbol) else { return .zero }
        return sim.price(ticks: mid)
    }

    /// The book ticker as of now (a subscriber's first view is the next change, as on the venue).
    public func bookTicker(symbol: String, nowUs: Int64) -> BackpackBookTicker? { books[symbol]?.ticker(nowUs: nowUs) }
}
