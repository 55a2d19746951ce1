import Journaling

/// Decides which fills are news: a fill is reported once, keyed by market and trade id,
/// whichever source shows it and however often. Fills of other markets are not ours to report.
struct BackpackFillTracker {
    let symbol: String
    private(set) var seen: Set<BackpackTradeKey> = []

    init(symbol: String) { self.symbol = symbol }

    /// Everything the journal already holds, and the trades that were history at its origin.
    mutating func restore(from contents: BackpackFillJournalContents) {
        for fill in contents.fills { seen.insert(fill.key) }
        for key in contents.baselines { seen.insert(key) }
    }

    /// Marks fills as known without reporting them (history from before the origin).
    mutating func absorb(_ keys: some Sequence<BackpackTradeKey>) {
        for key in keys { seen.insert(key) }
    }

    /// True (and remembered) when `fill` is news: of this market, and not seen before.
    mutating func admit(_ fill: BackpackFillEvent) -> Bool {
        guard fill.symbol == symbol else { return false }
        return seen.insert(fill.key).inserted
    }
}
