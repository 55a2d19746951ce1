import Foundation
import LighterProtocol

/// Decode + apply throughput of order-book frames: our byte decoder against Foundation's
/// JSONDecoder (the baseline), both measured in the same run on the same frames.
public enum BookBenchmark {
    /// Both decoders' throughput on the same frames, best run of each.
    public struct Report: Sendable {
        /// Update frames per hand run.
        public var frames: Int
        /// The mean size of an update frame (over the first 10,000).
        public var bytesPerFrame: Double
        /// Frames decoded and applied per second by our byte decoder.
        public var handFramesPerSecond: Double
        /// The same through JSONDecoder and Codable structs, on a prefix of the frames.
        public var baselineFramesPerSecond: Double
        /// The book's best bid after the hand runs: nil would mean the frames built no book.
        public var finalBestBid: FixedDecimal?
        /// The book's best ask after the hand runs.
        public var finalBestAsk: FixedDecimal?

        /// The report as the CLI prints it, with the ratio to the baseline.
        public var summary: String {
            let ratio = baselineFramesPerSecond > 0 ? handFramesPerSecond / baselineFramesPerSecond : 0
            func rate(_ value: Double) -> String { String(format: "%.0f", value) }
            func mb(_ value: Double) -> String { String(format: "%.1f", value * bytesPerFrame / 1_000_000) }
            return """
            frames: \(frames), \(String(format: "%.0f", bytesPerFrame)) bytes each
            hand decoder + apply:  \(rate(handFramesPerSecond)) frames/s (\(mb(handFramesPerSecond)) MB/s)
            JSONDecoder + apply:   \(rate(baselineFramesPerSecond)) frames/s (\(mb(baselineFramesPerSecond)) MB/s)  [baseline]
            ratio: \(String(format: "%.1f", ratio))x the baseline
            final book: bid \(finalBestBid.map(String.init(describing:)) ?? "-") / ask \(finalBestAsk.map(String.init(describing:)) ?? "-")
            """
        }
    }

    /// A snapshot of `depth` levels a side and `count` chained updates of `levels` changed levels
    /// each (or a random number within `changing`), as the simulator writes them.
    public static func makeFrames(count: Int, levels: Int, seed: UInt64 = 7, depth: Int = 20,
                                  changing: ClosedRange<Int>? = nil) -> (snapshot: String, updates: [String]) {
        var random = seed
        func next() -> UInt64 {
            random &+= 0x9E37_79B9_7F4A_7C15
            var z = random
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let encoder = FrameEncoder(decimals: [0: MarketDecimals(size: 4, price: 2)])
        let mid: Int64 = 300_000 // 3000.00 in cents
        func level(_ cents: Int64, _ size: Int64) -> PriceLevel {
            PriceLevel(price: FixedDecimal(scaledInteger: cents, decimals: 2) ?? .zero,
                       size: FixedDecimal(scaledInteger: size, decimals: 4) ?? .zero)
        }
        let asks = (1...depth).map { level(mid + Int64($0), 10_000 + Int64(next() % 50_000)) }
        let bids = (1...depth).map { level(mid - Int64($0), 10_000 + Int64(next() % 50_000)) }
        var nonce: Int64 = 1_000
        var offset: Int64 = 500
        let snapshot = encoder.encode(.orderBook(OrderBookFrame(
            market: 0, isSnapshot: true, offset: offset, nonce: nonce, beginNonce: 0, asks: asks, bids: bids,
            timestamp: 1_774_884_082_326, lastUpdatedAt: 1_774_884_082_309_144)))
        var updates: [String] = []
        updates.reserveCapacity(count)
        for _ in 0..<count {
            var changedAsks: [PriceLevel] = []
            var changedBids: [PriceLevel] = []
            let changed = changing.map { $0.lowerBound + Int(next() % UInt64($0.count)) } ?? levels
            for k in 0..<changed {
                let depth = Int64(1 + next() % UInt64(depth))
                // One in eight changes deletes the level; it comes back on a later change.
                let size: Int64 = next() % 8 == 0 ? 0 : 1 + Int64(next() % 60_000)
                // A fixed count alternates sides; a random one picks each change's side at random.
                let ask = changing == nil ? k % 2 == 0 : next() % 2 == 0
                if ask { changedAsks.append(level(mid + depth, size)) } else { changedBids.append(level(mid - depth, size)) }
            }
            let begin = nonce
            nonce += 1 + Int64(next() % 4)
            offset += 1 + Int64(next() % 3)
            updates.append(encoder.encode(.orderBook(OrderBookFrame(
                market: 0, isSnapshot: false, offset: offset, nonce: nonce, beginNonce: begin,
                asks: changedAsks, bids: changedBids, timestamp: 1_774_884_082_326,
                lastUpdatedAt: 1_774_884_082_309_144))))
        }
        return (snapshot, updates)
    }

    /// Times the hand decoder over all `count` frames `runs` times and the baseline over the first
    /// `baselineFrames`, and reports the best run of each.
    public static func run(frames count: Int, levels: Int, baselineFrames: Int, runs: Int,
                           progress: (String) -> Void) -> Report {
        progress("generating \(count) frames with \(levels) levels each ...")
        let (snapshot, updates) = makeFrames(count: count, levels: levels)
        let bytes = updates.prefix(10_000).reduce(0) { $0 + $1.utf8.count }
        let bytesPerFrame = Double(bytes) / Double(min(10_000, updates.count))
        let clock = ContinuousClock()

        var bestHand = Duration.seconds(1_000_000)
        var book = OrderBook(market: 0)
        for run in 1...runs {
            book.reset()
            let elapsed = clock.measure {
                applyHand(snapshot, to: &book)
                for frame in updates { applyHand(frame, to: &book) }
            }
            bestHand = min(bestHand, elapsed)
            progress("hand run \(run): \(elapsed)")
        }
        let finalBid = book.bestBid?.price
        let finalAsk = book.bestAsk?.price

        var bestBaseline = Duration.seconds(1_000_000)
        let sample = Array(updates.prefix(baselineFrames))
        for run in 1...max(1, runs - 1) {
            var baselineBook = OrderBook(market: 0)
            let elapsed = clock.measure {
                applyBaseline(snapshot, to: &baselineBook)
                for frame in sample { applyBaseline(frame, to: &baselineBook) }
            }
            bestBaseline = min(bestBaseline, elapsed)
            progress("baseline run \(run): \(elapsed)")
        }
        return Report(frames: count, bytesPerFrame: bytesPerFrame,
                      handFramesPerSecond: Double(count + 1) / bestHand.seconds,
                      baselineFramesPerSecond: Double(sample.count + 1) / bestBaseline.seconds,
                      finalBestBid: finalBid, finalBestAsk: finalAsk)
    }

    @inline(__always)
    static func applyHand(_ text: String, to book: inout OrderBook) {
        guard case .orderBook(let frame) = try? FrameDecoder.decode(text) else { return }
        _ = book.apply(frame)
    }

    // The baseline's Codable mirror of the frame.
    struct CodableFrame: Decodable {
        struct Level: Decodable { let price: String; let size: String }
        struct Book: Decodable {
            let asks: [Level]; let bids: [Level]; let nonce: Int64; let begin_nonce: Int64?; let offset: Int64
        }
        let type: String
        let channel: String
        let order_book: Book
        let timestamp: Int64?
    }

    static func applyBaseline(_ text: String, to book: inout OrderBook) {
        guard let decoded = try? JSONDecoder().decode(CodableFrame.self, from: Data(text.utf8)) else { return }
        func levels(_ raw: [CodableFrame.Level]) -> [PriceLevel] {
            raw.compactMap { level in
                guard let price = FixedDecimal(level.price), let size = FixedDecimal(level.size) else { return nil }
                return PriceLevel(price: price, size: size)
            }
        }
        let frame = OrderBookFrame(market: 0, isSnapshot: decoded.type.hasPrefix("subscribed/"),
                                   offset: decoded.order_book.offset, nonce: decoded.order_book.nonce,
                                   beginNonce: decoded.order_book.begin_nonce, asks: levels(decoded.order_book.asks),
                                   bids: levels(decoded.order_book.bids), timestamp: decoded.timestamp)
        _ = book.apply(frame)
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
