import BackpackProtocol
import BackpackSimulator
import LighterProtocol
import Testing

/// The pure engine, with no server and no clock: matching rules, positions and money.
@Suite struct EngineTests {
    static let eth = "ETH_USDC_PERP"
    static let now: Int64 = 1_767_225_600_000_000

    static func engine() -> BackpackEngine {
        BackpackEngine(markets: BackpackSimMarket.defaults(bases: ["ETH"]), seed: 7)
    }

    static func ioc(_ side: BackpackSide, _ quantity: String, _ price: FixedDecimal, fok: Bool = false) -> BackpackOrderRequest {
        BackpackOrderRequest(symbol: eth, side: side, orderType: .limit, quantity: FixedDecimal(quantity), price: price,
                             timeInForce: fok ? .fillOrKill : .immediateOrCancel)
    }

    static func orderEvents(_ events: [BackpackEngineEvent], _ account: String) -> [BackpackOrderUpdate] {
        events.compactMap { if case .order(account, let update) = $0 { update } else { nil } }
    }

    @Test func fillOrKillBeyondTheBookExpiresWithNothingFilled() throws {
        let engine = Self.engine()
        let ask = try #require(engine.top(symbol: Self.eth).ask)
        let (order, events) = try engine.execute(Self.ioc(.bid, "300", ask, fok: true), account: "a", nowUs: Self.now).get()
        #expect(order.status == .expired && order.executedQuantity == .zero)
        #expect(Self.orderEvents(events, "a").map(\.event) == [.orderAccepted, .orderExpired])
        #expect(Self.orderEvents(events, "a").last?.expiryReason == "FillOrKill")
        #expect(engine.fills(account: "a").isEmpty)
    }

    @Test func ownRestingOrderStopsTheTakerAsSelfTradePrevention() throws {
        let engine = Self.engine()
        let top = engine.top(symbol: Self.eth)
        let inside = try #require(top.ask) - FixedDecimal("0.01")!
        #expect(inside > (top.bid ?? .zero))
        let maker = try engine.execute(.postOnlyLimit(symbol: Self.eth, side: .ask, quantity: FixedDecimal("0.1")!, price: inside),
                                       account: "a", nowUs: Self.now).get().order
        #expect(maker.status == .new)
        #expect(engine.top(symbol: Self.eth).ask == inside)
        let (taker, events) = try engine.execute(Self.ioc(.bid, "0.1", inside), account: "a", nowUs: Self.now + 1).get()
        #expect(taker.status == .expired && taker.executedQuantity == .zero)
        #expect(Self.orderEvents(events, "a").last?.expiryReason == "SelfTradePrevention")

        // Another account takes it: maker and taker fees, both positions, one public trade.
        let (other, fillEvents) = try engine.execute(Self.ioc(.bid, "0.1", inside), account: "b", nowUs: Self.now + 2).get()
        #expect(other.status == .filled)
        let makerFill = try #require(Self.orderEvents(fillEvents, "a").first { $0.event == .orderFill }?.fill)
        let takerFill = try #require(Self.orderEvents(fillEvents, "b").first { $0.event == .orderFill }?.fill)
        #expect(makerFill.isMaker && !takerFill.isMaker && makerFill.tradeID == takerFill.tradeID)
        let quote = FixedDecimal("0.1")!.multiplied(by: inside)
        #expect(makerFill.fee == FixedDecimal(units: quote.units * 2 / 10_000).floored(decimals: 6))
        #expect(takerFill.fee == FixedDecimal(units: quote.units * 5 / 10_000).floored(decimals: 6))
        #expect(engine.positions(account: "a").first?.netQuantity == FixedDecimal("-0.1"))
        #expect(engine.positions(account: "b").first?.netQuantity == FixedDecimal("0.1"))
        let trades = fillEvents.compactMap { if case .trade(let trade) = $0 { trade } else { nil } }
        #expect(trades.count == 1 && trades.first?.sellerOrderID == maker.id && trades.first?.buyerIsMaker == false)
    }

    @Test func aRoundTripRealisesItsPnLIntoCollateral() throws {
        let engine = Self.engine()
        let ask = try #require(engine.top(symbol: Self.eth).ask)
        let buy = try engine.execute(Self.ioc(.bid, "0.5", ask), account: "a", nowUs: Self.now).get().order
        #expect(buy.status == .filled)
        let bid = try #require(engine.top(symbol: Self.eth).bid)
        let (sell, events) = try engine.execute(Self.ioc(.ask, "0.5", bid), account: "a", nowUs: Self.now + 1).get()
        #expect(sell.status == .filled)
        let closed = events.compactMap { if case .position("a", let update) = $0 { update } else { nil } }.last
        #expect(closed?.event == .positionClosed && closed?.netQuantity == .zero)
        let realized = sell.executedQuoteQuantity - buy.executedQuoteQuantity
        #expect(closed?.realizedPnl == realized)
        let fees = engine.fills(account: "a").reduce(FixedDecimal.zero) { $0 + $1.fee }
        #expect(engine.capital(account: "a")["USDC"]?.available == FixedDecimal(100_000) + realized - fees)
        #expect(engine.positions(account: "a").isEmpty)
    }

    @Test func ticksPublishChainedUpdatesAndRestingOrdersShowInTheBook() throws {
        let engine = Self.engine()
        let bid = try #require(engine.top(symbol: Self.eth).bid) - FixedDecimal("1")!
        let (_, events) = try engine.execute(.postOnlyLimit(symbol: Self.eth, side: .bid, quantity: FixedDecimal("0.3")!, price: bid),
                                             account: "a", nowUs: Self.now).get()
        var updates = events.compactMap { if case .depth(let update) = $0 { update } else { nil } }
        #expect(updates.first?.bids.contains { $0.price == bid } == true)
        for step in 1...50 {
            updates += engine.tick(symbol: Self.eth, nowUs: Self.now + Int64(step) * 200_000)
                .compactMap { if case .depth(let update) = $0 { update } else { nil } }
        }
        for (previous, next) in zip(updates, updates.dropFirst()) {
            #expect(next.firstUpdateID == previous.lastUpdateID + 1)
        }
        let snapshot = try #require(engine.depth(symbol: Self.eth, limit: 1000, nowUs: Self.now))
        #expect(snapshot.lastUpdateID == updates.last?.lastUpdateID)
        var book = BackpackOrderBook(symbol: Self.eth)
        book.apply(snapshot)
        #expect(!book.isCrossed)
    }
}
