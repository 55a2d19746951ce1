/// One market's order book, kept from Lighter's `order_book/{market}` channel.
///
/// Each side is an array sorted best first (bids descending, asks ascending), so the best
/// level is element 0 and `bids`/`asks` are returned without copying. An update of a few
/// levels finds each by binary search and edits the array in place; a frame of many levels
/// (more than `batchThreshold`) is sorted once and merged into the side, so a snapshot or
/// update of n levels costs O(n log n) at worst whatever order its levels come in.
///
/// Input rules:
/// - An update level carries the new absolute size at its price; size 0 deletes the level,
///   an unknown price inserts it, and deleting an unknown price is a no-op.
/// - A level with a negative size is invalid and skipped (the rest of the frame still applies).
/// - Within one frame, when a price repeats, the last occurrence wins.
/// - Continuity is judged by nonces only: an update applies when its `beginNonce` equals the
///   book's nonce. `offset` grows but skips values, so it is never used.
/// - An update without `beginNonce` (older server versions) applies when its nonce is ahead
///   of the book's; it cannot reveal a gap, so it is accepted on trust.
public struct OrderBook: Sendable {
    /// A side of the book.
    public enum Side: Sendable, Hashable {
        case bid
        case ask
    }

    /// The market this book is for.
    public let market: Int
    /// Best (highest) price first.
    public private(set) var bids: [PriceLevel] = []
    /// Best (lowest) price first.
    public private(set) var asks: [PriceLevel] = []
    /// The nonce of the last applied frame; nil until a snapshot arrives and after a gap.
    public private(set) var nonce: Int64?

    /// An empty, unsynced book for `market`: it syncs on the first snapshot.
    public init(market: Int) {
        self.market = market
    }

    /// True once a snapshot has applied and no gap has been seen since.
    public var isSynced: Bool { nonce != nil }

    /// The highest bid, if any.
    public var bestBid: PriceLevel? { bids.first }
    /// The lowest ask, if any.
    public var bestAsk: PriceLevel? { asks.first }

    /// True when the best bid is at or above the best ask. Lighter's book should never be
    /// crossed, so a crossed book means lost or misapplied frames.
    public var isCrossed: Bool {
        guard let bid = bids.first, let ask = asks.first else { return false }
        return bid.price >= ask.price
    }

    /// The midpoint of best bid and best ask, rounded toward zero at 1e-8. Computed in
    /// 128 bits so extreme prices cannot overflow.
    public var mid: FixedDecimal? {
        guard let bid = bids.first, let ask = asks.first else { return nil }
        let sum = Int128(bid.price.units) + Int128(ask.price.units)
        return FixedDecimal(units: Int64(sum / 2))
    }

    /// Best ask minus best bid (negative when crossed); nil when a side is empty or the
    /// difference does not fit.
    public var spread: FixedDecimal? {
        guard let bid = bids.first, let ask = asks.first else { return nil }
        let (difference, overflow) = ask.price.units.subtractingReportingOverflow(bid.price.units)
        return overflow ? nil : FixedDecimal(units: difference)
    }

    /// Total size of the best `levels` levels on `side`, saturating rather than trapping
    /// on overflow.
    public func depth(_ side: Side, levels: Int) -> FixedDecimal {
        let sideLevels = side == .bid ? bids : asks
        var total: Int64 = 0
        for level in sideLevels.prefix(max(0, levels)) {
            let (sum, overflow) = total.addingReportingOverflow(level.size.units)
            total = overflow ? Int64.max : sum
        }
        return FixedDecimal(units: total)
    }

    /// Forgets every level and the nonce; the next useful frame is a snapshot.
    public mutating func reset() {
        // Keep capacity: the resubscribe snapshot will need about the same room.
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
        nonce = nil
    }

    /// Applies one frame: a snapshot replaces the book; an update applies when it continues
    /// the nonce chain (see `BookApplyResult` for the other outcomes).
    public mutating func apply(_ frame: OrderBookFrame) -> BookApplyResult {
        frame.asks.withUnsafeBufferPointer { asks in
            frame.bids.withUnsafeBufferPointer { bids in apply(frame.header, asks: asks, bids: bids) }
        }
    }

    /// Applies a frame given as its header and its levels wherever they are (a replay keeps the
    /// levels of many frames in one buffer): `apply(_:)` without an array per frame. An update of
    /// up to `batchThreshold` levels a side allocates nothing unless a side outgrows its capacity.
    public mutating func apply(_ frame: OrderBookFrame.Header, asks frameAsks: UnsafeBufferPointer<PriceLevel>,
                               bids frameBids: UnsafeBufferPointer<PriceLevel>) -> BookApplyResult {
        guard frame.market == market else { return .wrongMarket(frame.market) }

        if frame.isSnapshot {
            Self.replace(&bids, with: frameBids, descending: true)
            Self.replace(&asks, with: frameAsks, descending: false)
            nonce = frame.nonce
            return .snapshot
        }

        guard let current = nonce else { return .notSynced }
        if let beginNonce = frame.beginNonce {
            if beginNonce != current {
                if frame.nonce <= current { return .stale(nonce: frame.nonce) }
                reset()
                return .gap(expected: current, received: beginNonce)
            }
        } else if frame.nonce <= current {
            return .stale(nonce: frame.nonce)
        }

        Self.applyLevels(frameBids, to: &bids, descending: true)
        Self.applyLevels(frameAsks, to: &asks, descending: false)
        nonce = frame.nonce
        return .applied
    }

    // MARK: - Side maintenance

    /// Frames with more levels than this on a side are sorted once and merged: editing level
    /// by level shifts the array for every insert or delete, which many levels make quadratic,
    /// while the usual 1-3 changed levels are cheapest edited in place.
    static let batchThreshold = 16

    /// Fills a side from a snapshot. The server sends levels best first with no duplicates,
    /// so that case is a plain copy; anything else is sorted and cleaned with the same zero,
    /// negative and duplicate rules as updates.
    private static func replace(_ side: inout [PriceLevel], with input: UnsafeBufferPointer<PriceLevel>, descending: Bool) {
        side.removeAll(keepingCapacity: true)
        if isStrictlyMonotonic(input, decreasing: descending, minimumUnits: 1) {
            side.append(contentsOf: input)
        } else {
            merge(normalized(Array(input), descending: descending), into: &side, descending: descending)
        }
    }

    /// Applies one side of an update: level by level up to `batchAbove` levels, by one sort and
    /// merge beyond. Both give the same book (the tests hold them to a reference model).
    static func applyLevels(_ input: [PriceLevel], to side: inout [PriceLevel], descending: Bool,
                            batchAbove: Int = batchThreshold) {
        input.withUnsafeBufferPointer { applyLevels($0, to: &side, descending: descending, batchAbove: batchAbove) }
    }

    static func applyLevels(_ input: UnsafeBufferPointer<PriceLevel>, to side: inout [PriceLevel], descending: Bool,
                            batchAbove: Int = batchThreshold) {
        if input.count <= batchAbove {
            for level in input { upsert(level, into: &side, descending: descending) }
        } else {
            merge(normalized(Array(input), descending: descending), into: &side, descending: descending)
        }
    }

    /// The frame's levels as the level-by-level rules would leave them: negative sizes dropped,
    /// the last occurrence of each price kept, best first. Zero sizes stay: they delete.
    static func normalized(_ input: [PriceLevel], descending: Bool) -> [PriceLevel] {
        // Already in order (the server's way, or reversed by a hostile frame): no sort.
        if isStrictlyMonotonic(input, decreasing: descending, minimumUnits: 0) { return input }
        if isStrictlyMonotonic(input, decreasing: !descending, minimumUnits: 0) { return input.reversed() }
        var result: [PriceLevel] = []
        result.reserveCapacity(input.count)
        // The sort is stable, so among equal prices the later occurrence comes last and wins.
        for index in stableBestFirstOrder(input, descending: descending) {
            let level = input[index]
            if let last = result.last, last.price == level.price {
                result[result.count - 1] = level
            } else {
                result.append(level)
            }
        }
        return result
    }

    /// From this many levels on, `stableBestFirstOrder` sorts by radix: below it, a comparison
    /// sort is cheaper than the radix passes' fixed cost.
    static let radixThreshold = 1_024

    /// The indexes of `input`'s levels with a non-negative size, best price first, equal prices
    /// in input order. Many levels are put in order by a least-significant-digit radix sort,
    /// O(n) for any arrangement, which skips the bytes every price shares (the high ones, on a
    /// real book); fewer, from `radixFrom` down, by a comparison sort.
    static func stableBestFirstOrder(_ input: [PriceLevel], descending: Bool,
                                     radixFrom: Int = radixThreshold) -> [Int] {
        var keyed: [(key: UInt64, index: Int)] = []
        keyed.reserveCapacity(input.count)
        for (index, level) in input.enumerated() where !level.size.isNegative {
            // Unsigned keys that sort best first: the sign bit flipped puts negative prices below
            // positive ones; bids are inverted so that higher comes first.
            let key = UInt64(bitPattern: level.price.units) ^ (1 << 63)
            keyed.append((descending ? ~key : key, index))
        }
        guard keyed.count >= radixFrom else {
            // The position breaks ties, which makes the sort stable.
            keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
            return keyed.map(\.index)
        }
        var sorted = keyed
        var counts = [Int](repeating: 0, count: 256)
        for shift in stride(from: UInt64(0), to: 64, by: 8) {
            for bucket in counts.indices { counts[bucket] = 0 }
            for entry in keyed { counts[Int(truncatingIfNeeded: entry.key >> shift) & 0xFF] += 1 }
            if counts.contains(keyed.count) { continue }
            var start = 0
            for bucket in counts.indices {
                let count = counts[bucket]
                counts[bucket] = start
                start += count
            }
            for entry in keyed {
                let bucket = Int(truncatingIfNeeded: entry.key >> shift) & 0xFF
                sorted[counts[bucket]] = entry
                counts[bucket] += 1
            }
            swap(&keyed, &sorted)
        }
        return keyed.map(\.index)
    }

    /// Merges `changes` (best first, one per price, no negative size) into `side` in one pass:
    /// a change replaces the level at its price, size 0 deletes it, an unknown price inserts it.
    static func merge(_ changes: [PriceLevel], into side: inout [PriceLevel], descending: Bool) {
        var merged: [PriceLevel] = []
        merged.reserveCapacity(side.count + changes.count)
        var kept = 0
        var changed = 0
        while changed < changes.count {
            let change = changes[changed]
            if kept < side.count, isBetter(side[kept].price, than: change.price, descending: descending) {
                merged.append(side[kept])
                kept += 1
                continue
            }
            if kept < side.count, side[kept].price == change.price { kept += 1 }
            if !change.size.isZero { merged.append(change) }
            changed += 1
        }
        merged.append(contentsOf: side[kept...])
        side = merged
    }

    /// Whether prices strictly fall (`decreasing`) or strictly rise along `levels`, and every
    /// size is at least `minimumUnits`.
    static func isStrictlyMonotonic(_ levels: [PriceLevel], decreasing: Bool, minimumUnits: Int64) -> Bool {
        levels.withUnsafeBufferPointer { isStrictlyMonotonic($0, decreasing: decreasing, minimumUnits: minimumUnits) }
    }

    static func isStrictlyMonotonic(_ levels: UnsafeBufferPointer<PriceLevel>, decreasing: Bool, minimumUnits: Int64) -> Bool {
        var previous: Int64?
        for level in levels {
            guard level.size.units >= minimumUnits else { return false }
            let price = level.price.units
            if let previous, decreasing ? previous <= price : previous >= price { return false }
            previous = price
        }
        return true
    }

    /// Sets the absolute size at `level.price`: 0 deletes, an unknown price inserts.
    private static func upsert(_ level: PriceLevel, into side: inout [PriceLevel], descending: Bool) {
        guard !level.size.isNegative else { return }
        let index = firstIndex(notBetterThan: level.price, in: side, descending: descending)
        if index < side.count, side[index].price == level.price {
            if level.size.isZero {
                remove(at: index, from: &side)
            } else {
                side[index].size = level.size
            }
        } else if !level.size.isZero {
            insert(level, at: index, into: &side)
        }
    }

    /// `side.insert(level, at: index)` as one append and one move of the levels after it:
    /// `Array.insert` goes through a generic range replacement that costs more than the move.
    @inline(__always)
    private static func insert(_ level: PriceLevel, at index: Int, into side: inout [PriceLevel]) {
        side.append(level)
        side.withUnsafeMutableBufferPointer { levels in
            guard let base = levels.baseAddress, index < levels.count - 1 else { return }
            UnsafeMutableRawPointer(base + index + 1).copyMemory(
                from: base + index, byteCount: (levels.count - 1 - index) * MemoryLayout<PriceLevel>.stride)
            base[index] = level
        }
    }

    /// `side.remove(at: index)` as one move and a `removeLast` (see `insert`).
    @inline(__always)
    private static func remove(at index: Int, from side: inout [PriceLevel]) {
        side.withUnsafeMutableBufferPointer { levels in
            guard let base = levels.baseAddress, index < levels.count - 1 else { return }
            UnsafeMutableRawPointer(base + index).copyMemory(
                from: base + index + 1, byteCount: (levels.count - 1 - index) * MemoryLayout<PriceLevel>.stride)
        }
        side.removeLast()
    }

    /// The first index whose price is not strictly better than `price`, which is where `price`
    /// sits or would be inserted. A side is sorted best first, so that index is the number of
    /// levels better than `price`: on a book of up to `countedSide` levels, counted in one pass
    /// without a branch (a binary search's comparisons are a coin toss to a predictor, and each
    /// miss costs more than counting a dozen levels); on a longer one, a binary search.
    static func firstIndex(notBetterThan price: FixedDecimal, in side: [PriceLevel], descending: Bool,
                           countedUpTo countedSide: Int = countedSide) -> Int {
        side.withUnsafeBufferPointer { levels in
            if levels.count <= countedSide {
                var better = 0
                if descending {
                    for level in levels { better &+= Int(unsafeBitCast(level.price.units > price.units, to: UInt8.self)) }
                } else {
                    for level in levels { better &+= Int(unsafeBitCast(level.price.units < price.units, to: UInt8.self)) }
                }
                return better
            }
            var low = 0
            var high = levels.count
            while low < high {
                let middle = low + (high - low) / 2
                if isBetter(levels[middle].price, than: price, descending: descending) {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            return low
        }
    }

    /// The longest side `firstIndex` counts rather than searches.
    static let countedSide = 96

    /// Higher is better for bids (descending), lower for asks.
    private static func isBetter(_ price: FixedDecimal, than other: FixedDecimal, descending: Bool) -> Bool {
        descending ? price.units > other.units : price.units < other.units
    }
}
