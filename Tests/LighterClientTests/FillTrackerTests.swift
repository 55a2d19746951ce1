import Foundation
import Testing
@testable import LighterClient
import LighterProtocol

// Helpers are fileprivate and prefixed: other test files share this module.

private let ourAccount: Int64 = 77
private let theirAccount: Int64 = 999

private func fd(_ text: String) -> FixedDecimal {
    guard let value = FixedDecimal(text) else { fatalError("bad decimal literal \(text)") }
    return value
}

private func fillOrder(_ index: Int64, market: Int = 0, owner: Int64 = ourAccount, initial: String = "3",
                       filled: String, quote: String, status: OrderStatus = .open, isAsk: Bool = false,
                       client: Int64 = 5, updatedAt: Int64? = nil) -> Order {
    Order(orderIndex: index, clientOrderIndex: client, marketIndex: market, ownerAccountIndex: owner,
          initialBaseAmount: fd(initial), price: fd("3000"), remainingBaseAmount: fd(initial) - fd(filled),
          isAsk: isAsk, filledBaseAmount: fd(filled), filledQuoteAmount: fd(quote), status: status,
          updatedAt: updatedAt)
}

private func fillTrade(_ id: Int64, size: String, price: String, bid: Int64 = 0, ask: Int64 = 0,
                       bidAccount: Int64 = theirAccount, askAccount: Int64 = theirAccount, market: Int = 0,
                       timestamp: Int64 = 1_767_225_600_000) -> Trade {
    Trade(tradeID: id, txHash: "h\(id)", marketID: market, size: fd(size), price: fd(price),
          usdAmount: fd(price).multiplied(by: fd(size)), askID: ask, bidID: bid, askClientID: 0, bidClientID: 0,
          askAccountID: askAccount, bidAccountID: bidAccount, isMakerAsk: false, blockHeight: 1, timestamp: timestamp)
}

private func scratchDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("fill-tests-\(UUID().uuidString)")
}

/// Σ size and the last cumulative quote, per order.
private func totals(_ events: [FillEvent]) -> [Int64: (base: FixedDecimal, quote: FixedDecimal)] {
    var result: [Int64: (base: FixedDecimal, quote: FixedDecimal)] = [:]
    for event in events {
        let previous = result[event.orderIndex]?.base ?? .zero
        result[event.orderIndex] = (previous + event.size, event.cumulativeQuote)
    }
    return result
}

@Suite struct FillTrackerTests {
    @Test func partialFillsEmitDeltasWithTheirOwnPrices() {
        var tracker = FillTracker(account: ourAccount)
        let first = tracker.ingest(orders: [fillOrder(1, filled: "1", quote: "3000")], source: .accountOrders,
                                   recovered: false, nowMs: 10)
        #expect(first.count == 1)
        #expect(first.first?.size == fd("1"))
        #expect(first.first?.price == fd("3000"))
        #expect(first.first?.status == "open")
        #expect(first.first?.timeMs == 10)

        // 1.5 more for 4650: 3100 each.
        let second = tracker.ingest(orders: [fillOrder(1, filled: "2.5", quote: "7650", updatedAt: 1_767_225_600)],
                                    source: .accountOrders, recovered: false, nowMs: 11)
        #expect(second.count == 1)
        #expect(second.first?.size == fd("1.5"))
        #expect(second.first?.price == fd("3100"))
        #expect(second.first?.cumulativeFilled == fd("2.5"))
        #expect(second.first?.cumulativeQuote == fd("7650"))
        // Seconds are normalised to milliseconds.
        #expect(second.first?.timeMs == 1_767_225_600_000)

        let last = tracker.ingest(orders: [fillOrder(1, filled: "3", quote: "9201", status: .filled)],
                                  source: .accountAllOrders, recovered: false, nowMs: 12)
        #expect(last.count == 1)
        #expect(last.first?.size == fd("0.5"))
        #expect(last.first?.price == fd("3102"))
        #expect(last.first?.status == "filled")
        #expect(last.first?.source == .accountAllOrders)
        #expect(last.first?.averagePrice == fd("3067"))
    }

    @Test func repeatedAndStaleFramesEmitNothing() {
        var tracker = FillTracker(account: ourAccount)
        let full = [fillOrder(1, filled: "1", quote: "3000"), fillOrder(2, filled: "0", quote: "0")]
        #expect(tracker.ingest(orders: full, source: .accountOrders, recovered: false, nowMs: 0).count == 1)
        for _ in 0..<5 {
            #expect(tracker.ingest(orders: full, source: .accountOrders, recovered: false, nowMs: 0).isEmpty)
            #expect(tracker.ingest(orders: full, source: .accountAllOrders, recovered: false, nowMs: 0).isEmpty)
        }
        let newer = tracker.ingest(orders: [fillOrder(1, filled: "2", quote: "6000")], source: .accountOrders,
                                   recovered: false, nowMs: 0)
        #expect(newer.map(\.size) == [fd("1")])
        // The stale frame arrives late.
        #expect(tracker.ingest(orders: full, source: .accountOrders, recovered: false, nowMs: 0).isEmpty)
    }

    @Test func iocRemainderCanceledWithAFillEmitsTheFill() {
        var tracker = FillTracker(account: ourAccount)
        let ioc = fillOrder(9, initial: "2", filled: "0.7", quote: "2100.35", status: .canceledNotEnoughLiquidity,
                            isAsk: true)
        let events = tracker.ingest(orders: [ioc], source: .accountOrders, recovered: false, nowMs: 0)
        #expect(events.count == 1)
        #expect(events.first?.size == fd("0.7"))
        #expect(events.first?.price == fd("3000.5"))
        #expect(events.first?.status == "canceled-not-enough-liquidity")
        #expect(events.first?.isAsk == true)
        #expect(events.first?.side == "sell")
        // A canceled order with nothing filled is not a fill.
        let empty = fillOrder(10, filled: "0", quote: "0", status: .canceled)
        #expect(tracker.ingest(orders: [empty], source: .accountOrders, recovered: false, nowMs: 0).isEmpty)
    }

    @Test func ordersOfAnotherAccountOrMarketAreIgnored() {
        var tracker = FillTracker(account: ourAccount, market: 0)
        let theirs = fillOrder(1, owner: theirAccount, filled: "1", quote: "3000")
        let otherMarket = fillOrder(2, market: 1, filled: "1", quote: "3000")
        #expect(tracker.ingest(orders: [theirs, otherMarket], source: .accountAllOrders, recovered: false,
                               nowMs: 0).isEmpty)
        // Trades too.
        let trades = [fillTrade(1, size: "1", price: "3000", bid: 3, bidAccount: theirAccount),
                      fillTrade(2, size: "1", price: "3000", bid: 4, bidAccount: ourAccount, market: 1)]
        #expect(tracker.ingest(trades: trades, nowMs: 0).isEmpty)
        // An owner left out (0) is accepted: the channel is already ours.
        let unowned = fillOrder(5, owner: 0, filled: "1", quote: "3000")
        #expect(tracker.ingest(orders: [unowned], source: .accountOrders, recovered: false, nowMs: 0).count == 1)
        // No market filter: every market.
        var all = FillTracker(account: ourAccount)
        #expect(all.ingest(orders: [otherMarket], source: .accountAllOrders, recovered: false, nowMs: 0).count == 1)
    }

    @Test func tradesThenOrdersGiveOneSetOfFills() {
        var tracker = FillTracker(account: ourAccount)
        // The order frame first tells the client index and status.
        _ = tracker.ingest(orders: [fillOrder(1, filled: "0", quote: "0", client: 42)], source: .accountOrders,
                           recovered: false, nowMs: 0)
        let trades = [fillTrade(100, size: "0.4", price: "3000", bid: 1, bidAccount: ourAccount),
                      fillTrade(101, size: "0.6", price: "3010", bid: 1, bidAccount: ourAccount)]
        let fromTrades = tracker.ingest(trades: trades, nowMs: 0)
        #expect(fromTrades.map(\.size) == [fd("0.4"), fd("0.6")])
        #expect(fromTrades.map(\.price) == [fd("3000"), fd("3010")])
        #expect(fromTrades.allSatisfy { $0.source == .accountAllTrades && $0.clientOrderIndex == 42 && $0.status == "open" })
        #expect(fromTrades.last?.cumulativeQuote == fd("3006"))
        // The same fills on the order channel, and the trades again: nothing.
        let order = fillOrder(1, filled: "1", quote: "3006", client: 42)
        #expect(tracker.ingest(orders: [order], source: .accountOrders, recovered: false, nowMs: 0).isEmpty)
        #expect(tracker.ingest(trades: trades, nowMs: 0).isEmpty)
        #expect(totals(fromTrades)[1]?.base == fd("1"))
    }

    @Test func ordersThenTradesGiveOneSetOfFills() {
        var tracker = FillTracker(account: ourAccount)
        let order = fillOrder(1, filled: "1", quote: "3006")
        let fromOrders = tracker.ingest(orders: [order], source: .accountAllOrders, recovered: false, nowMs: 0)
        let trades = [fillTrade(100, size: "0.4", price: "3000", bid: 1, bidAccount: ourAccount),
                      fillTrade(101, size: "0.6", price: "3010", bid: 1, bidAccount: ourAccount)]
        let fromTrades = tracker.ingest(trades: trades, nowMs: 0)
        #expect(fromOrders.count == 1)
        #expect(fromTrades.isEmpty)
        #expect(totals(fromOrders)[1]?.base == fd("1"))
        #expect(totals(fromOrders)[1]?.quote == fd("3006"))
    }

    @Test func halfFromEachSourceAddsUp() {
        var tracker = FillTracker(account: ourAccount)
        var events = tracker.ingest(trades: [fillTrade(100, size: "0.4", price: "3000", bid: 1, bidAccount: ourAccount)],
                                    nowMs: 0)
        events += tracker.ingest(orders: [fillOrder(1, filled: "1", quote: "3006")], source: .accountOrders,
                                 recovered: false, nowMs: 0)
        events += tracker.ingest(trades: [fillTrade(101, size: "0.6", price: "3010", bid: 1, bidAccount: ourAccount)],
                                 nowMs: 0)
        #expect(events.map(\.size) == [fd("0.4"), fd("0.6")])
        #expect(events.map(\.price) == [fd("3000"), fd("3010")])
        #expect(events.map(\.source) == [.accountAllTrades, .accountOrders])
    }

    @Test func selfTradeFillsBothOrders() {
        var tracker = FillTracker(account: ourAccount)
        let trade = fillTrade(7, size: "0.5", price: "3000", bid: 1, ask: 2, bidAccount: ourAccount, askAccount: ourAccount)
        let events = tracker.ingest(trades: [trade, trade], nowMs: 0)
        #expect(events.count == 2)
        #expect(Set(events.map(\.orderIndex)) == [1, 2])
        #expect(events.first { $0.orderIndex == 2 }?.isAsk == true)
        #expect(events.first { $0.orderIndex == 1 }?.isAsk == false)
        #expect(events.allSatisfy { $0.timeMs == 1_767_225_600_000 })
    }

    @Test func restRecoveredFillsAreMarked() {
        var tracker = FillTracker(account: ourAccount)
        _ = tracker.ingest(orders: [fillOrder(1, filled: "1", quote: "3000")], source: .accountOrders,
                           recovered: false, nowMs: 0)
        // Filled while disconnected; REST lists it among inactive orders.
        let events = tracker.ingest(orders: [fillOrder(1, filled: "3", quote: "9100", status: .filled)], source: .rest,
                                    recovered: true, nowMs: 0)
        #expect(events.count == 1)
        #expect(events.first?.recovered == true)
        #expect(events.first?.source == .rest)
        #expect(events.first?.size == fd("2"))
        #expect(events.first?.price == fd("3050"))
    }

    @Test func lastEventTimeIsTheNewestVenueTime() {
        var tracker = FillTracker(account: ourAccount)
        #expect(tracker.lastEventTimeMs == nil)
        _ = tracker.ingest(orders: [fillOrder(1, filled: "0", quote: "0", updatedAt: 1_767_225_601)],
                           source: .accountOrders, recovered: false, nowMs: 5)
        #expect(tracker.lastEventTimeMs == 1_767_225_601_000)
        _ = tracker.ingest(trades: [fillTrade(1, size: "1", price: "1", bid: 1, bidAccount: ourAccount,
                                              timestamp: 1_767_225_700_000)], nowMs: 0)
        #expect(tracker.lastEventTimeMs == 1_767_225_700_000)
        _ = tracker.ingest(orders: [fillOrder(1, filled: "1", quote: "1", updatedAt: 1_767_225_602_000)],
                           source: .accountOrders, recovered: false, nowMs: 5)
        #expect(tracker.lastEventTimeMs == 1_767_225_700_000)
    }

    @Test func stateRoundTripsThroughJSON() throws {
        var tracker = FillTracker(account: ourAccount)
        let orders = [fillOrder(1, filled: "1", quote: "3000"), fillOrder(2, filled: "0.5", quote: "1500", isAsk: true)]
        let trades = [fillTrade(1, size: "0.2", price: "3000", ask: 2, askAccount: ourAccount)]
        _ = tracker.ingest(orders: orders, source: .accountOrders, recovered: false, nowMs: 0)
        _ = tracker.ingest(trades: trades, nowMs: 0)
        let data = try JSONEncoder().encode(tracker.state)
        // Amounts are strings in the snapshot, never floating point.
        #expect(String(decoding: data, as: UTF8.self).contains("\"1500\""))
        let state = try JSONDecoder().decode(FillTrackerState.self, from: data)
        #expect(state == tracker.state)
        var restored = FillTracker(account: ourAccount, state: state)
        #expect(restored.ingest(orders: orders, source: .accountOrders, recovered: false, nowMs: 0).isEmpty)
        #expect(restored.ingest(trades: trades, nowMs: 0).isEmpty)
        #expect(restored.ingest(trades: [fillTrade(2, size: "0.5", price: "3000", ask: 2, askAccount: ourAccount)],
                                nowMs: 0).map(\.size) == [fd("0.2")])
    }

    @Test func seenTradeIDsAreBounded() {
        var tracker = FillTracker(account: ourAccount)
        let many = (0..<Int64(FillTracker.seenTradeLimit + 50)).map {
            fillTrade($0, size: "0.0001", price: "1", bid: 1, bidAccount: ourAccount)
        }
        #expect(tracker.ingest(trades: many, nowMs: 0).count == many.count)
        let state = tracker.state
        #expect(state.seenTradeIDs.count == FillTracker.seenTradeLimit)
        #expect(state.seenTradeIDs.first == 50)
        #expect(state.seenTradeIDs.last == Int64(FillTracker.seenTradeLimit + 49))
        #expect(FillTracker(account: ourAccount, state: state).state == state)
    }

    @Test func tradeReplayedAfterLeavingTheWindowCannotOverfill() {
        var tracker = FillTracker(account: ourAccount)
        _ = tracker.ingest(orders: [fillOrder(1, initial: "1", filled: "0", quote: "0")], source: .accountOrders,
                           recovered: false, nowMs: 0)
        let trade = fillTrade(1, size: "1", price: "3000", bid: 1, bidAccount: ourAccount)
        #expect(tracker.ingest(trades: [trade], nowMs: 0).count == 1)
        // Push the trade id out of the window with other accounts' orders' trades of ours.
        let filler = (2..<Int64(FillTracker.seenTradeLimit + 10)).map {
            fillTrade($0, size: "0.0001", price: "1", bid: 2, bidAccount: ourAccount)
        }
        _ = tracker.ingest(trades: filler, nowMs: 0)
        #expect(tracker.ingest(trades: [trade], nowMs: 0).isEmpty)
        #expect(tracker.emittedBase(orderIndex: 1) == fd("1"))
    }

    @Test func hostileAmountsDoNotTrap() {
        var tracker = FillTracker(account: ourAccount)
        var order = fillOrder(1, filled: "1", quote: "3000")
        order.filledQuoteAmount = FixedDecimal(units: .min)
        _ = tracker.ingest(orders: [order], source: .accountOrders, recovered: false, nowMs: 0)
        order.filledBaseAmount = FixedDecimal(units: .max)
        order.filledQuoteAmount = FixedDecimal(units: .max)
        _ = tracker.ingest(orders: [order], source: .accountOrders, recovered: false, nowMs: 0)
        var huge = fillTrade(1, size: "1", price: "1", bid: 2, bidAccount: ourAccount)
        huge.size = FixedDecimal(units: .max)
        huge.price = FixedDecimal(units: .max)
        _ = tracker.ingest(trades: [huge], nowMs: 0)
        huge.tradeID = 2
        _ = tracker.ingest(trades: [huge], nowMs: 0)
        huge.tradeID = 3
        huge.size = FixedDecimal(units: .min)
        _ = tracker.ingest(trades: [huge], nowMs: 0)
        #expect(tracker.emittedBase(orderIndex: 2) == FixedDecimal(units: .max))
    }

    // MARK: - Journal

    @Test func journalRoundTripAndRestartEmitsNothingTwice() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nested/fills.jsonl").path
        let orders = [fillOrder(1, filled: "1", quote: "3000.5", client: 3), fillOrder(2, filled: "0", quote: "0")]
        let trades = [fillTrade(50, size: "0.25", price: "2999.99", bid: 2, bidAccount: ourAccount)]

        var tracker = FillTracker(account: ourAccount)
        let journal = try FillJournal(path: path)
        var written: [FillEvent] = []
        for event in tracker.ingest(orders: orders, source: .accountOrders, recovered: false, nowMs: 1)
            + tracker.ingest(trades: trades, nowMs: 2) {
            try journal.append(event)
            written.append(event)
        }
        journal.close()
        #expect(written.count == 2)

        let text = try String(contentsOfFile: path, encoding: .utf8)
        // Two fills, and the mark of the run that wrote them.
        #expect(text.split(separator: "\n").count == 3)
        #expect(text.split(separator: "\n").filter { $0.contains("\"kind\":\"run\"") }.count == 1)
        #expect(text.contains("\"cumulativeQuote\":\"3000.5\""))
        #expect(text.contains("\"price\":\"2999.99\""))
        let loaded = try FillJournal.load(path: path)
        #expect(loaded == written)

        // Restart: a fresh tracker restored from the journal sees the same frames again.
        var restarted = FillTracker(account: ourAccount)
        restarted.restore(from: loaded)
        #expect(restarted.ingest(orders: orders, source: .accountOrders, recovered: false, nowMs: 3).isEmpty)
        #expect(restarted.ingest(trades: trades, nowMs: 3).isEmpty)
        #expect(restarted.ingest(orders: [fillOrder(2, filled: "0.25", quote: "749.9975")], source: .rest,
                                 recovered: true, nowMs: 3).isEmpty)
        let more = restarted.ingest(orders: [fillOrder(2, filled: "0.5", quote: "1500")], source: .rest,
                                    recovered: true, nowMs: 3)
        #expect(more.map(\.size) == [fd("0.25")])
        #expect(restarted.lastEventTimeMs == 1_767_225_600_000)

        // Appending after reopening continues the same file.
        let reopened = try FillJournal(path: path)
        try reopened.append(more[0])
        #expect(try FillJournal.load(path: path).count == 3)
    }

    @Test func concurrentAppendsKeepWholeLines() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("fills.jsonl").path
        let journal = try FillJournal(path: path)
        var tracker = FillTracker(account: ourAccount)
        let events = tracker.ingest(orders: (1...64).map { fillOrder(Int64($0), filled: "1", quote: "3000") },
                                    source: .accountOrders, recovered: false, nowMs: 0)
        DispatchQueue.concurrentPerform(iterations: events.count) { i in
            do { try journal.append(events[i]) } catch { Issue.record("append failed: \(error)") }
        }
        let loaded = try FillJournal.load(path: path)
        #expect(Set(loaded) == Set(events) && loaded.count == events.count)
        journal.close()
        #expect(throws: FillJournalError.self) { try journal.append(events[0]) }
    }

    @Test func truncatedLastLineIsTolerated() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("fills.jsonl").path
        var tracker = FillTracker(account: ourAccount)
        let events = tracker.ingest(orders: [fillOrder(1, filled: "1", quote: "3000"),
                                             fillOrder(2, filled: "2", quote: "6000")],
                                    source: .accountOrders, recovered: false, nowMs: 0)
        let journal = try FillJournal(path: path)
        for event in events { try journal.append(event) }
        journal.close()
        // A crash mid-append leaves half a line.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"clientOrderIndex\":5,\"cumulativeFil".utf8))
        try handle.close()

        #expect(try FillJournal.load(path: path) == events)
        // Reopening cuts the half line so the next append starts clean.
        let reopened = try FillJournal(path: path)
        #expect(reopened.discardedTailBytes == 36)
        try reopened.append(events[0])
        #expect(try FillJournal.load(path: path) == events + [events[0]])
        // A missing journal is empty.
        #expect(try FillJournal.load(path: dir.appendingPathComponent("none.jsonl").path).isEmpty)
    }

    @Test func corruptMiddleLineIsReportedWithItsLineNumber() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("fills.jsonl").path
        var tracker = FillTracker(account: ourAccount)
        let event = tracker.ingest(orders: [fillOrder(1, filled: "1", quote: "3000")], source: .accountOrders,
                                   recovered: false, nowMs: 0)[0]
        let good = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        let floaty = good.replacingOccurrences(of: "\"size\":\"1\"", with: "\"size\":1.0")
        for (garbage, line) in [("not json at all", 2), ("\u{0}\u{1}\u{FFFF}", 2), ("{\"orderIndex\":1}", 2),
                                (floaty, 2), ("[]", 2)] {
            try (good + "\n" + garbage + "\n" + good + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: FillJournalError.self) { try FillJournal.load(path: path) }
            do {
                _ = try FillJournal.load(path: path)
            } catch let FillJournalError.corruptLine(errorPath, errorLine, _) {
                #expect(errorPath == path)
                #expect(errorLine == line)
            }
        }
        // Invalid UTF-8 bytes too.
        var bytes = Data((good + "\n").utf8)
        bytes.append(contentsOf: [0xFF, 0xFE, 0x0A])
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            _ = try FillJournal.load(path: path)
            Issue.record("expected a corrupt line")
        } catch let error as FillJournalError {
            #expect("\(error)".contains("fills.jsonl:2"))
        }
    }
}

// MARK: - Property test

/// SeededRandom: small, fast and reproducible from a seed.



/// One generated scenario: our orders, the trades that fill them, and their states after each trade.
private struct FillScenario {
    struct OrderTruth {
        var index: Int64
        var isAsk: Bool
        var market: Int
        var initial: FixedDecimal
        /// Cumulative (base, quote) after each of its trades; element 0 is (0, 0).
        var steps: [(base: FixedDecimal, quote: FixedDecimal)] = [(.zero, .zero)]
        var finalStatus: OrderStatus = .open
        func order(step: Int) -> Order {
            let (base, quote) = steps[step]
            let status: OrderStatus = step == steps.count - 1 ? finalStatus : .open
            return Order(orderIndex: index, clientOrderIndex: index + 1, marketIndex: market,
                         ownerAccountIndex: ourAccount, initialBaseAmount: initial, price: 3000,
                         remainingBaseAmount: initial - base, isAsk: isAsk, filledBaseAmount: base,
                         filledQuoteAmount: quote, status: status, updatedAt: 1_767_225_600_000 + Int64(step))
        }
    }

    var orders: [OrderTruth] = []
    var trades: [Trade] = []
    /// Per trade, which of our orders it advanced.
    var tradeOrders: [[Int]] = []
}

private func makeScenario(_ rng: inout SeededRandom, firstTradeID: Int64) -> FillScenario {
    var s = FillScenario()
    let count = Int.random(in: 1...4, using: &rng)
    for i in 0..<count {
        s.orders.append(.init(index: 281_474_976_710_656 + Int64(i), isAsk: rng.chance(0.5),
                              market: Int.random(in: 0...1, using: &rng), initial: .zero))
    }
    let tradeCount = Int.random(in: 0...8, using: &rng)
    for t in 0..<tradeCount {
        let first = Int.random(in: 0..<count, using: &rng)
        var involved = [first]
        // Sometimes a self-trade: one of our bids against one of our asks in the same market.
        if rng.chance(0.15), let other = s.orders.indices.first(where: {
            $0 != first && s.orders[$0].isAsk != s.orders[first].isAsk && s.orders[$0].market == s.orders[first].market
        }) { involved.append(other) }
        // Sizes in 0.0001 steps, prices in 0.01 steps: price × size is exact in 8 digits.
        let size = FixedDecimal(units: Int64.random(in: 1...50_000, using: &rng) * 10_000)
        let price = FixedDecimal(units: Int64.random(in: 100_000...400_000, using: &rng) * 1_000_000)
        var bid: Int64 = 12_345, ask: Int64 = 54_321
        var bidAccount = theirAccount, askAccount = theirAccount
        for o in involved {
            if s.orders[o].isAsk { ask = s.orders[o].index; askAccount = ourAccount }
            else { bid = s.orders[o].index; bidAccount = ourAccount }
            let last = s.orders[o].steps[s.orders[o].steps.count - 1]
            s.orders[o].steps.append((last.base + size, last.quote + price.multiplied(by: size)))
        }
        s.trades.append(Trade(tradeID: firstTradeID + Int64(t), txHash: "", marketID: s.orders[first].market,
                              size: size, price: price, usdAmount: .zero, askID: ask, bidID: bid, askClientID: 0,
                              bidClientID: 0, askAccountID: askAccount, bidAccountID: bidAccount,
                              isMakerAsk: rng.chance(0.5), blockHeight: 1, timestamp: 1_767_225_600_000 + Int64(t)))
        s.tradeOrders.append(involved)
    }
    for i in s.orders.indices {
        let filled = s.orders[i].steps[s.orders[i].steps.count - 1].base
        let remainder = rng.chance(0.5) ? FixedDecimal.zero : FixedDecimal(units: Int64.random(in: 1...9, using: &rng) * 10_000)
        s.orders[i].initial = filled + remainder
        if remainder.isZero && !filled.isZero { s.orders[i].finalStatus = .filled }
        else { s.orders[i].finalStatus = [.open, .canceledNotEnoughLiquidity, .canceled][Int.random(in: 0...2, using: &rng)] }
    }
    return s
}

@Suite struct FillTrackerPropertyTests {
    /// Any interleaving of order frames (repeated, stale, full-set), trade frames (repeated,
    /// reordered, replayed) and restarts emits each order's fills exactly once.
    @Test func anyInterleavingEmitsEachFillExactlyOnce() throws {
        var rng = SeededRandom(seed: 0x5EED_F111_0000_0001)
        var nextTradeID: Int64 = 1
        // Coverage: the generator must reach both sources, self-trades and both restart kinds.
        var sources: [FillEvent.Source: Int] = [:]
        var restarts = 0
        var selfTrades = 0
        for caseNumber in 0..<3000 {
            let scenario = makeScenario(&rng, firstTradeID: nextTradeID)
            nextTradeID += Int64(scenario.trades.count)
            let market: Int? = rng.chance(0.2) ? 0 : nil
            var tracker = FillTracker(account: ourAccount, market: market)
            var events: [FillEvent] = []
            var stepOf = [Int](repeating: 0, count: scenario.orders.count)
            var happened = 0
            // A foreign order that fills: never ours.
            let foreign = Order(orderIndex: 12_345, marketIndex: 0, ownerAccountIndex: theirAccount,
                                initialBaseAmount: 5, price: 1, remainingBaseAmount: 4, isAsk: false,
                                filledBaseAmount: 1, filledQuoteAmount: 1, status: .open)

            func deliverOrders(_ rng: inout SeededRandom, final: Bool) {
                var batch: [Order] = []
                let all = final || rng.chance(0.4)
                for i in scenario.orders.indices where all || rng.chance(0.5) {
                    let step = final ? stepOf[i] : Int.random(in: max(0, stepOf[i] - 2)...stepOf[i], using: &rng)
                    batch.append(scenario.orders[i].order(step: step))
                }
                if rng.chance(0.3) { batch.append(foreign) }
                batch.shuffle(using: &rng)
                let source: FillEvent.Source = [.accountOrders, .accountAllOrders, .rest][Int.random(in: 0...2, using: &rng)]
                events += tracker.ingest(orders: batch, source: source, recovered: source == .rest, nowMs: 0)
            }
            func deliverTrades(_ rng: inout SeededRandom, all: Bool) {
                guard happened > 0 else { return }
                var batch = (0..<happened).filter { _ in all || rng.chance(0.4) }.map { scenario.trades[$0] }
                batch.shuffle(using: &rng)
                events += tracker.ingest(trades: batch, nowMs: 0)
            }
            func restart(_ rng: inout SeededRandom) throws {
                restarts += 1
                if rng.chance(0.5) {
                    let data = try JSONEncoder().encode(tracker.state)
                    tracker = FillTracker(account: ourAccount, market: market,
                                          state: try JSONDecoder().decode(FillTrackerState.self, from: data))
                } else {
                    // From the journal alone: trade history is forgotten.
                    tracker = FillTracker(account: ourAccount, market: market)
                    tracker.restore(from: events)
                }
            }

            while happened < scenario.trades.count || rng.chance(0.3) {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0...2 where happened < scenario.trades.count:
                    for o in scenario.tradeOrders[happened] { stepOf[o] += 1 }
                    happened += 1
                case 3...5: deliverOrders(&rng, final: false)
                case 6...8: deliverTrades(&rng, all: false)
                case 9 where rng.chance(0.3): try restart(&rng)
                default: break
                }
            }
            // However the stream ends, the last word comes from orders, trades, or both.
            switch Int.random(in: 0...2, using: &rng) {
            case 0: deliverOrders(&rng, final: true)
            case 1: deliverTrades(&rng, all: true)
            default:
                if rng.chance(0.5) { deliverTrades(&rng, all: true); deliverOrders(&rng, final: true) }
                else { deliverOrders(&rng, final: true); deliverTrades(&rng, all: true) }
            }
            if rng.chance(0.5) { deliverOrders(&rng, final: true); deliverTrades(&rng, all: true) }

            // Check: per order, fills chain from zero to the final cumulative without repeats.
            var byOrder: [Int64: [FillEvent]] = [:]
            for event in events { byOrder[event.orderIndex, default: []].append(event) }
            let ours = Set(scenario.orders.filter { market == nil || $0.market == market }.map(\.index))
            #expect(Set(byOrder.keys).isSubset(of: ours), "case \(caseNumber): fills of orders not ours")
            for truth in scenario.orders where ours.contains(truth.index) {
                let final = truth.steps[truth.steps.count - 1]
                var base = FixedDecimal.zero
                for event in byOrder[truth.index] ?? [] {
                    #expect(event.size > .zero, "case \(caseNumber)")
                    base += event.size
                    #expect(event.cumulativeFilled == base, "case \(caseNumber): fill counted twice or skipped")
                    #expect(event.market == truth.market && event.isAsk == truth.isAsk, "case \(caseNumber)")
                }
                #expect(base == final.base, "case \(caseNumber): order \(truth.index) filled \(base), truth \(final.base)")
                #expect((byOrder[truth.index]?.last?.cumulativeQuote ?? .zero) == final.quote, "case \(caseNumber)")
            }
            for event in events { sources[event.source, default: 0] += 1 }
            selfTrades += scenario.tradeOrders.filter { $0.count == 2 }.count
        }
        #expect(sources.count == 4 && sources.values.allSatisfy { $0 > 500 }, "\(sources)")
        #expect(restarts > 300 && selfTrades > 300, "restarts \(restarts), self-trades \(selfTrades)")
    }
}

extension SeededRandom {
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}
