import Foundation
import LighterProtocol
import Testing
@testable import LighterSimulator

/// A fixed "now" (2026-05-28) so the samples' deadlines lie in the future.
private let t0: Int64 = 1_780_000_000_000
private let eth = 0
private let account: Int64 = 5001

private func makeEngine(seed: UInt64 = 7) -> ExchangeEngine {
    ExchangeEngine(markets: SimMarket.defaults(symbols: ["ETH", "BTC", "SOL"]), seed: seed)
}

/// A create-order tx_info in the signer's key order.
private func createTx(account: Int64 = account, key: Int = 0, market: Int = eth, client: Int64, base: Int64,
                      price: Int64, isAsk: Bool, type: Int = 0, tif: Int = 0, expiry: Int64 = 0, nonce: Int64,
                      expiredAt: Int64 = t0 + 599_000, attributes: String? = "null") -> String {
    var json = "{\"AccountIndex\":\(account),\"ApiKeyIndex\":\(key),\"MarketIndex\":\(market),"
        + "\"ClientOrderIndex\":\(client),\"BaseAmount\":\(base),\"Price\":\(price),\"IsAsk\":\(isAsk ? 1 : 0),"
        + "\"Type\":\(type),\"TimeInForce\":\(tif),\"ReduceOnly\":0,\"TriggerPrice\":0,\"OrderExpiry\":\(expiry),"
        + "\"ExpiredAt\":\(expiredAt),\"Nonce\":\(nonce),\"Sig\":\"AAAA\""
    if let attributes { json += ",\"L2TxAttributes\":\(attributes)" }
    return json + "}"
}

private func cancelTx(account: Int64 = account, market: Int = eth, index: Int64, nonce: Int64) -> String {
    "{\"AccountIndex\":\(account),\"ApiKeyIndex\":0,\"MarketIndex\":\(market),\"Index\":\(index),"
        + "\"ExpiredAt\":\(t0 + 599_000),\"Nonce\":\(nonce),\"Sig\":\"AAAA\",\"L2TxAttributes\":null}"
}

/// Integer form of a price or size.
private func int(_ value: FixedDecimal, _ decimals: Int) -> Int64 {
    value.scaledInteger(decimals: decimals) ?? -1
}

private func orders(_ events: [ExchangeEvent]) -> [Order] {
    events.compactMap { if case .orderUpdated(let order) = $0 { order } else { nil } }
}

private func trades(_ events: [ExchangeEvent]) -> [Trade] {
    events.compactMap { if case .trade(let trade) = $0 { trade } else { nil } }
}

private func books(_ events: [ExchangeEvent]) -> [OrderBookFrame] {
    events.compactMap { if case .book(let frame) = $0 { frame } else { nil } }
}

private func accepted(_ result: Result<TxAccepted, ErrorFrame>, sourceLocation: SourceLocation = #_sourceLocation) -> [ExchangeEvent] {
    switch result {
    case .success(let ok): return ok.events
    case .failure(let error):
        Issue.record("rejected: \(error.code ?? 0) \(error.message)", sourceLocation: sourceLocation)
        return []
    }
}

private func errorCode(_ result: Result<TxAccepted, ErrorFrame>) -> Int? {
    if case .failure(let error) = result { return error.code }
    return nil
}

/// A client-side book built from a snapshot and updates, as a venue client would.
private struct LocalBook {
    var asks: [FixedDecimal: FixedDecimal] = [:]
    var bids: [FixedDecimal: FixedDecimal] = [:]
    var nonce: Int64 = 0

    init(_ snapshot: OrderBookFrame) {
        for level in snapshot.asks { asks[level.price] = level.size }
        for level in snapshot.bids { bids[level.price] = level.size }
        nonce = snapshot.nonce
    }

    mutating func apply(_ update: OrderBookFrame) {
        for level in update.asks { asks[level.price] = level.size.isZero ? nil : level.size }
        for level in update.bids { bids[level.price] = level.size.isZero ? nil : level.size }
        nonce = update.nonce
    }

    var isCrossed: Bool {
        guard let bid = bids.keys.max(), let ask = asks.keys.min() else { return false }
        return bid >= ask
    }
}

// MARK: - Markets and books

@Test func defaultMarketsHaveVenueIdsAndASpotListing() {
    let markets = SimMarket.defaults(symbols: ["ETH", "BTC", "SOL", "DOGE"])
    #expect(markets.map(\.id) == [0, 1, 2, 3, 2048])
    #expect(markets[0].sizeDecimals == 4 && markets[0].priceDecimals == 2)
    #expect(markets[1].sizeDecimals == 5 && markets[1].priceDecimals == 1)
    #expect(markets[2].sizeDecimals == 3 && markets[2].priceDecimals == 3)
    #expect(markets.last?.isSpot == true && markets.last?.symbol == "ETH/USDC")
    #expect(markets.filter(\.isSpot).count == 1)
}

@Test func snapshotHasBothSidesSortedAndNotCrossed() throws {
    let engine = makeEngine()
    let book = try #require(engine.snapshot(market: eth, nowMs: t0))
    #expect(book.isSnapshot && book.beginNonce == 0 && book.market == eth)
    #expect(book.asks.count == 10 && book.bids.count == 10)
    #expect(zip(book.asks, book.asks.dropFirst()).allSatisfy { $0.price < $1.price })
    #expect(zip(book.bids, book.bids.dropFirst()).allSatisfy { $0.price > $1.price })
    let bid = try #require(book.bids.first), ask = try #require(book.asks.first)
    #expect(bid.price < ask.price)
    #expect(bid.price > 2900 && ask.price < 3100)
    #expect(book.asks.allSatisfy { !$0.size.isZero && $0.size.scaledInteger(decimals: 4) != nil })
    #expect(engine.snapshot(market: 2048, nowMs: t0) == nil)
    #expect(engine.snapshot(market: 99, nowMs: t0) == nil)
}

@Test func ticksChainNoncesAndReplayToTheSnapshot() throws {
    let engine = makeEngine()
    let first = try #require(engine.snapshot(market: eth, nowMs: t0))
    var local = LocalBook(first)
    var offset = first.offset
    var moved = false
    for step in 1...300 {
        let frames = books(engine.tick(market: eth, nowMs: t0 + Int64(step) * 200))
        #expect(frames.count <= 1)
        guard let update = frames.first else { continue }
        #expect(!update.isSnapshot)
        #expect(update.beginNonce == local.nonce)
        #expect((1...5).contains(update.nonce - local.nonce))
        #expect(update.offset > offset)
        #expect(update.asks.count + update.bids.count > 0)
        offset = update.offset
        local.apply(update)
        #expect(!local.isCrossed)
        if let bid = update.bids.first, bid.price != first.bids[0].price { moved = true }
    }
    let last = try #require(engine.snapshot(market: eth, nowMs: t0 + 60_001))
    #expect(last.nonce == local.nonce)
    #expect(LocalBook(last).asks == local.asks && LocalBook(last).bids == local.bids)
    #expect(moved)
}

// MARK: - Taking liquidity

@Test func iocCrossingTwoLevelsFillsWithExactCumulativeAmounts() throws {
    let engine = makeEngine()
    let book = try #require(engine.snapshot(market: eth, nowMs: t0))
    let (a1, a2) = (book.asks[0], book.asks[1])
    let take2 = int(a2.size, 4) / 3
    let lots = int(a1.size, 4) + take2
    let result = engine.submit(txType: 14, txInfoJSON: createTx(client: 1, base: lots, price: int(a2.price, 2),
                                                                isAsk: false, nonce: 0), nowMs: t0)
    let events = accepted(result)
    let updates = orders(events)
    let final = try #require(updates.last)
    #expect(updates.first?.status == .open)
    #expect(final.status == .filled)
    #expect(final.filledBaseAmount == FixedDecimal(scaledInteger: lots, decimals: 4))
    let expectedQuote = a1.price.multiplied(by: a1.size)
        + a2.price.multiplied(by: FixedDecimal(scaledInteger: take2, decimals: 4) ?? .zero)
    #expect(final.filledQuoteAmount == expectedQuote)
    #expect(final.remainingBaseAmount.isZero)
    #expect(final.orderIndex >= 1 << 48 && final.clientOrderIndex == 1 && final.side == "buy")
    #expect(final.type == "limit" && final.timeInForce == "immediate-or-cancel")
    #expect(final.transactionTime == t0 * 1000 && final.createdAt == t0)

    let fills = trades(events)
    #expect(fills.map(\.price) == [a1.price, a2.price])
    #expect(fills.allSatisfy { $0.isMakerAsk && $0.bidAccountID == account && $0.askAccountID == ExchangeEngine.syntheticAccount })
    #expect(fills.allSatisfy { $0.bidID == final.orderIndex && $0.bidClientID == 1 && $0.askID >= 1 << 48 })
    #expect(fills[0].usdAmount == a1.price.multiplied(by: a1.size))
    #expect(fills[1].tradeID > fills[0].tradeID)
    if case .success(let ok) = result {
        #expect(ok.txHash.count == 80 && fills.allSatisfy { $0.txHash == ok.txHash })
    }

    let update = try #require(books(events).first)
    #expect(update.beginNonce == book.nonce)
    #expect(update.asks.contains(PriceLevel(price: a1.price, size: .zero)))
    #expect(update.asks.contains(PriceLevel(price: a2.price, size: a2.size - (FixedDecimal(scaledInteger: take2, decimals: 4) ?? .zero))))
    #expect(update.bids.isEmpty)
    #expect(engine.trades(account: account).count == 2)
    #expect(engine.inactiveOrders(account: account).items.first?.status == .filled)
}

@Test func iocLargerThanTheTouchEndsCanceledWithAPartialFill() throws {
    let engine = makeEngine()
    let book = try #require(engine.snapshot(market: eth, nowMs: t0))
    let bid = book.bids[0]
    let lots = int(bid.size, 4) * 2
    let events = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 2, base: lots, price: int(bid.price, 2),
                                                                         isAsk: true, nonce: 0), nowMs: t0))
    let final = try #require(orders(events).last)
    #expect(final.status == .canceledNotEnoughLiquidity)
    #expect(final.filledBaseAmount == bid.size)
    #expect(final.filledQuoteAmount == bid.price.multiplied(by: bid.size))
    #expect(final.remainingBaseAmount.isZero && final.side == "sell")
    #expect(trades(events).count == 1 && trades(events)[0].isMakerAsk == false)
    #expect(books(events).first?.bids == [PriceLevel(price: bid.price, size: .zero)])
    #expect(engine.activeOrders(account: account).isEmpty)
    // The sell opened a short of the filled size at the bid.
    let position = try #require(engine.positions(account: account).first)
    #expect(position.sign == -1 && position.position == bid.size && position.avgEntryPrice == bid.price)
}

@Test func marketOrderUsesItsPriceAsTheWorstAcceptable() throws {
    let engine = makeEngine()
    let book = try #require(engine.snapshot(market: eth, nowMs: t0))
    let lots = int(book.asks[0].size, 4) + int(book.asks[1].size, 4) + 1
    // Worst price = second level: two levels fill, the rest is canceled.
    let events = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 3, base: lots, price: int(book.asks[1].price, 2),
                                                                         isAsk: false, type: 1, nonce: 0), nowMs: t0))
    let final = try #require(orders(events).last)
    #expect(final.type == "market" && final.status == .canceledNotEnoughLiquidity)
    #expect(final.filledBaseAmount == book.asks[0].size + book.asks[1].size)
    #expect(trades(events).count == 2)
}

@Test func gttRestsOpenAndLaterFillsThroughTicks() throws {
    let engine = makeEngine()
    let book = try #require(engine.snapshot(market: eth, nowMs: t0))
    let price = int(book.bids[0].price, 2) + 1  // one tick inside the spread
    let events = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 4, base: 200, price: price, isAsk: false,
                                                                         tif: 1, expiry: t0 + 3_600_000, nonce: 0), nowMs: t0))
    let opened = try #require(orders(events).last)
    #expect(opened.status == .open && opened.filledBaseAmount.isZero && opened.timeInForce == "good-till-time")
    #expect(trades(events).isEmpty)
    let levelPrice = FixedDecimal(scaledInteger: price, decimals: 2) ?? .zero
    #expect(books(events).first?.bids == [PriceLevel(price: levelPrice, size: FixedDecimal(units: 2_000_000))])
    #expect(engine.activeOrders(account: account, market: eth).map(\.orderIndex) == [opened.orderIndex])
    #expect(engine.bestBid(market: eth) == levelPrice)

    var seen: [Order] = []
    var fills: [Trade] = []
    var step: Int64 = 0
    while seen.last?.status != .filled && step < 5_000 {
        step += 1
        let tickEvents = engine.tick(market: eth, nowMs: t0 + step * 200)
        seen += orders(tickEvents).filter { $0.orderIndex == opened.orderIndex }
        fills += trades(tickEvents)
        if let snapshot = engine.snapshot(market: eth, nowMs: t0), let bid = snapshot.bids.first, let ask = snapshot.asks.first {
            #expect(bid.price < ask.price)
        }
    }
    let final = try #require(seen.last)
    #expect(final.status == .filled)
    #expect(final.filledBaseAmount == FixedDecimal(units: 2_000_000))
    #expect(final.filledQuoteAmount == levelPrice.multiplied(by: FixedDecimal(units: 2_000_000)))
    #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.filledBaseAmount < $1.filledBaseAmount })
    #expect(fills.allSatisfy { !$0.isMakerAsk && $0.price == levelPrice && $0.bidID == opened.orderIndex })
    #expect(engine.activeOrders(account: account).isEmpty)
}

@Test func postOnlyThatWouldCrossIsCanceledWithoutFill() throws {
    let engine = makeEngine()
    let book = try #require(engine.snapshot(market: eth, nowMs: t0))
    let events = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 5, base: 100, price: int(book.asks[0].price, 2),
                                                                         isAsk: false, tif: 2, expiry: t0 + 60_000, nonce: 0), nowMs: t0))
    #expect(orders(events).map(\.status) == [.canceledPostOnly])
    #expect(orders(events)[0].filledBaseAmount.isZero && orders(events)[0].timeInForce == "post-only")
    #expect(trades(events).isEmpty && books(events).isEmpty)
    // Not crossing: rests.
    let resting = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 6, base: 100, price: int(book.bids[2].price, 2),
                                                                          isAsk: false, tif: 2, expiry: t0 + 60_000, nonce: 1), nowMs: t0))
    #expect(orders(resting).last?.status == .open)
}

@Test func clientOrdersTradeWithEachOtherButNotWithThemselves() throws {
    let engine = makeEngine()
    let book = try #require(engine.snapshot(market: eth, nowMs: t0))
    let askTicks = int(book.asks[0].price, 2) - 1  // a client ask inside the spread
    let maker = try #require(orders(accepted(engine.submit(
        txType: 14, txInfoJSON: createTx(account: 6001, client: 1, base: 100, price: askTicks, isAsk: true, tif: 1,
                                         expiry: t0 + 60_000, nonce: 0), nowMs: t0))).last)
    #expect(engine.bestAsk(market: eth) == FixedDecimal(scaledInteger: askTicks, decimals: 2))
    // The owner crossing its own ask stops there: self-trade.
    let own = accepted(engine.submit(txType: 14, txInfoJSON: createTx(account: 6001, client: 2, base: 100,
                                                                      price: int(book.asks[2].price, 2), isAsk: false,
                                                                      nonce: 1), nowMs: t0))
    #expect(orders(own).last?.status == .canceledSelfTrade && trades(own).isEmpty)
    // Another account takes the client ask first (better price), then synthetic liquidity.
    let taker = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 3, base: 150, price: int(book.asks[0].price, 2),
                                                                        isAsk: false, nonce: 0), nowMs: t0))
    let fills = trades(taker)
    #expect(fills.count == 2)
    #expect(fills[0].askID == maker.orderIndex && fills[0].askAccountID == 6001 && fills[0].isMakerAsk)
    #expect(fills[0].size == FixedDecimal(units: 1_000_000) && fills[1].askAccountID == ExchangeEngine.syntheticAccount)
    #expect(orders(taker).contains { $0.orderIndex == maker.orderIndex && $0.status == .filled })
    #expect(orders(taker).last?.status == .filled)
    #expect(engine.positions(account: 6001).first?.sign == -1)
    #expect(engine.trades(account: 6001).count == 1)
}

@Test func reduceOnlyNeedsAPositionToReduce() throws {
    let engine = makeEngine()
    let book = try #require(engine.snapshot(market: eth, nowMs: t0))
    let reduceOnly = createTx(client: 1, base: 100, price: int(book.bids[0].price, 2), isAsk: true, nonce: 0)
        .replacingOccurrences(of: "\"ReduceOnly\":0", with: "\"ReduceOnly\":1")
    let events = accepted(engine.submit(txType: 14, txInfoJSON: reduceOnly, nowMs: t0))
    #expect(orders(events).map(\.status) == [.canceledReduceOnly] && trades(events).isEmpty)
}

// MARK: - Validation

@Test func nonceMustBeNextUnlessSkipNonce() {
    let engine = makeEngine()
    #expect(engine.nextNonce(account: account, apiKeyIndex: 0) == 0)
    let far = createTx(client: 7, base: 100, price: 100_000, isAsk: false, tif: 1, expiry: t0 + 60_000, nonce: 5)
    #expect(errorCode(engine.submit(txType: 14, txInfoJSON: far, nowMs: t0)) == 21104)
    _ = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 7, base: 100, price: 100_000, isAsk: false, tif: 1,
                                                                 expiry: t0 + 60_000, nonce: 0), nowMs: t0))
    #expect(engine.nextNonce(account: account, apiKeyIndex: 0) == 1)
    // Reused nonce.
    #expect(errorCode(engine.submit(txType: 14, txInfoJSON: createTx(client: 8, base: 100, price: 100_000, isAsk: false, tif: 1,
                                                                      expiry: t0 + 60_000, nonce: 0), nowMs: t0)) == 21104)
    // Nonces are per API key.
    #expect(engine.nextNonce(account: account, apiKeyIndex: 3) == 0)
    // SkipNonce jumps ahead ...
    _ = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 8, base: 100, price: 100_000, isAsk: false, tif: 1,
                                                                 expiry: t0 + 60_000, nonce: 10, attributes: "{\"4\":1}"), nowMs: t0))
    #expect(engine.nextNonce(account: account, apiKeyIndex: 0) == 11)
    // ... but never back.
    #expect(errorCode(engine.submit(txType: 14, txInfoJSON: createTx(client: 9, base: 100, price: 100_000, isAsk: false, tif: 1,
                                                                      expiry: t0 + 60_000, nonce: 6, attributes: "{\"4\":1}"),
                                    nowMs: t0)) == 21104)
    // A rejection consumes no nonce.
    #expect(errorCode(engine.submit(txType: 14, txInfoJSON: createTx(client: 9, base: 0, price: 100_000, isAsk: false,
                                                                      nonce: 11), nowMs: t0)) == 21701)
    #expect(engine.nextNonce(account: account, apiKeyIndex: 0) == 11)
}

@Test func attributesMayBeMissingNullOrEmpty() {
    let engine = makeEngine()
    for (nonce, attributes) in [(Int64(0), nil), (1, "null"), (2, "{}")] as [(Int64, String?)] {
        _ = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 10 + nonce, base: 100, price: 100_000, isAsk: false,
                                                                     tif: 1, expiry: t0 + 60_000, nonce: nonce,
                                                                     attributes: attributes), nowMs: t0))
    }
    #expect(engine.activeOrders(account: account).count == 3)
}

@Test func signerSampleIsAccepted() throws {
    // `signer_tx_create_order_postonly_skipnonce.json`: BTC post-only bid at 30000.0, SkipNonce.
    let sample = "{\"AccountIndex\":12345,\"ApiKeyIndex\":3,\"MarketIndex\":1,\"ClientOrderIndex\":44,\"BaseAmount\":1000,"
        + "\"Price\":300000,\"IsAsk\":0,\"Type\":0,\"TimeInForce\":2,\"ReduceOnly\":0,\"TriggerPrice\":0,"
        + "\"OrderExpiry\":1798185748703,\"ExpiredAt\":1795767147703,\"Nonce\":9,"
        + "\"Sig\":\"DOuftpbrYhKN5jdWIA+UY10YklcdffncbsU8crQ+7sekS20T/8aCTEdzIYXkVGQ9tpt4ol2f5BCd/xHYFlnNDDYx0Tekv2aZ8+lIs9IZdCg=\","
        + "\"L2TxAttributes\":{\"4\":1}}"
    let engine = makeEngine()
    let events = accepted(engine.submit(txType: 14, txInfoJSON: sample, nowMs: t0))
    let order = try #require(orders(events).last)
    #expect(order.status == .open && order.price == 30000 && order.initialBaseAmount == FixedDecimal(units: 1_000_000))
    #expect(order.baseSize == 1000 && order.basePrice == 300000 && order.ownerAccountIndex == 12345 && order.nonce == 9)
    #expect(engine.nextNonce(account: 12345, apiKeyIndex: 3) == 10)
    #expect(books(events).first?.bids == [PriceLevel(price: 30000, size: FixedDecimal(units: 1_000_000))])
}

@Test func invalidTransactionsAreRefusedWithVenueCodes() {
    let engine = makeEngine()
    func code(_ json: String, type: Int = 14) -> Int? { errorCode(engine.submit(txType: type, txInfoJSON: json, nowMs: t0)) }
    #expect(code("not json") == 21501)
    #expect(code("{\"AccountIndex\":1}") == 21501)
    // Modify (17) is not served; a cancel's fields read as a cancel-all (16) lack its own.
    #expect(code(cancelTx(index: 1, nonce: 0), type: 17) == 21505)
    #expect(code(cancelTx(index: 1, nonce: 0), type: 16) == 21501)
    #expect(code(createTx(client: 1, base: 100, price: 1, isAsk: false, nonce: 0, expiredAt: t0)) == 21000)
    #expect(code(createTx(market: 77, client: 1, base: 100, price: 100, isAsk: false, nonce: 0)) == 21602)
    #expect(code(createTx(market: 2048, client: 1, base: 100, price: 300_000, isAsk: false, nonce: 0)) == 21619)
    #expect(code(createTx(client: 1, base: 100, price: 0, isAsk: false, nonce: 0)) == 21702)
    #expect(code(createTx(client: 1, base: 100, price: 300_000, isAsk: false, type: 1, tif: 1, expiry: t0 + 60_000, nonce: 0)) == 21705)
    #expect(code(createTx(client: 1, base: 100, price: 300_000, isAsk: false, tif: 1, expiry: 0, nonce: 0)) == 21711)
    #expect(code(createTx(client: 1, base: 100, price: 300_000, isAsk: false, tif: 0, expiry: t0 + 60_000, nonce: 0)) == 21711)
    #expect(code(createTx(client: 1, base: 10, price: 300_000, isAsk: false, nonce: 0)) == 21706)  // below 0.0050 ETH
    #expect(code(createTx(client: 1 << 48, base: 100, price: 300_000, isAsk: false, nonce: 0)) == 21727)
    #expect(code(createTx(client: 1, base: 100, price: 300_000, isAsk: false, type: 2, nonce: 0)) == 21710)
    #expect(engine.nextNonce(account: account, apiKeyIndex: 0) == 0)
}

@Test func duplicateClientOrderIndexAmongLiveOrdersIsRefused() {
    let engine = makeEngine()
    _ = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 42, base: 100, price: 100_000, isAsk: false, tif: 1,
                                                                 expiry: t0 + 60_000, nonce: 0), nowMs: t0))
    let again = createTx(client: 42, base: 100, price: 100_100, isAsk: false, tif: 1, expiry: t0 + 60_000, nonce: 1)
    let refused = engine.submit(txType: 14, txInfoJSON: again, nowMs: t0)
    #expect(errorCode(refused) == 21728)
    if case .failure(let error) = refused { #expect(error.message == "client order index already exists") }
    // Once the first is gone the index is free again.
    _ = accepted(engine.submit(txType: 15, txInfoJSON: cancelTx(index: 42, nonce: 1), nowMs: t0))
    _ = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 42, base: 100, price: 100_100, isAsk: false, tif: 1,
                                                                 expiry: t0 + 60_000, nonce: 2), nowMs: t0))
}

@Test func cancelByClientOrExchangeIndexRemovesTheOrder() throws {
    let engine = makeEngine()
    let price: Int64 = 290_000
    let first = try #require(orders(accepted(engine.submit(
        txType: 14, txInfoJSON: createTx(client: 50, base: 100, price: price, isAsk: false, tif: 1, expiry: t0 + 60_000, nonce: 0),
        nowMs: t0))).last)
    let second = try #require(orders(accepted(engine.submit(
        txType: 14, txInfoJSON: createTx(client: 51, base: 300, price: price, isAsk: false, tif: 1, expiry: t0 + 60_000, nonce: 1),
        nowMs: t0))).last)
    let byClient = accepted(engine.submit(txType: 15, txInfoJSON: cancelTx(index: 50, nonce: 2), nowMs: t0 + 1))
    #expect(orders(byClient).map(\.status) == [.canceled])
    #expect(orders(byClient)[0].orderIndex == first.orderIndex)
    // The level shrinks to the other order's size.
    #expect(books(byClient).first?.bids == [PriceLevel(price: 2900, size: FixedDecimal(units: 3_000_000))])
    let byIndex = accepted(engine.submit(txType: 15, txInfoJSON: cancelTx(index: second.orderIndex, nonce: 3), nowMs: t0 + 2))
    #expect(orders(byIndex).map(\.status) == [.canceled])
    #expect(books(byIndex).first?.bids == [PriceLevel(price: 2900, size: .zero)])
    #expect(errorCode(engine.submit(txType: 15, txInfoJSON: cancelTx(index: 50, nonce: 4), nowMs: t0 + 3)) == 21600)
    #expect(engine.activeOrders(account: account).isEmpty)
    #expect(engine.inactiveOrders(account: account, limit: 10).items.map(\.orderIndex) == [second.orderIndex, first.orderIndex])
    #expect(engine.inactiveOrders(account: account, limit: 1).items.count == 1)
}

@Test func expiredRestingOrdersAreCanceledByTicks() throws {
    let engine = makeEngine()
    _ = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 60, base: 100, price: 280_000, isAsk: false, tif: 1,
                                                                 expiry: t0 + 1_000, nonce: 0), nowMs: t0))
    let events = engine.tick(market: eth, nowMs: t0 + 1_000)
    #expect(orders(events).map(\.status) == [.canceledExpired])
    #expect(books(events).first?.bids.contains(PriceLevel(price: 2800, size: .zero)) == true)
}

// MARK: - Fault switches

@Test func neverFillLeavesIocUnfilledAndRestingOrdersOpen() throws {
    let engine = makeEngine()
    engine.neverFill = true
    let book = try #require(engine.snapshot(market: eth, nowMs: t0))
    let ioc = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 70, base: 100, price: int(book.asks[3].price, 2),
                                                                      isAsk: false, nonce: 0), nowMs: t0))
    #expect(orders(ioc).last?.status == .canceledNotEnoughLiquidity)
    #expect(orders(ioc).last?.filledBaseAmount.isZero == true && trades(ioc).isEmpty)
    // A crossing GTT rests instead of filling, and the displayed book stays uncrossed.
    let gtt = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 71, base: 100, price: int(book.asks[1].price, 2),
                                                                      isAsk: false, tif: 1, expiry: t0 + 3_600_000, nonce: 1), nowMs: t0))
    #expect(orders(gtt).last?.status == .open && trades(gtt).isEmpty)
    var local = LocalBook(book)
    for update in books(gtt) { local.apply(update) }
    #expect(!local.isCrossed)
    for step in 1...300 {
        let events = engine.tick(market: eth, nowMs: t0 + Int64(step) * 200)
        #expect(trades(events).isEmpty)
        for update in books(events) { local.apply(update) }
        #expect(!local.isCrossed)
    }
    #expect(engine.activeOrders(account: account).map(\.clientOrderIndex) == [71])
}

@Test func partialFillsOnlyNeverCompletesAnOrder() throws {
    let engine = makeEngine()
    engine.partialFillsOnly = true
    let book = try #require(engine.snapshot(market: eth, nowMs: t0))
    let ioc = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 80, base: 1000, price: int(book.asks[5].price, 2),
                                                                      isAsk: false, nonce: 0), nowMs: t0))
    let iocFinal = try #require(orders(ioc).last)
    #expect(iocFinal.status == .canceledNotEnoughLiquidity)
    #expect(iocFinal.filledBaseAmount == FixedDecimal(units: 6_000_000))  // 60% of 0.1000
    let price = int(book.bids[0].price, 2) + 1
    _ = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 81, base: 500, price: price, isAsk: false, tif: 1,
                                                                 expiry: t0 + 3_600_000, nonce: 1), nowMs: t0))
    var filled = FixedDecimal.zero
    for step in 1...1_000 {
        for order in orders(engine.tick(market: eth, nowMs: t0 + Int64(step) * 200)) where order.clientOrderIndex == 81 {
            #expect(order.status == .open)
            filled = order.filledBaseAmount
        }
    }
    #expect(filled == FixedDecimal(units: 3_000_000))  // capped at 60% of 0.0500
    #expect(engine.activeOrders(account: account).first?.status == .open)
}

// MARK: - Positions

@Test func positionsTrackSignedSizeEntryAndRealisedPnl() throws {
    let engine = makeEngine()
    engine.touchFillPermille = 0
    let book = try #require(engine.snapshot(market: eth, nowMs: t0))
    let ask = book.asks[0]
    // Buy 0.0100 at the ask, then sell 0.0060 at the bid.
    _ = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 90, base: 100, price: int(ask.price, 2), isAsk: false,
                                                                 nonce: 0), nowMs: t0))
    let bid = try #require(engine.snapshot(market: eth, nowMs: t0)?.bids.first)
    _ = accepted(engine.submit(txType: 14, txInfoJSON: createTx(client: 91, base: 60, price: int(bid.price, 2), isAsk: true,
                                                                 nonce: 1), nowMs: t0))
    let position = try #require(engine.positions(account: account).first)
    #expect(position.marketID == eth && position.symbol == "ETH" && position.sign == 1)
    #expect(position.position == FixedDecimal(units: 400_000))
    #expect(position.avgEntryPrice == ask.price)
    #expect(position.realizedPnl == (bid.price - ask.price).multiplied(by: FixedDecimal(units: 600_000)))
    #expect(position.openOrderCount == 0 && position.positionValue > 0)
    #expect(engine.trades(account: account).count == 2)
    #expect(engine.orders(account: account).count == 2)
}

// MARK: - Account script and determinism

@Test func accountScriptTradesForAMinuteWithoutRefusals() throws {
    let engine = makeEngine(seed: 11)
    var script = AccountScript(account: 777, apiKeyIndex: 2, market: eth, intervalMs: 1_000, engine: engine)
    var kinds: [ScriptTx.Kind: Int] = [:]
    var statuses: Set<String> = []
    var fills = 0
    for step in 0...300 {
        let now = t0 + Int64(step) * 200
        for event in engine.tick(market: eth, nowMs: now) {
            if case .trade = event { fills += 1 }
            if case .orderUpdated(let order) = event { statuses.insert(order.status.wire) }
        }
        for tx in script.due(nowMs: now, engine: engine) {
            kinds[tx.kind, default: 0] += 1
            #expect(tx.txInfoJSON.hasPrefix("{\"AccountIndex\":777,\"ApiKeyIndex\":2,\"MarketIndex\":0,"))
            let events = accepted(engine.submit(txType: tx.txType, txInfoJSON: tx.txInfoJSON, nowMs: now))
            fills += trades(events).count
            for order in orders(events) { statuses.insert(order.status.wire) }
        }
    }
    #expect(kinds[.fullFillIOC, default: 0] >= 14 && kinds[.partialIOC, default: 0] >= 14)
    #expect(kinds[.restingGTT, default: 0] >= 14 && kinds[.marketOrder, default: 0] >= 14)
    #expect(fills > 40)
    #expect(statuses.isSuperset(of: ["open", "filled", "canceled-not-enough-liquidity"]))
    #expect(engine.trades(account: 777).count == fills)
    #expect(engine.nextNonce(account: 777, apiKeyIndex: 2) == Int64(kinds.values.reduce(0, +)))
}

@Test func sameSeedReplaysTheSameEvents() {
    func run(seed: UInt64) -> [ExchangeEvent] {
        let engine = makeEngine(seed: seed)
        var script = AccountScript(account: 9, apiKeyIndex: 0, market: 1, intervalMs: 700, engine: engine)
        var events: [ExchangeEvent] = []
        for step in 0...200 {
            let now = t0 + Int64(step) * 100
            for market in [0, 1, 2] { events += engine.tick(market: market, nowMs: now) }
            for tx in script.due(nowMs: now, engine: engine) {
                if case .success(let ok) = engine.submit(txType: tx.txType, txInfoJSON: tx.txInfoJSON, nowMs: now) {
                    events += ok.events
                }
            }
        }
        if let snapshot = engine.snapshot(market: 1, nowMs: t0) { events.append(.book(snapshot)) }
        return events
    }
    let first = run(seed: 99)
    #expect(first.count > 500)
    #expect(first == run(seed: 99))
    #expect(first != run(seed: 100))
}

@Test func placeholderHashIsStableAndVenueLength() {
    let hash = placeholderTxHash(txInfo: "{\"Nonce\":1}")
    #expect(hash.count == 80 && hash.allSatisfy(\.isHexDigit) && hash == hash.lowercased())
    #expect(hash == placeholderTxHash(txInfo: "{\"Nonce\":1}"))
    #expect(hash != placeholderTxHash(txInfo: "{\"Nonce\":2}"))
}
