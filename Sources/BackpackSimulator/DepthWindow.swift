import BackpackProtocol
import LighterProtocol

/// Merges realtime depth updates into the one update a windowed stream (`depth.200ms.…`)
/// sends: `U` of the first, `u` of the last, and each level's latest absolute size.
enum DepthWindow {
    static func merge(_ earlier: BackpackDepthUpdate, _ later: BackpackDepthUpdate) -> BackpackDepthUpdate {
        var merged = later
        merged.firstUpdateID = earlier.firstUpdateID
        merged.asks = levels(earlier.asks, later.asks)
        merged.bids = levels(earlier.bids, later.bids)
        return merged
    }

    /// The union of two level lists, the later size winning at a price, ascending as the venue sends.
    private static func levels(_ earlier: [PriceLevel], _ later: [PriceLevel]) -> [PriceLevel] {
        var sizes: [FixedDecimal: FixedDecimal] = [:]
        for level in earlier + later { sizes[level.price] = level.size }
        return sizes.map { PriceLevel(price: $0.key, size: $0.value) }.sorted { $0.price < $1.price }
    }
}
