import LighterProtocol

/// The fills not yet offset, oldest first, and how each new fill pairs with them.
///
/// Both venues' fills go in with the sign of their position change. A fill of the opposite
/// sign to the open lots offsets them first in, first out (a hedge covering maker fills); what
/// is left opens a lot of its own. So the open lots always share one sign, and their sum is the
/// naked exposure: the maker position plus the hedge position.
struct ExposureBook: Sendable {
    struct Lot: Sendable {
        var key: FillKey
        /// Signed: what of the fill is still not offset.
        var remaining: FixedDecimal
        /// When the fill reached the engine (monotonic), for latencies; nil for a lot restored
        /// from the ledger.
        var receivedNs: UInt64?
    }

    private var lots: [Lot] = []
    private var head = 0
    /// The signed sum of the open lots.
    private(set) var net: FixedDecimal = .zero

    /// The oldest open lot.
    var oldest: Lot? { head < lots.count ? lots[head] : nil }

    /// Adds a fill; returns the lots it offset and by how much (positive quantities).
    mutating func add(_ key: FillKey, signed quantity: FixedDecimal, receivedNs: UInt64?) -> [(lot: Lot, quantity: FixedDecimal)] {
        guard !quantity.isZero else { return [] }
        net += quantity
        var rest = quantity
        var offsets: [(lot: Lot, quantity: FixedDecimal)] = []
        while !rest.isZero, head < lots.count, lots[head].remaining.isNegative != rest.isNegative {
            let open = lots[head]
            let take = min(Self.magnitude(rest), Self.magnitude(open.remaining))
            offsets.append((open, take))
            let step = rest.isNegative ? -take : take
            lots[head].remaining += step
            rest -= step
            if lots[head].remaining.isZero { head += 1 }
        }
        if !rest.isZero { lots.append(Lot(key: key, remaining: rest, receivedNs: receivedNs)) }
        // Reclaim the consumed prefix now and then; lots are few while hedging keeps up.
        if head > 64 && head * 2 > lots.count {
            lots.removeFirst(head)
            head = 0
        }
        return offsets
    }

    static func magnitude(_ value: FixedDecimal) -> FixedDecimal { value.isNegative ? -value : value }
}
