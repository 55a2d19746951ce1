import LighterTestSupport
import Testing
@testable import LighterProtocol

/// Frames of many levels: hostile sizes must apply in O(n log n), and the sort-and-merge path
/// must give exactly what level-by-level application gives. The heavy work runs off the
/// cooperative pool and one case at a time, so the network tests beside it keep their timing.
@Suite(.serialized) struct OrderBookBatchTests {
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
            // A scrambled order without a random draw per level: i ↦ i × p mod count, with p a
            // prime that does not divide count, is a permutation, and cheap in a debug build.
            let step = [1_000_003, 999_983, 1_000_033][Int(seed % 3)]
            var scrambled = result
            for i in 0..<count where count > 0 { scrambled[i] = result[(i * step) % count] }
            result = scrambled
        }
        return result
    }

    /// What a test saw of a book, gathered off the cooperative pool.
    struct Outcome: Sendable {
        var result: BookApplyResult
        var elapsed: Duration
        var bids: Int
        var asks: Int
        var bestBid: PriceLevel?
        var bestAsk: PriceLevel?
        var worstBid: PriceLevel?
        var ordered: Bool
        var crossed: Bool
    }

    /// Applies `frame` to `book` on a thread of its own, timing only the apply.
    static func outcome(applying frame: OrderBookFrame, to book: OrderBook) async -> Outcome {
        await offCooperativePool {
            var book = book
            var result = BookApplyResult.notSynced
            let elapsed = ContinuousClock().measure { result = book.apply(frame) }
            return Outcome(result: result, elapsed: elapsed, bids: book.bids.count, asks: book.asks.count,
                           bestBid: book.bestBid, bestAsk: book.bestAsk, worstBid: book.bids.last,
                           ordered: isBestFirst(book.bids, descending: true) && isBestFirst(book.asks, descending: false),
                           crossed: book.isCrossed)
        }
    }

    @Test(arguments: Arrangement.allCases)
    func millionLevelSnapshotAppliesQuickly(_ arrangement: Arrangement) async {
        let n = Self.hostileLevels
        let frame = await offCooperativePool {
            // Bids 1.00 … 10000.99, asks from 20000.00 up: the sides do not cross.
            OrderBookFrame(market: 0, isSnapshot: true, offset: 1, nonce: 1, beginNonce: 0,
                           asks: Self.levels(count: n, startCents: 2_000_000, arrangement: arrangement, seed: 2),
                           bids: Self.levels(count: n, startCents: 100, arrangement: arrangement, seed: 1))
        }
        let seen = await Self.outcome(applying: frame, to: OrderBook(market: 0))
        #expect(seen.result == .snapshot)
        #expect(seen.elapsed < Self.hostileBound, "\(arrangement): \(seen.elapsed)")
        #expect(seen.bids == n && seen.asks == n)
        #expect(seen.bestBid?.price == FixedDecimal(units: Int64(100 + n - 1) * 1_000_000))
        #expect(seen.bestAsk?.price == FixedDecimal(units: 2_000_000 * 1_000_000))
        #expect(seen.worstBid?.price == FixedDecimal(units: 100 * 1_000_000))
        #expect(seen.ordered && !seen.crossed)
    }

    @Test(arguments: Arrangement.allCases)
    func millionLevelUpdateAppliesQuickly(_ arrangement: Arrangement) async {
        let n = Self.hostileLevels
        var book = OrderBook(market: 0)
        let start = OrderBookFrame(market: 0, isSnapshot: true, offset: 1, nonce: 1, beginNonce: 0,
                                   asks: [PriceLevel(price: 30_000, size: 1)], bids: [PriceLevel(price: 1, size: 1)])
        #expect(book.apply(start) == .snapshot)
        // Every level new on the bid side, inserted between the existing best and worst.
        let update = await offCooperativePool {
            OrderBookFrame(market: 0, isSnapshot: false, offset: 2, nonce: 2, beginNonce: 1, asks: [],
                           bids: Self.levels(count: n, startCents: 101, arrangement: arrangement, seed: 3))
        }
        let seen = await Self.outcome(applying: update, to: book)
        #expect(seen.result == .applied)
        #expect(seen.elapsed < Self.hostileBound, "\(arrangement): \(seen.elapsed)")
        #expect(seen.bids == n + 1)
        #expect(seen.bestBid?.price == FixedDecimal(units: Int64(101 + n - 1) * 1_000_000))
        #expect(seen.worstBid == PriceLevel(price: 1, size: 1))
        #expect(seen.ordered)
    }

    /// Random sides and random frames of 0-60 levels (repeats, zeros, negatives, deletes of
    /// unknown prices): sort-and-merge, level-by-level and a dictionary model agree.
    @Test func batchAndLevelByLevelAgreeWithTheModel() async {
        let (failure, frames) = await offCooperativePool { Self.compareBatchWithLevelByLevel(seeds: 3_000) }
        #expect(failure == nil)
        #expect(frames > 3_000)
    }

    /// The first disagreement over `seeds` random streams, and how many frames were compared.
    static func compareBatchWithLevelByLevel(seeds: UInt64) -> (failure: String?, frames: Int) {
        var frames = 0
        for seed in 0..<seeds {
            var random = SeededRandom(seed: seed)
            let descending = random.chance(50)
            var model: [FixedDecimal: FixedDecimal] = [:]
            var start: [PriceLevel] = []
            for tick in 0..<40 where random.chance(40) {
                let level = PriceLevel(price: grid(tick), size: FixedDecimal(units: Int64(random.between(1...9)) * 100_000))
                start.append(level)
                model[level.price] = level.size
            }
            if descending { start.reverse() }
            var batch = start
            var single = start
            for _ in 0..<random.between(1...4) {
                let frame = randomLevels(random: &random)
                OrderBook.applyLevels(frame, to: &batch, descending: descending, batchAbove: 0)
                OrderBook.applyLevels(frame, to: &single, descending: descending, batchAbove: .max)
                for level in frame where !level.size.isNegative { model[level.price] = level.size.isZero ? nil : level.size }
                frames += 1
                let expected = model.map { PriceLevel(price: $0.key, size: $0.value) }
                    .sorted { descending ? $0.price > $1.price : $0.price < $1.price }
                if batch != expected || single != expected {
                    return ("seed \(seed), descending \(descending), frame \(frame): batch \(batch), single \(single), model \(expected)", frames)
                }
            }
        }
        return (nil, frames)
    }

    /// Snapshots of any arrangement come out as the model says, through the public `apply`.
    @Test func unorderedSnapshotsMatchTheModel() async {
        let failure: String? = await offCooperativePool {
            for seed in 0..<UInt64(1_000) {
                var random = SeededRandom(seed: seed)
                let bids = Self.randomLevels(random: &random)
                let asks = Self.randomLevels(random: &random)
                var book = OrderBook(market: 0)
                _ = book.apply(OrderBookFrame(market: 0, isSnapshot: true, offset: 1, nonce: 1, beginNonce: 0, asks: asks, bids: bids))
                if book.bids != Self.model(bids, descending: true) || book.asks != Self.model(asks, descending: false) {
                    return "seed \(seed): bids \(book.bids), asks \(book.asks)"
                }
            }
            return nil
        }
        #expect(failure == nil)
    }

    /// Prices over the whole Int64 range (negative, extreme, sharing only some digits) with
    /// repeats: the radix order, forced on small frames, agrees with the comparison sort and
    /// with the model.
    @Test func wideRangePricesSortLikeAComparisonSort() {
        let edges: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max, 1 << 16, (1 << 16) - 1, 1 << 32, -(1 << 48)]
        for seed in 0..<UInt64(500) {
            var random = SeededRandom(seed: seed)
            let levels = (0..<random.between(0...80)).map { _ in
                let price = random.chance(30) ? edges[random.below(edges.count)] : Int64(bitPattern: random.next())
                let size = Int64(random.between(-2...9)) * 100_000
                return PriceLevel(price: FixedDecimal(units: price), size: FixedDecimal(units: size))
            }
            for descending in [true, false] {
                let radix = OrderBook.stableBestFirstOrder(levels, descending: descending, radixFrom: 0)
                let comparison = OrderBook.stableBestFirstOrder(levels, descending: descending, radixFrom: .max)
                #expect(radix == comparison, "seed \(seed), descending \(descending)")
                #expect(Self.model(radix.map { levels[$0] }, descending: descending) == Self.model(levels, descending: descending))
                let normalized = OrderBook.normalized(levels, descending: descending).filter { !$0.size.isZero }
                #expect(normalized == Self.model(levels, descending: descending), "seed \(seed), descending \(descending)")
            }
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
