import Testing
@testable import LighterProtocol

/// Frames of many levels: hostile sizes must apply in O(n log n), and the sort-and-merge path
/// must give exactly what level-by-level application gives.
@Suite struct OrderBookBatchTests {
    static let hostileLevels = 1_000_000
    /// Only a guard against the quadratic case (many minutes); a debug build applies a shuffled
    /// million-level frame in under 10 s, a release build in well under one.
    static let hostileBound = Duration.seconds(60)

    enum Arrangement: CaseIterable { case ascending, descending, shuffled }

    /// `count` distinct prices 1.00, 1.01, … in the given arrangement, sizes 1 + i % 7.
    static func levels(count: Int, startCents: Int64, arrangement: Arrangement, seed: UInt64) -> [PriceLevel] {
        var result = (0..<count).map { i in
            PriceLevel(price: FixedDecimal(units: (startCents + Int64(i)) * 1_000_000),
                       size: FixedDecimal(units: Int64(1 + i % 7) * 100_000_000))
        }
        switch arrangement {
        case .ascending: break
        case .descending: result.reverse()
        case .shuffled:
            var random = SeededRandom(seed: seed)
            result.shuffle(using: &random)
        }
        return result
    }

    @Test(arguments: Arrangement.allCases)
    func millionLevelSnapshotAppliesQuickly(_ arrangement: Arrangement) {
        let n = Self.hostileLevels
        // Bids 1.00 … 10000.99, asks from 20000.00 up: the sides do not cross.
        let bids = Self.levels(count: n, startCents: 100, arrangement: arrangement, seed: 1)
        let asks = Self.levels(count: n, startCents: 2_000_000, arrangement: arrangement, seed: 2)
        let frame = OrderBookFrame(market: 0, isSnapshot: true, offset: 1, nonce: 1, beginNonce: 0, asks: asks, bids: bids)
        var book = OrderBook(market: 0)
        let elapsed = ContinuousClock().measure { #expect(book.apply(frame) == .snapshot) }
        #expect(elapsed < Self.hostileBound, "\(arrangement): \(elapsed)")
        #expect(book.bids.count == n && book.asks.count == n)
        #expect(book.bestBid?.price == FixedDecimal(units: Int64(100 + n - 1) * 1_000_000))
        #expect(book.bestAsk?.price == FixedDecimal(units: 2_000_000 * 1_000_000))
        #expect(book.bids.last?.price == FixedDecimal(units: 100 * 1_000_000))
        #expect(Self.isBestFirst(book.bids, descending: true) && Self.isBestFirst(book.asks, descending: false))
        #expect(!book.isCrossed)
    }

    @Test(arguments: Arrangement.allCases)
    func millionLevelUpdateAppliesQuickly(_ arrangement: Arrangement) {
        let n = Self.hostileLevels
        var book = OrderBook(market: 0)
        let start = OrderBookFrame(market: 0, isSnapshot: true, offset: 1, nonce: 1, beginNonce: 0,
                                   asks: [PriceLevel(price: 30_000, size: 1)], bids: [PriceLevel(price: 1, size: 1)])
        #expect(book.apply(start) == .snapshot)
        // Every level new on the bid side, inserted between the existing best and worst.
        let update = OrderBookFrame(market: 0, isSnapshot: false, offset: 2, nonce: 2, beginNonce: 1, asks: [],
                                    bids: Self.levels(count: n, startCents: 101, arrangement: arrangement, seed: 3))
        let elapsed = ContinuousClock().measure { #expect(book.apply(update) == .applied) }
        #expect(elapsed < Self.hostileBound, "\(arrangement): \(elapsed)")
        #expect(book.bids.count == n + 1)
        #expect(book.bestBid?.price == FixedDecimal(units: Int64(101 + n - 1) * 1_000_000))
        #expect(book.bids.last == PriceLevel(price: 1, size: 1))
        #expect(Self.isBestFirst(book.bids, descending: true))
    }

    /// Random sides and random frames of 0-60 levels (repeats, zeros, negatives, deletes of
    /// unknown prices): sort-and-merge, level-by-level and a dictionary model agree.
    @Test func batchAndLevelByLevelAgreeWithTheModel() {
        var merged = 0
        for seed in 0..<UInt64(3_000) {
            var random = SeededRandom(seed: seed)
            let descending = random.chance(50)
            var model: [FixedDecimal: FixedDecimal] = [:]
            var start: [PriceLevel] = []
            for tick in 0..<40 where random.chance(40) {
                let level = PriceLevel(price: Self.grid(tick), size: FixedDecimal(units: Int64(random.between(1...9)) * 100_000))
                start.append(level)
                model[level.price] = level.size
            }
            if descending { start.reverse() }
            var batch = start
            var single = start
            for _ in 0..<random.between(1...4) {
                let frame = Self.randomLevels(random: &random)
                OrderBook.applyLevels(frame, to: &batch, descending: descending, batchAbove: 0)
                OrderBook.applyLevels(frame, to: &single, descending: descending, batchAbove: .max)
                for level in frame where !level.size.isNegative { model[level.price] = level.size.isZero ? nil : level.size }
                merged += 1
                let expected = model.map { PriceLevel(price: $0.key, size: $0.value) }
                    .sorted { descending ? $0.price > $1.price : $0.price < $1.price }
                if batch != expected || single != expected {
                    Issue.record("seed \(seed), descending \(descending), frame \(frame): batch \(batch), single \(single), model \(expected)")
                    return
                }
            }
        }
        #expect(merged > 3_000)
    }

    /// Snapshots of any arrangement come out as the model says, through the public `apply`.
    @Test func unorderedSnapshotsMatchTheModel() {
        for seed in 0..<UInt64(1_000) {
            var random = SeededRandom(seed: seed)
            let bids = Self.randomLevels(random: &random)
            let asks = Self.randomLevels(random: &random)
            var book = OrderBook(market: 0)
            _ = book.apply(OrderBookFrame(market: 0, isSnapshot: true, offset: 1, nonce: 1, beginNonce: 0, asks: asks, bids: bids))
            #expect(book.bids == Self.model(bids, descending: true), "seed \(seed)")
            #expect(book.asks == Self.model(asks, descending: false), "seed \(seed)")
        }
    }

    // MARK: - Helpers

    /// 0-60 levels on a 40-tick grid: repeats, 20% deletes, 5% negative sizes, any order.
    static func randomLevels(random: inout SeededRandom) -> [PriceLevel] {
        (0..<random.between(0...60)).map { _ in
            let size: Int64
            switch random.below(100) {
            case ..<20: size = 0
            case ..<25: size = -Int64(random.between(1...9)) * 100_000
            default: size = Int64(random.between(1...9)) * 100_000
            }
            return PriceLevel(price: grid(random.below(40)), size: FixedDecimal(units: size))
        }
    }

    /// The level-by-level rules on an empty side, by dictionary.
    static func model(_ levels: [PriceLevel], descending: Bool) -> [PriceLevel] {
        var side: [FixedDecimal: FixedDecimal] = [:]
        for level in levels where !level.size.isNegative { side[level.price] = level.size.isZero ? nil : level.size }
        return side.map { PriceLevel(price: $0.key, size: $0.value) }.sorted { descending ? $0.price > $1.price : $0.price < $1.price }
    }

    static func grid(_ tick: Int) -> FixedDecimal { FixedDecimal(units: 300_000_000_000 + Int64(tick) * 1_000_000) }

    static func isBestFirst(_ side: [PriceLevel], descending: Bool) -> Bool {
        zip(side, side.dropFirst()).allSatisfy { descending ? $0.price > $1.price : $0.price < $1.price }
    }
}
