import LighterProtocol

/// One page of a history the REST API pages through, newest first.
package struct HistoryPage<Item> {
    /// This page's entries, newest first.
    package var items: [Item]
    /// Where the next (older) page starts; nil on the last page.
    package var nextCursor: Int64?

    /// A page of `items` followed by the page at `nextCursor`.
    package init(items: [Item], nextCursor: Int64?) { self.items = items; self.nextCursor = nextCursor }

    /// Walks `entries` (oldest first, `key` strictly increasing) from the newest entry whose key
    /// is below `before`, keeping what `item` returns, up to `limit` items. The cursor is the
    /// last kept entry's key, and is given only when an older entry would be kept too.
    static func newestFirst<Entry>(_ entries: [Entry], key: (Entry) -> Int64, before: Int64?, limit: Int,
                                   item: (Entry) -> Item?) -> HistoryPage<Item> {
        // Binary search: the first entry at or above the cursor; the page starts just below it.
        var low = 0
        var high = entries.count
        if let before {
            while low < high {
                let middle = low + (high - low) / 2
                if key(entries[middle]) < before { low = middle + 1 } else { high = middle }
            }
        } else {
            low = entries.count
        }
        var items: [Item] = []
        var lastKey: Int64?
        var index = low - 1
        while index >= 0 {
            if let kept = item(entries[index]) {
                if items.count >= max(0, limit) { return HistoryPage(items: items, nextCursor: lastKey) }
                items.append(kept)
                lastKey = key(entries[index])
            }
            index -= 1
        }
        return HistoryPage(items: items, nextCursor: nil)
    }
}

extension HistoryPage: Sendable where Item: Sendable {}
