import Foundation
import HedgeEngine
import LighterProtocol
import Testing

/// The engine's state machine against fake venues and a fake clock: quoting, hedging every
/// fill at once, remainders, budgets and policies, the kill switch, races and pauses.
@Suite struct HedgeEngineTests {
    typealias H = EngineHarness

    @Test func quotesOneTickInsideTheSpreadAndCancelReplacesWhenThePriceMovesOrTheQuoteAges() async throws {
        let h = try H.make()
        let quote = try await h.startQuoting()
        #expect(quote.side == .buy && quote.price == dec("3000.49") && quote.quantity == dec("0.05") && quote.kind == .postOnly)
        #expect(await h.status.state == .quoting)
        // A young quote is not repriced when the book flickers.
        try await h.books(makerAsk: "3001")
        #expect(h.maker.cancels.isEmpty)
        h.clock.advance(ms: 600)
        try await h.books(makerAsk: "3001")
        #expect(h.maker.cancels == [quote.clientOrderID])
        try await h.maker(.cancelResult(clientOrderID: quote.clientOrderID, .closed(executedQuantity: .zero)))
        let replaced = try #require(h.maker.placed.last)
        #expect(replaced.clientOrderID != quote.clientOrderID && replaced.price == dec("3000.99"))
        try await h.maker(.accepted(clientOrderID: replaced.clientOrderID, venueOrderID: "x"))
        // Unchanged price, but old: canceled and placed again.
        h.clock.advance(ms: 10_000)
        try await h.books(makerAsk: "3001")
        #expect(h.maker.cancels.last == replaced.clientOrderID)
        #expect(h.hedge.placed.isEmpty)
    }

    @Test func everyMakerFillIsHedgedAtOnceWithAnIOCCappedFromTheHedgeBook() async throws {
        let h = try H.make()
        let quote = try await h.startQuoting()
        try await h.fillMaker(quote, "0.02")
        let first = try #require(h.hedge.placed.first)
        // 3000.10 × (1 − 0.005) = 2985.0995, up to the tick: never beyond the cap.
        #expect(first.side == .sell && first.quantity == dec("0.02") && first.price == dec("2985.1"))
        #expect(await h.status.state == .hedging)
        #expect(h.maker.cancels.isEmpty, "the partly filled quote keeps resting")
        try await h.fillHedge(first)
        #expect(await h.status.state == .makerPartlyFilled)
        try await h.fillMaker(quote, "0.03")
        let second = try #require(h.hedge.placed.last)
        #expect(h.hedge.placed.count == 2 && second.quantity == dec("0.03"))
        try await h.fillHedge(second)
        let status = await h.status
        #expect(status.makerPosition == dec("0.05") && status.hedgePosition == dec("-0.05") && status.nakedExposure == .zero)
        #expect(status.roundsDone == 1)
        // The next round quotes at once.
        #expect(h.maker.placed.count == 2)
        let pairs = try h.ledger.pairs()
        #expect(pairs.count == 2 && pairs.allSatisfy { $0.open == .zero && $0.offsets.count == 1 })
    }

    @Test func anIOCRemainderIsHedgedAgainUntilHedged() async throws {
        let h = try H.make()
        let quote = try await h.startQuoting()
        try await h.fillMaker(quote, "0.05")
        let first = try #require(h.hedge.placed.first)
        try await h.fillHedge(first, "0.03")
        let second = try #require(h.hedge.placed.last)
        #expect(h.hedge.placed.count == 2 && second.quantity == dec("0.02") && second.side == .sell)
        try await h.fillHedge(second, "0")
        let third = try #require(h.hedge.placed.last)
        #expect(h.hedge.placed.count == 3 && third.quantity == dec("0.02"))
        try await h.fillHedge(third)
        #expect(await h.status.nakedExposure == .zero)
        #expect(h.hedge.placed.count == 3)
        // The maker fill is paired with both hedge fills.
        let pair = try #require(try h.ledger.pairs().first)
        #expect(pair.offsets.map(\.quantity) == [dec("0.03"), dec("0.02")])
    }

    @Test func aSpentBudgetFlattensTheNakedLegOnTheMakerVenueWhenThePolicySaysSo() async throws {
        let h = try H.make(H.configuration { $0.hedgeMaxAttempts = 3; $0.policy = .flatten })
        let quote = try await h.startQuoting()
        try await h.fillMaker(quote, "0.02")
        for _ in 0..<3 { try await h.fillHedge(try #require(h.hedge.placed.last), "0") }
        #expect(h.hedge.placed.count == 3, "no fourth hedge past the budget")
        #expect(h.maker.cancels == [quote.clientOrderID], "the quote is canceled first")
        try await h.maker(.cancelResult(clientOrderID: quote.clientOrderID, .closed(executedQuantity: dec("0.02"))))
        let flatten = try #require(h.maker.placed.last)
        // The maker bid 3000 × 0.995 = 2985, a sell that takes.
        #expect(flatten.kind == .immediateOrCancel && flatten.side == .sell && flatten.quantity == dec("0.02")
                && flatten.price == dec("2985"))
        #expect(await h.status.phase == .flattening)
        try await h.fillMaker(flatten, "0.02")
        try await h.maker(.orderUpdate(clientOrderID: flatten.clientOrderID, status: .filled, executedQuantity: dec("0.02")))
        let status = await h.status
        #expect(status.phase == .stopped && status.nakedExposure == .zero)
        #expect(status.stopReason?.contains("flattened") == true)
        // Nothing pretended: the ledger shows no hedge fill, and the maker fill paired with the flatten.
        #expect(try h.ledger.fills().filter { $0.venue == .hedge }.isEmpty)
        let pair = try #require(try h.ledger.pairs().first)
        #expect(pair.offsets.first?.fill.role == .flatten)
    }

    /// Two fills hedged in turn keep one hedge out at every moment: the budget still counts
    /// every order that ended short.
    @Test func theBudgetIsSpentWhileAnotherHedgeIsStillOut() async throws {
        let h = try H.make(H.configuration { $0.hedgeMaxAttempts = 3; $0.policy = .flatten })
        let quote = try await h.startQuoting()
        try await h.fillMaker(quote, "0.02")
        try await h.fillMaker(quote, "0.01")
        #expect(h.hedge.placed.count == 2)
        // Each outcome comes while the other order is still out; nothing ever fills.
        var answered = 0
        while answered < h.hedge.placed.count, answered < 10 {
            try await h.fillHedge(h.hedge.placed[answered], "0")
            answered += 1
        }
        #expect(h.hedge.placed.count <= 4, "no new hedge once three ended short (sent \(h.hedge.placed.count))")
        #expect(await h.status.phase == .flattening)
    }

    @Test func aSpentBudgetStopsAndNamesTheExposureWhenThePolicySaysStop() async throws {
        let h = try H.make(H.configuration { $0.policy = .stop; $0.hedgeMaxMs = 2_000 })
        let quote = try await h.startQuoting()
        // The hedge book goes quiet: nothing to price a hedge from.
        h.clock.advance(ms: 6_000)
        try await h.maker(.book(BookTop(bid: dec("3000"), ask: dec("3000.5"))))
        try await h.fillMaker(quote, "0.05")
        #expect(h.hedge.placed.isEmpty)
        h.clock.advance(ms: 2_100)
        try await h.send(.tick)
        let status = await h.status
        #expect(status.phase == .stopped)
        #expect(status.stopReason?.contains("naked exposure 0.05") == true, "\(status.stopReason ?? "")")
        #expect(h.alerts.all.contains { $0.level == .critical })
        #expect(h.maker.placed.count == 1, "no flatten under the stop policy")
        // Stopped means stopped: a fresh book sends nothing.
        try await h.books()
        #expect(h.hedge.placed.isEmpty)
    }

    @Test func theKillSwitchTripsOnNakedSizeAndOnNakedTime() async throws {
        // Size: a fill of an order the engine never sent pushes exposure past the limit.
        let h = try H.make(H.configuration { $0.policy = .stop; $0.maxNakedQuantity = dec("0.08") })
        _ = try await h.startQuoting()
        try await h.maker(.fill(VenueFill(fillID: "manual-1", clientOrderID: 42, side: .buy, price: dec("3000"), quantity: dec("0.1"))))
        #expect(await h.status.phase == .stopped)
        #expect(h.hedge.placed.isEmpty)

        // Time: a hedge whose outcome never comes.
        let t = try H.make(H.configuration { $0.policy = .stop; $0.maxNakedMs = 3_000 })
        let quote = try await t.startQuoting()
        try await t.fillMaker(quote, "0.05")
        #expect(t.hedge.placed.count == 1)
        t.clock.advance(ms: 2_000)
        try await t.books()
        #expect(await t.status.phase == .running)
        t.clock.advance(ms: 1_500)
        try await t.books()
        let status = await t.status
        #expect(status.phase == .stopped && status.stopReason?.contains("Kill switch") == true)
        #expect(t.hedge.placed.count == 1, "the unanswered hedge is never sent twice")
    }

    @Test func aCancelThatRacesAFillHedgesTheExecutedQuantityOnceAndTheLateFillIsNotCountedAgain() async throws {
        let h = try H.make()
        let quote = try await h.startQuoting()
        h.clock.advance(ms: 600)
        try await h.books(makerAsk: "3001")
        #expect(h.maker.cancels == [quote.clientOrderID])
        // The venue says the order had executed 0.02 when the cancel landed; no fill event yet.
        try await h.maker(.cancelResult(clientOrderID: quote.clientOrderID, .closed(executedQuantity: dec("0.02"))))
        let hedge = try #require(h.hedge.placed.first)
        #expect(hedge.quantity == dec("0.02"))
        try await h.fillHedge(hedge)
        // The fill event arrives late: nothing more to hedge.
        try await h.fillMaker(quote, "0.02")
        #expect(h.hedge.placed.count == 1)
        let status = await h.status
        #expect(status.makerPosition == dec("0.02") && status.hedgePosition == dec("-0.02"))
        let fills = try h.ledger.fills().filter { $0.venue == .maker }
        #expect(fills.map(\.role) == [.reported, .quote] && fills.map(\.counted) == [dec("0.02"), .zero])
    }

    @Test func staleBooksUnhealthyVenuesAndReconciliationsPauseQuoting() async throws {
        let h = try H.make()
        let quote = try await h.startQuoting()
        h.clock.advance(ms: 5_100)
        try await h.send(.tick)
        #expect(h.maker.cancels == [quote.clientOrderID])
        try await h.maker(.cancelResult(clientOrderID: quote.clientOrderID, .closed(executedQuantity: .zero)))
        #expect(h.maker.placed.count == 1)
        #expect(await h.status.state == .paused("maker book stale or missing"))
        try await h.books()
        #expect(h.maker.placed.count == 2)
        let second = try #require(h.maker.placed.last)
        try await h.maker(.accepted(clientOrderID: second.clientOrderID, venueOrderID: "x"))
        try await h.hedge(.health(.blind("no fill source alive")))
        #expect(h.maker.cancels.last == second.clientOrderID)
        try await h.maker(.cancelResult(clientOrderID: second.clientOrderID, .closed(executedQuantity: .zero)))
        try await h.books()
        #expect(h.maker.placed.count == 2)
        try await h.maker(.reconciling(true))
        try await h.hedge(.health(.healthy))
        try await h.books()
        #expect(h.maker.placed.count == 2)
        try await h.maker(.reconciling(false))
        #expect(h.maker.placed.count == 3)
    }

    @Test func aRefusedPostOnlyQuoteIsRepricedAfterAPause() async throws {
        let h = try H.make()
        try await h.send(.start)
        try await h.ready()
        let quote = try #require(h.maker.placed.first)
        try await h.maker(.rejected(clientOrderID: quote.clientOrderID, reason: "Order would immediately match and take", wouldTake: true))
        #expect(h.maker.placed.count == 1)
        h.clock.advance(ms: 300)
        try await h.books(makerBid: "3001", makerAsk: "3002")
        #expect(h.maker.placed.last?.price == dec("3001.99"))
    }

    @Test func roundsBuildToTheMaximumUnwindAndCloseFlat() async throws {
        let h = try H.make(H.configuration(iterations: 5))
        try await h.send(.start)
        try await h.ready()
        var sides: [TradeSide] = []
        for _ in 0..<20 {
            guard let quote = h.maker.placed.last, await h.status.phase != .done else { break }
            sides.append(quote.side)
            try await h.maker(.accepted(clientOrderID: quote.clientOrderID, venueOrderID: "x"))
            try await h.fillMaker(quote, quote.quantity.description)
            try await h.fillHedge(try #require(h.hedge.placed.last))
        }
        // Buy to +0.1, sell through 0 toward −0.1, then the rounds are done and the position closes.
        #expect(sides == [.buy, .buy, .sell, .sell, .sell, .buy])
        let status = await h.status
        #expect(status.phase == .done && status.makerPosition == .zero && status.hedgePosition == .zero)
    }

    @Test func aStopRequestCancelsTheQuoteHedgesWhatIsNakedAndEnds() async throws {
        let h = try H.make()
        let quote = try await h.startQuoting()
        try await h.fillMaker(quote, "0.01")
        try await h.send(.stopRequested)
        #expect(h.maker.cancels == [quote.clientOrderID])
        try await h.maker(.cancelResult(clientOrderID: quote.clientOrderID, .closed(executedQuantity: dec("0.01"))))
        #expect(await h.status.phase == .stopping)
        try await h.fillHedge(try #require(h.hedge.placed.first))
        let status = await h.status
        #expect(status.phase == .done && status.nakedExposure == .zero && h.maker.placed.count == 1)
    }

    /// A remainder below the hedge venue's minimum is closed on the maker venue at the end; a
    /// venue that fills those IOCs only partly gets as many as keep closing something, however
    /// small the attempt budget (it counts attempts that close nothing).
    @Test func partlyFilledDustFlattensGoOnWhileEachClosesSomething() async throws {
        let h = try H.make(H.configuration { $0.hedgeMaxAttempts = 2 })
        let quote = try await h.startQuoting()
        try await h.fillMaker(quote, "0.003")
        try await h.send(.stopRequested)
        try await h.maker(.cancelResult(clientOrderID: quote.clientOrderID, .closed(executedQuantity: dec("0.003"))))
        var remaining = dec("0.003")
        for filled in ["0.0015", "0.0008", "0.0004", "0.0003"] {
            let flatten = try #require(h.maker.placed.last)
            #expect(flatten.kind == .immediateOrCancel && flatten.side != quote.side && flatten.quantity == remaining)
            try await h.fillMaker(flatten, filled)
            let status: MakerOrderStatus = dec(filled) == remaining ? .filled : .canceled
            try await h.maker(.orderUpdate(clientOrderID: flatten.clientOrderID, status: status, executedQuantity: dec(filled)))
            remaining = remaining - dec(filled)
        }
        let status = await h.status
        #expect(status.phase == .done && status.nakedExposure == .zero, "\(status.phase) naked \(status.nakedExposure)")
        #expect(h.maker.placed.count == 5, "the quote and four flattens")
        #expect(h.hedge.placed.isEmpty, "0.003 is below the hedge venue's minimum")
    }

    @Test func settingsThatCannotRunAreRefused() {
        #expect(throws: HedgeEngineError.self) { try H.make(H.configuration(size: "0.001")) }
        #expect(throws: HedgeEngineError.self) { try H.make(H.configuration(size: "0.05", maxPosition: "0.01")) }
        #expect(throws: HedgeEngineError.self) { try H.make(H.configuration { $0.maxNakedQuantity = dec("0.01") }) }
    }
}
