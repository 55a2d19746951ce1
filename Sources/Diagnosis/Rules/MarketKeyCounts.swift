/// Account updates by the market key they carry (-1: not a number), keys in order of first
/// appearance, at most `capacity` of them. A log has one or two: arrays beat a Dictionary.
struct MarketKeyCounts: Sendable {
    static let capacity = 32
    private(set) var keys: [Int] = []
    /// Inline (see `InlineCounts`): an account update adds one per line.
    private var storedCounts = InlineCounts()
    var counts: [Int] { storedCounts.prefix(keys.count) }
    /// The first lines of each key.
    private(set) var lines: [[KeptLine]] = []
    /// `lines[k].count`, kept flat: the per-line test must not reach into a nested array.
    private var keptCounts: [Int] = []
    private var last = -1

    /// Counts `count` updates for `key`: its index, and whether it still wants a line
    /// (`keep(_:at:)`); nil when the table is full and the key new.
    @inline(__always)
    mutating func add(_ key: Int, count: Int = 1, keep: Int) -> (index: Int, wantsLine: Bool)? {
        var index = last
        if index < 0 || keys[index] != key {
            guard let found = keys.firstIndex(of: key) ?? appendKey(key) else { return nil }
            index = found
            last = found
        }
        storedCounts.add(count, at: index)
        return (index, keptCounts[index] < keep)
    }

    /// Keeps `line` as one of the first lines of the key at `index`.
    mutating func keep(_ line: KeptLine, at index: Int) {
        lines[index].append(line)
        keptCounts[index] += 1
    }

    private mutating func appendKey(_ key: Int) -> Int? {
        guard keys.count < Self.capacity else { return nil }
        keys.append(key)
        lines.append([])
        keptCounts.append(0)
        return keys.count - 1
    }

    /// Adds counts read from the lines after these (`shift` renumbers their lines).
    mutating func merge(_ later: MarketKeyCounts, keep: Int, shift: Int) {
        let laterCounts = later.counts
        for (k, key) in later.keys.enumerated() {
            guard let (index, _) = add(key, count: laterCounts[k], keep: keep) else { continue }
            for line in later.lines[k].prefix(max(0, keep - keptCounts[index])) { self.keep(line.shifted(by: shift), at: index) }
        }
    }
}
