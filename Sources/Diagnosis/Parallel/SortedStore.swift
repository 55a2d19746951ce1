/// Values by Int key, in key order: the timeline's buckets and its marks' time cells. Arrays
/// rather than a dictionary: moving from one bucket to the next is on the per-line path, and a
/// log mostly runs forward, so the next key is past the last one (no search, no hashing);
/// otherwise a binary search over at most a few thousand keys.
struct SortedStore<Value> {
    private(set) var keys: [Int] = []
    /// Changed in place at an index from `index(of:adding:)`.
    var values: [Value] = []

    var count: Int { keys.count }

    var entries: Zip2Sequence<[Int], [Value]> { zip(keys, values) }

    /// Where `key` is, or would go.
    func slot(_ key: Int) -> (index: Int, found: Bool) {
        guard let last = keys.last, key <= last else { return (keys.count, false) }
        if key == last { return (keys.count - 1, true) }
        var low = 0, high = keys.count - 1
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return (low, keys[low] == key)
    }

    /// `slot(_:)`, trying first `near` and the index after it: a log's next bucket is mostly the
    /// one after the last (time runs forward), even where it is not the last stored (a log whose
    /// time went back, several files).
    @inline(__always)
    func slot(_ key: Int, near: Int) -> (index: Int, found: Bool) {
        if near >= 0, near < keys.count, keys[near] <= key {
            if keys[near] == key { return (near, true) }
            let next = near + 1
            if next == keys.count || keys[next] > key { return (next, false) }
            if keys[next] == key { return (next, true) }
        }
        return slot(key)
    }

    func contains(_ key: Int) -> Bool { slot(key).found }

    /// The index of `key`'s value, `empty` added if there was none; `near`: see `slot(_:near:)`.
    mutating func index(of key: Int, near: Int = -1, adding empty: @autoclosure () -> Value) -> Int {
        let (index, found) = slot(key, near: near)
        if !found {
            keys.insert(key, at: index)
            values.insert(empty(), at: index)
        }
        return index
    }

    /// Adds `value` under `key`, combined with the value there if any.
    mutating func add(_ key: Int, _ value: Value, combine: (inout Value, Value) -> Void) {
        let (index, found) = slot(key)
        if found {
            combine(&values[index], value)
        } else {
            keys.insert(key, at: index)
            values.insert(value, at: index)
        }
    }

    /// Keys divided by `factor` (rounded down), the values of a key combined, still in order.
    func widened(by factor: Int, combine: (inout Value, Value) -> Void) -> SortedStore {
        var wider = SortedStore()
        wider.keys.reserveCapacity(keys.count / factor + 1)
        wider.values.reserveCapacity(keys.count / factor + 1)
        for (key, value) in entries {
            let merged = floorDivide(key, factor)
            if wider.keys.last == merged {
                combine(&wider.values[wider.values.count - 1], value)
            } else {
                wider.keys.append(merged)
                wider.values.append(value)
            }
        }
        return wider
    }
}

extension SortedStore: Sendable where Value: Sendable {}
