import BackpackProtocol
import LighterProtocol

/// One market's synthetic liquidity and the book as last published.
///
/// The synthetic side is a ladder of `levels` price levels each way, one `spacing` of ticks
/// apart, starting at a best bid that random-walks; each level keeps its size while its price
/// stays on the ladder. What is published is that ladder plus the client orders resting in the
/// market, and each update carries only the levels whose size changed, under update ids
/// that chain (`U` = previous `u` + 1).
/// A class: the engine edits it in place from several helpers.
final class SyntheticDepth {
    let sim: BackpackSimMarket
    let levels: Int
    /// Ticks between ladder levels: about half a basis point of the start price.
    let spacing: Int64
    var random: SeededRandom
    /// The ladder's best bid, in ticks.
    var ladderBid: Int64
    /// Ladder spacings between best bid and best ask (1 or 2).
    var gapSteps: Int64 = 1
    /// Synthetic lots by price in ticks.
    var asks: [Int64: Int64] = [:]
    var bids: [Int64: Int64] = [:]
    /// The displayed book as last published.
    var shownAsks: [Int64: Int64] = [:]
    var shownBids: [Int64: Int64] = [:]
    var lastUpdateID: Int64
    var lastEventUs: Int64 = 0
    let smallestLevel: Int64
    let largestLevel: Int64

    init(sim: BackpackSimMarket, levels: Int, seed: UInt64, stream: UInt64) {
        self.sim = sim
        self.levels = max(2, levels)
        var random = SeededRandom(seed: seed, stream: stream)
        spacing = max(1, sim.startTicks / 20_000)
        ladderBid = max(spacing, sim.startTicks / spacing * spacing)
        lastUpdateID = random.int(in: 7_000_000_000...7_900_000_000)
        // Levels worth roughly 1k to 40k USDC, never below the market minimum.
        let unitLots = FixedDecimal.unitScale / max(1, sim.market.stepSize.units)
        let priceUnits = max(1, sim.startPrice.units / FixedDecimal.unitScale)
        let minimumLots = max(1, (sim.lots(sim.market.minQuantity) ?? 1) * 2)
        smallestLevel = max(minimumLots, 1_000 * unitLots / priceUnits)
        largestLevel = max(smallestLevel * 2, 40_000 * unitLots / priceUnits)
        self.random = random
        relay(avoidingBid: nil, avoidingAsk: nil)
        shownAsks = asks
        shownBids = bids
    }

    var ladderAsk: Int64 { ladderBid + gapSteps * spacing }

    /// One random step of the ladder, drawn back toward the start price over long runs.
    func walk() {
        let drift = max(-120, min(120, (sim.startTicks - ladderBid) / spacing * 3))
        let roll = random.int(in: 0...999)
        let stride: Int64 = random.chance(permille: 40) ? 2 : 1
        if roll < 310 + drift { ladderBid += stride * spacing }
        else if roll > 690 + drift { ladderBid -= stride * spacing }
        ladderBid = max(spacing, ladderBid)
        gapSteps = random.chance(permille: 250) ? 2 : 1
    }

    /// Re-lays the ladder. Prices that stay keep their size, new ones get a fresh size, and a
    /// couple of levels change size as if other traders came and went. The ladder starts
    /// beyond any resting client order on the other side, so the book never crosses.
    func relay(avoidingBid clientBid: Int64?, avoidingAsk clientAsk: Int64?) {
        var askStart = ladderAsk
        if let clientBid, askStart <= clientBid { askStart = clientBid + spacing - (clientBid - askStart) % spacing }
        var bidStart = ladderBid
        if let clientAsk, bidStart >= clientAsk { bidStart = clientAsk - spacing + (bidStart - clientAsk) % spacing }
        var nextAsks: [Int64: Int64] = [:]
        var nextBids: [Int64: Int64] = [:]
        for depth in 0..<Int64(levels) {
            let ask = askStart + depth * spacing
            nextAsks[ask] = asks[ask] ?? freshSize(depth)
            let bid = bidStart - depth * spacing
            if bid > 0 { nextBids[bid] = bids[bid] ?? freshSize(depth) }
        }
        for _ in 0..<random.int(in: 1...2) {
            let depth = random.int(in: 0...Int64(levels - 1))
            if random.chance(permille: 500) { nextAsks[askStart + depth * spacing] = freshSize(depth) }
            else if bidStart - depth * spacing > 0 { nextBids[bidStart - depth * spacing] = freshSize(depth) }
        }
        asks = nextAsks
        bids = nextBids
    }

    /// Removes ladder levels that a client order on the other side would cross.
    func clear(crossingBid clientBid: Int64?, crossingAsk clientAsk: Int64?) {
        if let clientBid { asks = asks.filter { $0.key > clientBid } }
        if let clientAsk { bids = bids.filter { $0.key < clientAsk } }
    }

    private func freshSize(_ depth: Int64) -> Int64 {
        random.int(in: smallestLevel...largestLevel) * (3 + depth) / 3
    }

    var shownBestBid: Int64? { shownBids.keys.max() }
    var shownBestAsk: Int64? { shownAsks.keys.min() }

    /// Publishes `displayed` against what was shown: a depth update with the changed levels
    /// (absolute sizes, 0 deletes), and a book ticker when the top changed. Nil when nothing did.
    func publish(asks displayedAsks: [Int64: Int64], bids displayedBids: [Int64: Int64],
                 nowUs: Int64) -> (BackpackDepthUpdate, BackpackBookTicker?)? {
        let askChanges = Self.changes(from: shownAsks, to: displayedAsks)
        let bidChanges = Self.changes(from: shownBids, to: displayedBids)
        guard !askChanges.isEmpty || !bidChanges.isEmpty else { return nil }
        let oldTop = (shownBestBid.map { ($0, shownBids[$0] ?? 0) }, shownBestAsk.map { ($0, shownAsks[$0] ?? 0) })
        shownAsks = displayedAsks
        shownBids = displayedBids
        let first = lastUpdateID + 1
        // Mostly one id per update (U == u), as realtime frames are; now and then a few at once.
        lastUpdateID += random.chance(permille: 100) ? random.int(in: 2...4) : 1
        let engineUs = max(nowUs, lastEventUs + 1)
        lastEventUs = engineUs
        let update = BackpackDepthUpdate(symbol: sim.symbol, firstUpdateID: first, lastUpdateID: lastUpdateID,
                                         asks: askChanges.map(level), bids: bidChanges.map(level),
                                         eventTime: engineUs + 150, engineTime: engineUs)
        let newTop = (shownBestBid.map { ($0, shownBids[$0] ?? 0) }, shownBestAsk.map { ($0, shownAsks[$0] ?? 0) })
        let topChanged = oldTop.0?.0 != newTop.0?.0 || oldTop.0?.1 != newTop.0?.1
            || oldTop.1?.0 != newTop.1?.0 || oldTop.1?.1 != newTop.1?.1
        return (update, topChanged ? ticker(nowUs: engineUs) : nil)
    }

    /// The best bid and ask as shown, under the last update id.
    func ticker(nowUs: Int64) -> BackpackBookTicker {
        BackpackBookTicker(symbol: sim.symbol, bid: shownBestBid.map { level(($0, shownBids[$0] ?? 0)) },
                           ask: shownBestAsk.map { level(($0, shownAsks[$0] ?? 0)) }, updateID: lastUpdateID,
                           eventTime: nowUs + 150, engineTime: nowUs)
    }

    /// The shown book for `GET /api/v1/depth`: the best `limit` levels each way, both sides
    /// ascending as the venue lists them.
    func snapshot(limit: Int, nowUs: Int64) -> BackpackDepthSnapshot {
        let asks = shownAsks.sorted { $0.key < $1.key }.prefix(limit).map { level(($0.key, $0.value)) }
        let bids = shownBids.sorted { $0.key > $1.key }.prefix(limit).reversed().map { level(($0.key, $0.value)) }
        return BackpackDepthSnapshot(asks: asks, bids: bids, lastUpdateID: lastUpdateID, timestamp: nowUs)
    }

    private func level(_ entry: (Int64, Int64)) -> PriceLevel {
        PriceLevel(price: sim.price(ticks: entry.0), size: sim.quantity(lots: entry.1))
    }

    /// Levels whose size differs, ascending by price; a vanished level has size 0.
    private static func changes(from old: [Int64: Int64], to new: [Int64: Int64]) -> [(Int64, Int64)] {
        var changed = new.filter { old[$0.key] != $0.value }.map { ($0.key, $0.value) }
        for price in old.keys where new[price] == nil { changed.append((price, 0)) }
        return changed.sorted { $0.0 < $1.0 }
    }
}
