import Testing
@testable import LighterProtocol

// MARK: - Example-based tests

@Suite struct OrderBookTests {
    @Test func snapshotThenUpdates() {
        var book = OrderBook(market: 0)
        let snapshotResult = book.apply(snapshot(nonce: 10, bids: [("100", "1"), ("99", "2")], asks: [("101", "1"), ("102", "3")]))
        #expect(snapshotResult == .snapshot)
        #expect(book.isSynced)
        #expect(book.nonce == 10)
        #expect(book.bestBid == level("100", "1"))
        #expect(book.bestAsk == level("101", "1"))
        #expect(book.mid == decimal("100.5"))
        #expect(book.spread == decimal("1"))

        // New absolute size at 100, and a better ask inserted.
        #expect(book.apply(update(begin: 10, nonce: 13, bids: [("100", "5")], asks: [("100.5", "2")])) == .applied)
        #expect(book.nonce == 13)
        #expect(book.bestBid == level("100", "5"))
        #expect(book.bestAsk == level("100.5", "2"))
        #expect(book.bids == levels([("100", "5"), ("99", "2")]))
        #expect(book.asks == levels([("100.5", "2"), ("101", "1"), ("102", "3")]))

        // offset is not contiguous and must not matter.
        var next = update(begin: 13, nonce: 14, bids: [("99", "7")], asks: [])
        next.offset = 999_999
        #expect(book.apply(next) == .applied)
        #expect(book.bids == levels([("100", "5"), ("99", "7")]))
    }

    @Test func zeroSizeDeletesLevel() {
        var book = syncedBook()
        #expect(book.apply(update(begin: 10, nonce: 11, bids: [("100", "0")], asks: [("101", "0.0000")])) == .applied)
        #expect(book.bestBid == level("99", "2"))
        #expect(book.bestAsk == level("102", "3"))
        // Deleting a price that is not in the book changes nothing.
        #expect(book.apply(update(begin: 11, nonce: 12, bids: [("98.5", "0")], asks: [("150", "0")])) == .applied)
        #expect(book.bids == levels([("99", "2")]))
        #expect(book.asks == levels([("102", "3")]))
        // Emptying a side leaves no best on it.
        #expect(book.apply(update(begin: 12, nonce: 13, bids: [("99", "0")], asks: [])) == .applied)
        #expect(book.bestBid == nil)
        #expect(book.mid == nil)
        #expect(book.spread == nil)
        #expect(!book.isCrossed)
    }

    @Test func unknownPriceInserts() {
        var book = syncedBook()
        let frame = update(begin: 10, nonce: 11,
                           bids: [("100.5", "1"), ("99.5", "4"), ("90", "9")],
                           asks: [("100.75", "2"), ("101.5", "6"), ("200", "1")])
        #expect(book.apply(frame) == .applied)
        #expect(book.bids == levels([("100.5", "1"), ("100", "1"), ("99.5", "4"), ("99", "2"), ("90", "9")]))
        #expect(book.asks == levels([("100.75", "2"), ("101", "1"), ("101.5", "6"), ("102", "3"), ("200", "1")]))
        #expect(book.bestBid == level("100.5", "1"))
        #expect(book.bestAsk == level("100.75", "2"))
        #expect(book.depth(.bid, levels: 2) == decimal("2"))
        #expect(book.depth(.ask, levels: 100) == decimal("13"))
        #expect(book.depth(.ask, levels: 0) == .zero)
    }

    @Test func crossedBookIsDetected() {
        var book = syncedBook()
        #expect(!book.isCrossed)
        // A bid equal to the best ask already counts as crossed.
        #expect(book.apply(update(begin: 10, nonce: 11, bids: [("101", "1")], asks: [])) == .applied)
        #expect(book.isCrossed)
        #expect(book.spread == .zero)
        #expect(book.apply(update(begin: 11, nonce: 12, bids: [("101.5", "1")], asks: [])) == .applied)
        #expect(book.isCrossed)
        #expect(book.spread == decimal("-0.5"))
        #expect(book.apply(update(begin: 12, nonce: 13, bids: [("101.5", "0"), ("101", "0")], asks: [])) == .applied)
        #expect(!book.isCrossed)
    }

    @Test func skippedUpdateIsAGapAndUnsyncsTheBook() {
        var book = syncedBook()
        #expect(book.apply(update(begin: 10, nonce: 12, bids: [("100", "2")], asks: [])) == .applied)
        // The frame 12 -> 15 is lost; 15 -> 17 arrives.
        #expect(book.apply(update(begin: 15, nonce: 17, bids: [("100", "3")], asks: [])) == .gap(expected: 12, received: 15))
        #expect(!book.isSynced)
        #expect(book.nonce == nil)
        #expect(book.bids.isEmpty && book.asks.isEmpty)
        #expect(book.bestBid == nil && book.bestAsk == nil)
        // Nothing applies until a new snapshot.
        #expect(book.apply(update(begin: 17, nonce: 18, bids: [("100", "4")], asks: [])) == .notSynced)
        #expect(book.bids.isEmpty)
        #expect(book.apply(snapshot(nonce: 20, bids: [("98", "1")], asks: [("99", "1")])) == .snapshot)
        #expect(book.apply(update(begin: 20, nonce: 21, bids: [("98", "2")], asks: [])) == .applied)
        #expect(book.bestBid == level("98", "2"))
    }

    @Test func staleUpdateIsIgnored() {
        var book = syncedBook()
        let first = update(begin: 10, nonce: 12, bids: [("100", "2")], asks: [])
        #expect(book.apply(first) == .applied)
        let before = (book.bids, book.asks)
        // A replay of an applied frame, and one from before the snapshot.
        #expect(book.apply(first) == .stale(nonce: 12))
        #expect(book.apply(update(begin: 3, nonce: 7, bids: [("100", "9")], asks: [("101", "0")])) == .stale(nonce: 7))
        #expect(book.bids == before.0 && book.asks == before.1)
        #expect(book.nonce == 12)
        #expect(book.isSynced)
    }

    @Test func updateBeforeSnapshotIsNotSynced() {
        var book = OrderBook(market: 0)
        #expect(!book.isSynced)
        #expect(book.apply(update(begin: 0, nonce: 5, bids: [("100", "1")], asks: [])) == .notSynced)
        #expect(book.apply(update(begin: nil, nonce: 6, bids: [("100", "1")], asks: [])) == .notSynced)
        #expect(book.bids.isEmpty && book.nonce == nil)
    }

    @Test func otherMarketIsRejected() {
        var book = OrderBook(market: 1)
        #expect(book.apply(snapshot(nonce: 10, bids: [("100", "1")], asks: [], market: 2)) == .wrongMarket(2))
        #expect(!book.isSynced)
        #expect(book.apply(snapshot(nonce: 10, bids: [("100", "1")], asks: [], market: 1)) == .snapshot)
        #expect(book.apply(update(begin: 10, nonce: 11, bids: [("100", "0")], asks: [], market: 0)) == .wrongMarket(0))
        #expect(book.bids == levels([("100", "1")]))
        #expect(book.nonce == 10)
    }

    /// Older server versions omit `begin_nonce`: such an update applies when it moves forward.
    @Test func missingBeginNonceAppliesWhenNewer() {
        var book = syncedBook()
        #expect(book.apply(update(begin: nil, nonce: 11, bids: [("100", "8")], asks: [])) == .applied)
        #expect(book.bestBid == level("100", "8"))
        #expect(book.apply(update(begin: nil, nonce: 11, bids: [("100", "9")], asks: [])) == .stale(nonce: 11))
        #expect(book.apply(update(begin: nil, nonce: 4, bids: [("100", "9")], asks: [])) == .stale(nonce: 4))
        #expect(book.bestBid == level("100", "8"))
        #expect(book.nonce == 11)
    }

    @Test func negativeSizeIsSkippedAndDuplicatesLastWins() {
        var book = syncedBook()
        let frame = update(begin: 10, nonce: 11,
                           bids: [("100", "-1"), ("99", "5"), ("99", "6"), ("98", "1"), ("98", "0")],
                           asks: [("101", "0"), ("101", "4"), ("103", "-0.5")])
        #expect(book.apply(frame) == .applied)
        #expect(book.bids == levels([("100", "1"), ("99", "6")]))
        #expect(book.asks == levels([("101", "4"), ("102", "3")]))
    }

    @Test func unorderedSnapshotIsSortedAndCleaned() {
        var book = OrderBook(market: 0)
        let frame = snapshot(nonce: 5,
                             bids: [("99", "1"), ("101", "2"), ("100", "0"), ("100", "3"), ("97", "-1"), ("99", "4")],
                             asks: [("105", "1"), ("103", "2"), ("104", "0")])
        #expect(book.apply(frame) == .snapshot)
        #expect(book.bids == levels([("101", "2"), ("100", "3"), ("99", "4")]))
        #expect(book.asks == levels([("103", "2"), ("105", "1")]))
        // A second snapshot replaces everything.
        #expect(book.apply(snapshot(nonce: 9, bids: [("50", "1")], asks: [])) == .snapshot)
        #expect(book.bids == levels([("50", "1")]))
        #expect(book.asks.isEmpty)
        #expect(book.nonce == 9)
    }

    @Test func resetForgetsEverything() {
        var book = syncedBook()
        book.reset()
        #expect(!book.isSynced && book.bids.isEmpty && book.asks.isEmpty && book.nonce == nil)
        #expect(book.apply(update(begin: 10, nonce: 11, bids: [], asks: [])) == .notSynced)
    }

    @Test func extremePricesDoNotTrap() {
        var book = OrderBook(market: 0)
        let top = FixedDecimal(units: .max)
        let bottom = FixedDecimal(units: -.max)
        let frame = OrderBookFrame(market: 0, isSnapshot: true, offset: 0, nonce: 1, beginNonce: nil,
                                   asks: [PriceLevel(price: top, size: top), PriceLevel(price: top - decimal("1"), size: top)],
                                   bids: [PriceLevel(price: bottom, size: top)])
        #expect(book.apply(frame) == .snapshot)
        #expect(book.spread == nil) // does not fit in Int64
        #expect(book.mid == decimal("-0.5"))
        #expect(book.depth(.ask, levels: 2) == top) // saturates
    }
}

// MARK: - Helpers

extension OrderBookTests {
    private func decimal(_ text: String) -> FixedDecimal {
        guard let value = FixedDecimal(text) else { preconditionFailure("bad test literal \(text)") }
        return value
    }

    private func level(_ priceText: String, _ sizeText: String) -> PriceLevel {
        PriceLevel(price: decimal(priceText), size: decimal(sizeText))
    }

    private func levels(_ pairs: [(String, String)]) -> [PriceLevel] {
        pairs.map { level($0.0, $0.1) }
    }

    private func snapshot(nonce: Int64, bids: [(String, String)], asks: [(String, String)], market: Int = 0) -> OrderBookFrame {
        OrderBookFrame(market: market, isSnapshot: true, offset: 1, nonce: nonce, beginNonce: 0,
                       asks: levels(asks), bids: levels(bids))
    }

    private func update(begin: Int64?, nonce: Int64, bids: [(String, String)], asks: [(String, String)],
                        market: Int = 0) -> OrderBookFrame {
        OrderBookFrame(market: market, isSnapshot: false, offset: nonce * 7, nonce: nonce, beginNonce: begin,
                       asks: levels(asks), bids: levels(bids))
    }

    /// Snapshot at nonce 10: bids 100×1, 99×2; asks 101×1, 102×3.
    private func syncedBook() -> OrderBook {
        var book = OrderBook(market: 0)
        _ = book.apply(snapshot(nonce: 10, bids: [("100", "1"), ("99", "2")], asks: [("101", "1"), ("102", "3")]))
        return book
    }
}

// MARK: - Property test against a reference model

@Suite struct OrderBookPropertyTests {
    static let streamCount = 10_000

    @Test func matchesReferenceModelOnRandomStreams() {
        var coverage = Coverage()
        var failures = 0
        for seed in 0..<UInt64(Self.streamCount) {
            if let failure = Self.runRandomStream(seed: seed, coverage: &coverage) {
                Issue.record("seed \(seed): \(failure) (replay with OrderBookPropertyTests.runRandomStream(seed: \(seed), coverage:))")
                failures += 1
                if failures >= 5 { break }
            }
        }
        // Guard against a generator that quietly stops exercising a path.
        #expect(coverage.snapshots > 0 && coverage.applied > 0 && coverage.gaps > 0)
        #expect(coverage.stale > 0 && coverage.notSynced > 0 && coverage.wrongMarket > 0)
        #expect(coverage.crossedStates > 0 && coverage.deletes > 0)
    }
}

extension OrderBookPropertyTests {
    struct Coverage {
        var snapshots = 0, applied = 0, gaps = 0, stale = 0, notSynced = 0, wrongMarket = 0
        var crossedStates = 0, deletes = 0

        mutating func count(_ result: BookApplyResult) {
            switch result {
            case .snapshot: snapshots += 1
            case .applied: applied += 1
            case .gap: gaps += 1
            case .stale: stale += 1
            case .notSynced: notSynced += 1
            case .wrongMarket: wrongMarket += 1
            }
        }
    }

    /// Runs one random stream through `OrderBook` and the reference model; returns a description
    /// of the first disagreement, or nil.
    static func runRandomStream(seed: UInt64, coverage: inout Coverage) -> String? {
        var random = SeededRandom(seed: seed)
        let market = 3
        var book = OrderBook(market: market)
        var model = ReferenceBook(market: market)
        var serverNonce = Int64(random.below(1_000))
        var deliveredUpdates: [OrderBookFrame] = []
        let frameCount = random.between(5...30)

        for index in 0..<frameCount {
            let frame: OrderBookFrame
            let roll = random.below(100)
            let wantsSnapshot = index == 0 ? roll < 90 : (!model.isSynced && roll < 50) || roll < 6
            if wantsSnapshot {
                serverNonce += Int64(random.between(1...3))
                frame = randomSnapshot(market: market, nonce: serverNonce, random: &random)
            } else if roll < 12, let replay = deliveredUpdates.isEmpty ? nil : deliveredUpdates[random.below(deliveredUpdates.count)] {
                frame = replay // a replayed frame: stale once the book has moved past it
            } else if roll < 18 {
                // A lost frame: the server moves on, the client sees the next one.
                serverNonce += Int64(random.between(1...5))
                let begin = serverNonce
                serverNonce += Int64(random.between(1...5))
                frame = randomUpdate(market: market, begin: begin, nonce: serverNonce, random: &random)
            } else if roll < 22 {
                frame = randomUpdate(market: market + 1, begin: serverNonce, nonce: serverNonce + 1, random: &random)
            } else if roll < 28 {
                // No begin_nonce: sometimes forward, sometimes behind.
                let nonce = random.chance(70) ? serverNonce + Int64(random.between(1...5)) : serverNonce - Int64(random.below(3))
                serverNonce = max(serverNonce, nonce)
                frame = randomUpdate(market: market, begin: nil, nonce: nonce, random: &random)
            } else {
                let begin = serverNonce
                serverNonce += Int64(random.between(1...5))
                frame = randomUpdate(market: market, begin: begin, nonce: serverNonce, random: &random)
            }
            if !frame.isSnapshot, frame.market == market { deliveredUpdates.append(frame) }

            let expected = model.apply(frame)
            let result = book.apply(frame)
            coverage.count(result)
            coverage.deletes += (frame.bids + frame.asks).filter(\.size.isZero).count
            if book.isCrossed { coverage.crossedStates += 1 }

            if let mismatch = compare(book, result: result, with: model, expected: expected) {
                return "frame \(index) of \(frameCount) (\(frame)): \(mismatch)"
            }
        }
        return nil
    }

    private static func compare(_ book: OrderBook, result: BookApplyResult, with model: ReferenceBook,
                         expected: BookApplyResult) -> String? {
        if result != expected { return "result \(result), model expects \(expected)" }
        if book.nonce != model.nonce { return "nonce \(String(describing: book.nonce)), model \(String(describing: model.nonce))" }
        if book.isSynced != model.isSynced { return "isSynced \(book.isSynced), model \(model.isSynced)" }
        let modelBids = model.sortedBids, modelAsks = model.sortedAsks
        if book.bids != modelBids { return "bids \(book.bids), model \(modelBids)" }
        if book.asks != modelAsks { return "asks \(book.asks), model \(modelAsks)" }
        if book.bestBid != model.bestBid { return "bestBid \(String(describing: book.bestBid)), model \(String(describing: model.bestBid))" }
        if book.bestAsk != model.bestAsk { return "bestAsk \(String(describing: book.bestAsk)), model \(String(describing: model.bestAsk))" }
        if book.isCrossed != model.isCrossed { return "isCrossed \(book.isCrossed), model \(model.isCrossed)" }
        if book.spread != model.spread { return "spread \(String(describing: book.spread)), model \(String(describing: model.spread))" }
        return nil
    }

    private static func randomSnapshot(market: Int, nonce: Int64, random: inout SeededRandom) -> OrderBookFrame {
        let bids: [PriceLevel], asks: [PriceLevel]
        if random.chance(70) {
            // The normal server shape: distinct prices, best first, positive sizes.
            bids = randomDistinctLevels(ticks: 0..<12, descending: true, random: &random)
            asks = randomDistinctLevels(ticks: 6..<18, descending: false, random: &random)
        } else {
            bids = randomLevels(ticks: 0..<12, random: &random)
            asks = randomLevels(ticks: 6..<18, random: &random)
        }
        return OrderBookFrame(market: market, isSnapshot: true, offset: Int64(random.below(1 << 20)), nonce: nonce,
                              beginNonce: random.chance(50) ? 0 : nil, asks: asks, bids: bids)
    }

    private static func randomUpdate(market: Int, begin: Int64?, nonce: Int64, random: inout SeededRandom) -> OrderBookFrame {
        OrderBookFrame(market: market, isSnapshot: false, offset: Int64(random.below(1 << 20)), nonce: nonce,
                       beginNonce: begin, asks: randomLevels(ticks: 6..<18, random: &random),
                       bids: randomLevels(ticks: 0..<12, random: &random))
    }

    /// 0-8 levels on a small overlapping price grid, so prices repeat, levels get deleted and
    /// re-inserted, and the sides sometimes cross.
    private static func randomLevels(ticks: Range<Int>, random: inout SeededRandom) -> [PriceLevel] {
        (0..<random.between(0...8)).map { _ in
            let tick = ticks.lowerBound + random.below(ticks.count)
            let size: Int64
            switch random.below(100) {
            case ..<25: size = 0
            case ..<30: size = -Int64(random.between(1...500)) * 100_000
            default: size = Int64(random.between(1...500)) * 100_000
            }
            return PriceLevel(price: gridPrice(tick), size: FixedDecimal(units: size))
        }
    }

    private static func randomDistinctLevels(ticks: Range<Int>, descending: Bool, random: inout SeededRandom) -> [PriceLevel] {
        var chosen = ticks.filter { _ in random.chance(40) }
        if descending { chosen.reverse() }
        return chosen.map { PriceLevel(price: gridPrice($0), size: FixedDecimal(units: Int64(random.between(1...500)) * 100_000)) }
    }

    /// 2979.64 + tick × 0.01.
    private static func gridPrice(_ tick: Int) -> FixedDecimal {
        FixedDecimal(units: 297_964_000_000 + Int64(tick) * 1_000_000)
    }

    /// The obviously-correct book: a dictionary per side, best found by scanning.
    struct ReferenceBook {
        let market: Int
        var bids: [FixedDecimal: FixedDecimal] = [:]
        var asks: [FixedDecimal: FixedDecimal] = [:]
        var nonce: Int64?

        var isSynced: Bool { nonce != nil }

        mutating func apply(_ frame: OrderBookFrame) -> BookApplyResult {
            if frame.market != market { return .wrongMarket(frame.market) }
            if frame.isSnapshot {
                bids = [:]
                asks = [:]
                setLevels(frame)
                nonce = frame.nonce
                return .snapshot
            }
            guard let current = nonce else { return .notSynced }
            let continues = frame.beginNonce.map { $0 == current } ?? (frame.nonce > current)
            if !continues {
                if frame.nonce <= current { return .stale(nonce: frame.nonce) }
                bids = [:]
                asks = [:]
                nonce = nil
                return .gap(expected: current, received: frame.beginNonce)
            }
            setLevels(frame)
            nonce = frame.nonce
            return .applied
        }

        private mutating func setLevels(_ frame: OrderBookFrame) {
            for level in frame.bids { Self.set(level, in: &bids) }
            for level in frame.asks { Self.set(level, in: &asks) }
        }

        private static func set(_ level: PriceLevel, in side: inout [FixedDecimal: FixedDecimal]) {
            if level.size < .zero { return }
            side[level.price] = level.size == .zero ? nil : level.size
        }

        var sortedBids: [PriceLevel] { bids.map { PriceLevel(price: $0.key, size: $0.value) }.sorted { $0.price > $1.price } }
        var sortedAsks: [PriceLevel] { asks.map { PriceLevel(price: $0.key, size: $0.value) }.sorted { $0.price < $1.price } }

        var bestBid: PriceLevel? {
            var best: PriceLevel?
            for (price, size) in bids where best.map({ price > $0.price }) ?? true { best = PriceLevel(price: price, size: size) }
            return best
        }

        var bestAsk: PriceLevel? {
            var best: PriceLevel?
            for (price, size) in asks where best.map({ price < $0.price }) ?? true { best = PriceLevel(price: price, size: size) }
            return best
        }

        var isCrossed: Bool {
            guard let bid = bestBid, let ask = bestAsk else { return false }
            return bid.price >= ask.price
        }

        var spread: FixedDecimal? {
            guard let bid = bestBid, let ask = bestAsk else { return nil }
            return ask.price - bid.price
        }
    }

    /// SeededRandom: tiny, deterministic, and independent of the platform's randomness, so a
    /// failing seed replays exactly.


}

extension SeededRandom {
    /// 0..<bound (bound > 0), by multiply-high; the tiny bias is irrelevant here.
    mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func between(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}
