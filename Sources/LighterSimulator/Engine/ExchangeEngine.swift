import LighterProtocol

/// The pure exchange engine of the local Lighter simulator: synthetic books, tx intake,
/// matching, orders, trades and positions. No I/O and no clock: every call takes the time.
///
/// Not thread-safe and deliberately not `Sendable`: the server owns one inside an actor
/// and serialises every call.
package final class ExchangeEngine {
    /// Every market, spot included, in the order given.
    package let markets: [SimMarket]
    package let levelsPerSide: Int

    /// Fault switch: nothing ever fills. IOC and market orders end canceled with zero fill,
    /// resting orders stay open.
    package var neverFill = false
    /// Fault switch: no order ever fills completely; fills stop at 60% of the initial size.
    /// IOC orders then end `canceled-not-enough-liquidity` with a fill, resting orders stay open.
    package var partialFillsOnly = false
    /// Chance per tick (‰) that synthetic flow hits a resting client order sitting at the
    /// touch, without the market moving through it.
    package var touchFillPermille: Int64 = 200

    /// The account that owns all synthetic liquidity (the counterparty of every client fill).
    package static let syntheticAccount: Int64 = 1
    /// Exchange order indexes start here, as on the venue (client indexes stay below).
    package static let orderIndexBase: Int64 = 1 << 48

    /// Finished orders and trades kept per account (and trades per market) by default: enough
    /// to page through REST.
    package static let defaultHistoryLimit = 10_000
    /// Finished orders and trades kept per account (and trades per market); older ones are
    /// dropped so a long run stays bounded (at most twice this, trimmed back in one go).
    package let historyLimit: Int

    var marketsByID: [Int: SimMarket] = [:]
    var books: [Int: MarketBook] = [:]
    var rng: SimRandom
    var records: [Int64: ClientOrderRecord] = [:]
    /// Resting client orders per market, oldest first (time priority).
    var resting: [Int: [Int64]] = [:]
    var accountOrderIDs: [Int64: [Int64]] = [:]
    /// Finished orders per account, in the order they finished.
    var accountFinished: [Int64: [FinishedOrder]] = [:]
    /// Numbers finished orders across the engine, so that a page cursor stays valid while
    /// more orders finish.
    var finishSequence: Int64 = 0
    var accountTrades: [Int64: [Trade]] = [:]
    /// Every fill of each account since the start, counted apart from the trimmed history.
    var accountTotals: [Int64: TradeTotals] = [:]
    var marketTrades: [Int: [Trade]] = [:]
    var positionStates: [Int64: [Int: AccountPosition]] = [:]
    var lastNonces: [NonceKey: Int64] = [:]
    /// Each account's scheduled cancel-all (a dead-man switch), in ms.
    var scheduledCancelAll: [Int64: Int64] = [:]
    var lastOrderIndex: Int64
    var lastTradeID: Int64
    var blockHeight: Int64

    package init(markets: [SimMarket], seed: UInt64, levelsPerSide: Int = 10,
                historyLimit: Int = ExchangeEngine.defaultHistoryLimit) {
        self.markets = markets
        self.levelsPerSide = max(1, levelsPerSide)
        self.historyLimit = max(1, historyLimit)
        var rng = SimRandom(seed: seed)
        lastOrderIndex = Self.orderIndexBase + rng.int(in: 500_000...900_000)
        lastTradeID = rng.int(in: 19_000_000_000...19_500_000_000)
        blockHeight = rng.int(in: 100_000_000...110_000_000)
        self.rng = rng
        for market in markets {
            marketsByID[market.id] = market
            guard !market.isSpot else { continue }
            let book = MarketBook(market: market, levels: self.levelsPerSide, seed: seed)
            book.publishedAsks = book.asks
            book.publishedBids = book.bids
            books[market.id] = book
        }
    }

    // MARK: - Books

    /// The full displayed book (synthetic + resting client orders) as a `subscribed/order_book`
    /// frame. Nil for unknown and spot markets.
    package func snapshot(market: Int, nowMs: Int64) -> OrderBookFrame? {
        books[market]?.snapshot(nowMs: nowMs)
    }

    /// One step of the synthetic market: expires due orders, fills resting client orders the
    /// market reached, moves the book and returns the resulting events (at most one `.book`).
    package func tick(market id: Int, nowMs: Int64) -> [ExchangeEvent] {
        guard let book = books[id], let market = marketsByID[id] else { return [] }
        var events: [ExchangeEvent] = []
        blockHeight += 1
        book.walk()
        expireOrders(market: id, nowMs: nowMs, events: &events)
        fillRestingFromFlow(market: market, book: book, nowMs: nowMs, events: &events)
        let client = clientLevels(market: id)
        book.rebuild(clientBestBid: client.bids.keys.max(), clientBestAsk: client.asks.keys.min())
        if let frame = publish(book: book, nowMs: nowMs) { events.append(.book(frame)) }
        return events
    }

    /// Best displayed bid (client orders included).
    package func bestBid(market: Int) -> FixedDecimal? { topOfBook(market: market).bid?.price }
    /// Best displayed ask (client orders included).
    package func bestAsk(market: Int) -> FixedDecimal? { topOfBook(market: market).ask?.price }

    /// The displayed touch on both sides, with sizes.
    package func topOfBook(market: Int) -> (bid: PriceLevel?, ask: PriceLevel?) {
        guard let book = books[market] else { return (nil, nil) }
        let bid = book.publishedBestBid.flatMap { price in book.publishedBids[price].map { (price, $0) } }
        let ask = book.publishedBestAsk.flatMap { price in book.publishedAsks[price].map { (price, $0) } }
        return (bid.map { PriceLevel(price: book.market.price(ticks: $0.0), size: book.market.size(lots: $0.1)) },
                ask.map { PriceLevel(price: book.market.price(ticks: $0.0), size: book.market.size(lots: $0.1)) })
    }

    /// Mid of the displayed touch; the start price for an empty or unknown book.
    package func midPrice(market: Int) -> FixedDecimal? {
        guard let sim = marketsByID[market] else { return nil }
        guard let bid = bestBid(market: market), let ask = bestAsk(market: market) else { return sim.startPrice }
        return FixedDecimal(units: Int64((Int128(bid.units) + Int128(ask.units)) / 2))
    }

    package func market(id: Int) -> SimMarket? { marketsByID[id] }

    /// Resting client orders aggregated per price.
    func clientLevels(market: Int) -> (asks: [Int64: Int64], bids: [Int64: Int64]) {
        var asks: [Int64: Int64] = [:]
        var bids: [Int64: Int64] = [:]
        for index in resting[market] ?? [] {
            guard let record = records[index], record.remainingLots > 0 else { continue }
            if record.order.isAsk {
                asks[record.priceTicks] = saturatingSum(asks[record.priceTicks] ?? 0, record.remainingLots)
            } else {
                bids[record.priceTicks] = saturatingSum(bids[record.priceTicks] ?? 0, record.remainingLots)
            }
        }
        return (asks, bids)
    }

    /// Publishes the displayed book (synthetic + client) as an update if it changed.
    func publish(book: MarketBook, nowMs: Int64) -> OrderBookFrame? {
        let client = clientLevels(market: book.market.id)
        let asks = book.asks.merging(client.asks, uniquingKeysWith: saturatingSum)
        let bids = book.bids.merging(client.bids, uniquingKeysWith: saturatingSum)
        return book.publish(asks: asks, bids: bids, nowMs: nowMs)
    }

    // MARK: - Ids

    func allocateOrderIndex() -> Int64 {
        // Other traders' orders take indexes in between, as on the live venue.
        lastOrderIndex += rng.int(in: 1...25)
        return lastOrderIndex
    }

    func allocateTradeID() -> Int64 {
        lastTradeID += rng.int(in: 1...40)
        return lastTradeID
    }

    // MARK: - Queries for REST

    /// Open orders of `account`, oldest first; all markets when `market` is nil.
    package func activeOrders(account: Int64, market: Int? = nil) -> [Order] {
        (accountOrderIDs[account] ?? []).compactMap { records[$0] }
            .filter { !$0.order.status.isFinal && (market == nil || $0.order.marketIndex == market) }
            .map(\.order)
    }

    /// A page of the finished orders (filled or canceled) of `account`, most recently finished
    /// first, starting after the page whose `nextCursor` is `before` (nil: the newest).
    package func inactiveOrders(account: Int64, market: Int? = nil, limit: Int = 100, before: Int64? = nil) -> HistoryPage<Order> {
        HistoryPage.newestFirst(accountFinished[account] ?? [], key: \.sequence, before: before, limit: limit) { entry in
            guard let order = records[entry.orderIndex]?.order, market == nil || order.marketIndex == market else { return nil }
            return order
        }
    }

    /// A page of the fills of `account`, most recent first, starting after the page whose
    /// `nextCursor` is `before` (nil: the newest).
    package func trades(account: Int64, market: Int?, limit: Int, before: Int64?) -> HistoryPage<Trade> {
        HistoryPage.newestFirst(accountTrades[account] ?? [], key: \.tradeID, before: before, limit: limit) { trade in
            market == nil || trade.marketID == market ? trade : nil
        }
    }

    /// A page of a market's trades (every account), most recent first, starting after the page
    /// whose `nextCursor` is `before` (nil: the newest).
    package func marketTrades(market: Int, limit: Int, before: Int64?) -> HistoryPage<Trade> {
        HistoryPage.newestFirst(marketTrades[market] ?? [], key: \.tradeID, before: before, limit: limit) { $0 }
    }

    /// Every order the engine still remembers for `account`, oldest first.
    package func orders(account: Int64) -> [Order] {
        (accountOrderIDs[account] ?? []).compactMap { records[$0]?.order }
    }

    /// The order with this exchange order index.
    package func order(index: Int64) -> Order? { records[index]?.order }

    /// The nonce the next transaction of (account, api key) must carry.
    package func nextNonce(account: Int64, apiKeyIndex: Int) -> Int64 {
        (lastNonces[NonceKey(account: account, apiKeyIndex: apiKeyIndex)] ?? -1) + 1
    }

    /// The account's fills, most recent first.
    package func trades(account: Int64, limit: Int = 100) -> [Trade] {
        Array((accountTrades[account] ?? []).reversed().prefix(max(0, limit)))
    }

    /// Recent trades of a market (all accounts), most recent first.
    package func recentTrades(market: Int, limit: Int = 100) -> [Trade] {
        Array((marketTrades[market] ?? []).reversed().prefix(max(0, limit)))
    }

    /// Positions of every market the account has traded, by market id.
    package func positions(account: Int64) -> [SimPosition] {
        let states = positionStates[account] ?? [:]
        return states.keys.sorted().compactMap { id in
            guard let state = states[id], let market = marketsByID[id] else { return nil }
            let openOrders = activeOrders(account: account, market: id).count
            let size = market.size(lots: abs(state.lots))
            let sign = state.lots > 0 ? 1 : (state.lots < 0 ? -1 : 0)
            let average = size.isZero ? .zero : (state.entryQuote.divided(by: size) ?? .zero)
            let mark = midPrice(market: id) ?? market.startPrice
            let value = mark.multiplied(by: size)
            // Long: value − cost; short: cost − value. 128 bits: a clamped value must not trap here.
            let difference = Int128(value.units) - Int128(state.entryQuote.units)
            let unrealized = FixedDecimal(units: Int64(clamping: sign >= 0 ? difference : -difference))
            return SimPosition(marketID: id, symbol: market.symbol, sign: sign, position: size,
                               avgEntryPrice: average, positionValue: value, unrealizedPnl: sign == 0 ? .zero : unrealized,
                               realizedPnl: state.realized, openOrderCount: openOrders)
        }
    }
}
