import LighterProtocol

/// One perp market's synthetic liquidity: levels on a fixed price grid around a random-walk
/// best bid, plus the book as last published so updates carry only what changed.
///
/// Everything is integers: prices in ticks (`Price` units), sizes in lots (`BaseAmount` units).
/// A class because the engine mutates it in place from several helpers.
final class MarketBook {
    let market: SimMarket
    /// Distance between levels, about half a basis point of the start price, so a
    /// random-walk step moves the touch by a realistic amount.
    let stepTicks: Int64
    let levels: Int
    var rng: SimRandom
    /// The synthetic market's best bid on the grid, before bending around client orders.
    var gridBid: Int64
    var spreadSteps: Int64 = 1
    /// Synthetic liquidity only; client orders are added when the book is displayed.
    var asks: [Int64: Int64] = [:]
    var bids: [Int64: Int64] = [:]
    /// The displayed book (synthetic + client) as last sent: snapshots read it, updates diff against it.
    var publishedAsks: [Int64: Int64] = [:]
    var publishedBids: [Int64: Int64] = [:]
    var nonce: Int64
    var offset: Int64
    var lastUpdateMs: Int64 = 0
    let minLevelLots: Int64
    let maxLevelLots: Int64

    init(market: SimMarket, levels: Int, seed: UInt64) {
        self.market = market
        self.levels = max(1, levels)
        var rng = SimRandom(seed: seed, stream: UInt64(market.id) &+ 1)
        let start = market.startTicks
        stepTicks = max(1, start / 20_000)
        gridBid = max(stepTicks, start / stepTicks * stepTicks)
        // Realistic-looking counters: the live venue's are in the billions / millions.
        nonce = rng.int(in: 3_000_000_000...3_100_000_000)
        offset = rng.int(in: 11_000_000...12_000_000)
        // Levels worth roughly 2k-60k USDC, never below the market minimum.
        let lotsPerUnit = Int128(pow10(market.sizeDecimals)) * Int128(FixedDecimal.unitScale)
        let priceUnits = Int128(max(1, market.startPrice.units))
        minLevelLots = max(market.minLots * 2, Int64(clamping: 2_000 * lotsPerUnit / priceUnits))
        maxLevelLots = max(minLevelLots * 2, Int64(clamping: 60_000 * lotsPerUnit / priceUnits))
        self.rng = rng
        rebuild(clientBestBid: nil, clientBestAsk: nil)
    }

    var rawBestBid: Int64 { gridBid }
    var rawBestAsk: Int64 { gridBid + spreadSteps * stepTicks }

    /// One random-walk step of the grid, mildly pulled back toward the start price so long
    /// runs stay realistic.
    func walk() {
        let distanceSteps = (market.startTicks - gridBid) / stepTicks
        let bias = max(-100, min(100, distanceSteps * 2))  // permille
        let roll = rng.int(in: 0...999)
        let size: Int64 = rng.chance(permille: 50) ? 2 : 1
        if roll < 300 + bias {
            gridBid += size * stepTicks
        } else if roll >= 700 + bias {
            gridBid -= size * stepTicks
        }
        gridBid = max(stepTicks, gridBid)
        spreadSteps = rng.chance(permille: 300) ? 2 : 1
    }

    /// Re-lays the synthetic levels on the grid. Levels that keep their price keep their
    /// size (so updates stay small); new prices get fresh sizes; a few levels are re-sized
    /// to look like other traders. Synthetic levels start beyond any resting client order
    /// on the other side, so the displayed book never crosses.
    func rebuild(clientBestBid: Int64?, clientBestAsk: Int64?) {
        var askStart = rawBestAsk
        if let bid = clientBestBid, askStart <= bid { askStart += ((bid - askStart) / stepTicks + 1) * stepTicks }
        var bidStart = rawBestBid
        if let ask = clientBestAsk, bidStart >= ask { bidStart -= ((bidStart - ask) / stepTicks + 1) * stepTicks }
        var newAsks: [Int64: Int64] = [:]
        var newBids: [Int64: Int64] = [:]
        for level in 0..<levels {
            let depth = Int64(level)
            let askPrice = askStart + depth * stepTicks
            newAsks[askPrice] = asks[askPrice] ?? freshLots(depth: level)
            let bidPrice = bidStart - depth * stepTicks
            if bidPrice > 0 { newBids[bidPrice] = bids[bidPrice] ?? freshLots(depth: level) }
        }
        for _ in 0..<rng.int(in: 1...3) {
            let depth = Int64(rng.int(in: 0...Int64(levels - 1)))
            if rng.chance(permille: 500) {
                newAsks[askStart + depth * stepTicks] = freshLots(depth: Int(depth))
            } else if bidStart - depth * stepTicks > 0 {
                newBids[bidStart - depth * stepTicks] = freshLots(depth: Int(depth))
            }
        }
        asks = newAsks
        bids = newBids
    }

    /// Drops synthetic levels that a resting client order on the other side would cross
    /// (after a no-fill fault or a partial cap left such an order resting).
    func hideCrossing(clientBestBid: Int64?, clientBestAsk: Int64?) {
        if let bid = clientBestBid { asks = asks.filter { $0.key > bid } }
        if let ask = clientBestAsk { bids = bids.filter { $0.key < ask } }
    }

    private func freshLots(depth: Int) -> Int64 {
        // Deeper levels are a little larger, as on real books.
        rng.int(in: minLevelLots...maxLevelLots) * Int64(4 + depth) / 4
    }

    var publishedBestBid: Int64? { publishedBids.keys.max() }
    var publishedBestAsk: Int64? { publishedAsks.keys.min() }

    /// Diffs `displayed` against what was last sent. Returns an update frame with the changed
    /// levels' absolute sizes (0 = deleted) and a new nonce chained to the previous one, or
    /// nil when nothing changed.
    func publish(asks displayedAsks: [Int64: Int64], bids displayedBids: [Int64: Int64], nowMs: Int64) -> OrderBookFrame? {
        let changedAsks = Self.diff(old: publishedAsks, new: displayedAsks).sorted { $0.0 < $1.0 }
        let changedBids = Self.diff(old: publishedBids, new: displayedBids).sorted { $0.0 > $1.0 }
        guard !changedAsks.isEmpty || !changedBids.isEmpty else { return nil }
        let begin = nonce
        nonce += rng.int(in: 1...5)
        offset += rng.int(in: 1...3)
        publishedAsks = displayedAsks
        publishedBids = displayedBids
        lastUpdateMs = nowMs
        return OrderBookFrame(market: market.id, isSnapshot: false, offset: offset, nonce: nonce, beginNonce: begin,
                              asks: changedAsks.map(level), bids: changedBids.map(level),
                              timestamp: nowMs, lastUpdatedAt: nowMs &* 1000)
    }

    func snapshot(nowMs: Int64) -> OrderBookFrame {
        let asks = publishedAsks.sorted { $0.key < $1.key }.map { level(($0.key, $0.value)) }
        let bids = publishedBids.sorted { $0.key > $1.key }.map { level(($0.key, $0.value)) }
        return OrderBookFrame(market: market.id, isSnapshot: true, offset: offset, nonce: nonce, beginNonce: 0,
                              asks: asks, bids: bids, timestamp: nowMs, lastUpdatedAt: (lastUpdateMs == 0 ? nowMs : lastUpdateMs) &* 1000)
    }

    private func level(_ entry: (Int64, Int64)) -> PriceLevel {
        PriceLevel(price: market.price(ticks: entry.0), size: market.size(lots: entry.1))
    }

    private static func diff(old: [Int64: Int64], new: [Int64: Int64]) -> [(Int64, Int64)] {
        var changed: [(Int64, Int64)] = []
        for (price, size) in new where old[price] != size { changed.append((price, size)) }
        for price in old.keys where new[price] == nil { changed.append((price, 0)) }
        return changed
    }
}
