import BackpackProtocol
import Foundation
import LighterProtocol

/// Decode + apply throughput of Backpack `depth.<symbol>` frames: the byte decoder and
/// `BackpackOrderBook` against Foundation's JSONDecoder into Codable structs plus the same
/// apply, both in the same run on the same frames.
public enum BackpackDepthBenchmark {
    static let symbol = "ETH_USDC_PERP"

    /// A REST snapshot and `count` chained realtime updates (`U == u == previous u + 1`),
    /// `levels` changed levels each, written as the venue writes them.
    public static func makeFrames(count: Int, levels: Int, seed: UInt64 = 7) -> (snapshot: BackpackDepthSnapshot, updates: [String]) {
        var random = SeededRandom(seed: seed)
        let encoder = BackpackFrameEncoder(padding: [symbol: BackpackPadding(price: 2, quantity: 4)])
        let mid: Int64 = 300_000  // 3000.00 in cents
        func level(_ cents: Int64, _ lots: Int64) -> PriceLevel {
            PriceLevel(price: FixedDecimal(scaledInteger: cents, decimals: 2) ?? .zero,
                       size: FixedDecimal(scaledInteger: lots, decimals: 4) ?? .zero)
        }
        let asks = (1...20).map { level(mid + Int64($0), random.int(in: 10_000...60_000)) }
        let bids = (1...20).reversed().map { level(mid - Int64($0), random.int(in: 10_000...60_000)) }
        var id: Int64 = 7_501_116_400
        let snapshot = BackpackDepthSnapshot(asks: asks, bids: bids, lastUpdateID: id, timestamp: 1_767_225_600_412_345)
        var updates: [String] = []
        updates.reserveCapacity(count)
        var time: Int64 = 1_767_225_600_500_000
        for _ in 0..<count {
            var changedAsks: [PriceLevel] = []
            var changedBids: [PriceLevel] = []
            for k in 0..<levels {
                let depth = random.int(in: 1...20)
                // One change in eight deletes its level; a later change brings it back.
                let lots = random.chance(permille: 125) ? 0 : random.int(in: 1...60_000)
                if k % 2 == 0 { changedAsks.append(level(mid + depth, lots)) } else { changedBids.append(level(mid - depth, lots)) }
            }
            id += 1
            time += Int64(random.int(in: 50...400))
            updates.append(encoder.encode(.depth(BackpackDepthUpdate(
                symbol: symbol, firstUpdateID: id, lastUpdateID: id, asks: changedAsks, bids: changedBids,
                eventTime: time + 230, engineTime: time))))
        }
        return (snapshot, updates)
    }

    /// Times both paths and reports the best of `runs`.
    public static func run(frames count: Int, levels: Int, baselineFrames: Int, runs: Int,
                           progress: (String) -> Void) -> BookBenchmark.Report {
        progress("generating \(count) Backpack depth frames with \(levels) levels each ...")
        let (snapshot, updates) = makeFrames(count: count, levels: levels)
        let sampleSize = min(10_000, updates.count)
        let bytesPerFrame = Double(updates.prefix(sampleSize).reduce(0) { $0 + $1.utf8.count }) / Double(sampleSize)
        let clock = ContinuousClock()

        var book = BackpackOrderBook(symbol: symbol)
        var bestHand = Duration.seconds(1_000_000)
        for run in 1...runs {
            var gaps = 0
            let elapsed = clock.measure {
                book.apply(snapshot)
                for text in updates where !applyHand(text, to: &book) { gaps += 1 }
            }
            bestHand = min(bestHand, elapsed)
            progress("hand run \(run): \(elapsed)\(gaps > 0 ? ", \(gaps) frames not applied" : "")")
        }

        let sample = Array(updates.prefix(baselineFrames))
        var bestBaseline = Duration.seconds(1_000_000)
        for run in 1...max(1, runs - 1) {
            var baselineBook = BackpackOrderBook(symbol: symbol)
            let elapsed = clock.measure {
                baselineBook.apply(snapshot)
                for text in sample { applyBaseline(text, to: &baselineBook) }
            }
            bestBaseline = min(bestBaseline, elapsed)
            progress("baseline run \(run): \(elapsed)")
        }
        return BookBenchmark.Report(frames: count, bytesPerFrame: bytesPerFrame,
                                    handFramesPerSecond: Double(count) / bestHand.seconds,
                                    baselineFramesPerSecond: Double(sample.count) / bestBaseline.seconds,
                                    finalBestBid: book.bestBid?.price, finalBestAsk: book.bestAsk?.price)
    }

    @inline(__always)
    static func applyHand(_ text: String, to book: inout BackpackOrderBook) -> Bool {
        guard case .depth(let update) = try? BackpackFrameDecoder.decode(text) else { return false }
        return book.apply(update) == .applied
    }

    /// The baseline's Codable mirror of a depth frame.
    struct CodableFrame: Decodable {
        struct Payload: Decodable {
            let e: String
            let s: String
            let U: Int64
            let u: Int64
            let E: Int64
            let T: Int64
            let a: [[String]]
            let b: [[String]]
        }
        let data: Payload
        let stream: String
    }

    static func applyBaseline(_ text: String, to book: inout BackpackOrderBook) {
        guard let frame = try? JSONDecoder().decode(CodableFrame.self, from: Data(text.utf8)), frame.data.e == "depth" else { return }
        func levels(_ pairs: [[String]]) -> [PriceLevel] {
            pairs.compactMap { pair in
                guard pair.count >= 2, let price = FixedDecimal(pair[0]), let size = FixedDecimal(pair[1]) else { return nil }
                return PriceLevel(price: price, size: size)
            }
        }
        let payload = frame.data
        _ = book.apply(BackpackDepthUpdate(symbol: payload.s, firstUpdateID: payload.U, lastUpdateID: payload.u,
                                           asks: levels(payload.a), bids: levels(payload.b), eventTime: payload.E,
                                           engineTime: payload.T))
    }
}
