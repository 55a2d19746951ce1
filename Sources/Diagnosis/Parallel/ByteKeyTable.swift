#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts short byte keys (frame types, order statuses) without making a String per line.
/// Holds at most `capacity` distinct keys; later ones are counted under `overflow`, so a log
/// full of garbage types cannot grow it.
struct ByteKeyTable {
    static let maxKeyBytes = 64

    let capacity: Int
    private(set) var names: [String] = []
    private var storedCounts: [Int] = []
    /// A run of `increment`s of one key, not yet in `storedCounts`: an Int costs less per line
    /// than an array element.
    private var runIndex = -1
    private var runCount = 0

    var counts: [Int] {
        var all = storedCounts
        if runIndex >= 0 { all[runIndex] += runCount }
        return all
    }
    private(set) var overflow = 0
    /// Key `k`'s bytes at `k * maxKeyBytes`, its length in `keyLengths`: one flat buffer, so that
    /// comparing a line's key with a stored one touches no nested array.
    private var keyBytes: [UInt8] = []
    private var keyLengths: [Int] = []
    private var hashes: [UInt64] = []
    /// Open addressing over key indices; -1 is empty. Twice the capacity, a power of two.
    private var slots: [Int32]
    private let mask: Int
    private var lastIndex = -1
    private var previousIndex = -1

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        var size = 8
        while size < self.capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    var isEmpty: Bool { names.isEmpty && overflow == 0 }

    /// Counts one occurrence of the key in `range` and returns its index (nil once full).
    @discardableResult
    mutating func add(_ line: LineBytes, _ range: Range<Int>, by amount: Int = 1) -> Int? {
        guard let key = Self.clamp(line, range) else {
            overflow += amount
            return nil
        }
        // Most lines repeat one of the last two keys (statuses alternate `open`, `filled`): try them first.
        if lastIndex >= 0, same(lastIndex, line, key) {
            storedCounts[lastIndex] += amount
            return lastIndex
        }
        if previousIndex >= 0, same(previousIndex, line, key) {
            storedCounts[previousIndex] += amount
            swap(&lastIndex, &previousIndex)
            return lastIndex
        }
        let place = locate(line, key)
        if let found = place.index {
            previousIndex = lastIndex
            lastIndex = found
            storedCounts[found] += amount
            return found
        }
        guard names.count < capacity else {
            overflow += amount
            return nil
        }
        let bytes = Array(UnsafeBufferPointer(rebasing: line[key]))
        let newIndex = names.count
        keyBytes.append(contentsOf: bytes)
        keyBytes.append(contentsOf: repeatElement(0, count: Self.maxKeyBytes - bytes.count))
        keyLengths.append(bytes.count)
        hashes.append(place.hash)
        names.append(String(decoding: bytes, as: UTF8.self))
        storedCounts.append(amount)
        slots[place.slot] = Int32(newIndex)
        previousIndex = lastIndex
        lastIndex = newIndex
        return newIndex
    }

    /// Adds every key and count of `other`; returns, for each of its indices, the index here
    /// (nil where this table was full).
    mutating func merge(_ other: ByteKeyTable) -> [Int?] {
        overflow += other.overflow
        var indices: [Int?] = []
        indices.reserveCapacity(other.keyLengths.count)
        let counts = other.counts
        other.keyBytes.withUnsafeBufferPointer { stored in
            for (k, length) in other.keyLengths.enumerated() {
                let key = LineBytes(rebasing: stored[(k * Self.maxKeyBytes)..<(k * Self.maxKeyBytes + length)])
                indices.append(add(key, 0..<length, by: counts[k]))
            }
        }
        return indices
    }

    /// Counts one more occurrence of the key at `index` (from `add` or `RecentKeys`).
    @inline(__always)
    mutating func increment(_ index: Int) {
        if index == runIndex {
            runCount += 1
        } else {
            if runIndex >= 0 { storedCounts[runIndex] += runCount }
            runIndex = index
            runCount = 1
        }
    }

    func count(of name: String) -> Int {
        guard let i = names.firstIndex(of: name) else { return 0 }
        return counts[i]
    }

    func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// Keys and counts, most frequent first (ties by name, for stable output).
    var sortedEntries: [(name: String, count: Int)] {
        zip(names, counts).map { (name: $0, count: $1) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
    }

    private static func clamp(_ line: LineBytes, _ range: Range<Int>) -> Range<Int>? {
        let lower = max(0, range.lowerBound)
        let upper = min(line.count, range.upperBound, lower + maxKeyBytes)
        return lower < upper ? lower..<upper : nil
    }

    private func locate(_ line: LineBytes, _ key: Range<Int>) -> (index: Int?, slot: Int, hash: UInt64) {
        let hash = line.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = Int(slots[slot])
            if candidate < 0 { return (nil, slot, hash) }
            if hashes[candidate] == hash, same(candidate, line, key) { return (candidate, slot, hash) }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func same(_ index: Int, _ line: LineBytes, _ key: Range<Int>) -> Bool {
        guard keyLengths[index] == key.count, let base = line.baseAddress else { return false }
        return keyBytes.withUnsafeBufferPointer { stored in
            guard let kp = stored.baseAddress else { return key.isEmpty }
            return bytesEqual(kp + index * Self.maxKeyBytes, base + key.lowerBound, count: key.count)
        }
    }
}

/// The last few keys read to the end of their line, with their index in a `ByteKeyTable`: most
/// per-message lines repeat one, and comparing it whole skips looking for where it ends.
/// The keys sit in one flat buffer (at most `ByteKeyTable.maxKeyBytes` each), so that looking
/// one up touches no nested array.
struct RecentKeys {
    /// Room for a session's update and subscription types, so that a reconnect evicts none.
    static let capacity = 8
    private var bytes = [UInt8](repeating: 0, count: capacity * ByteKeyTable.maxKeyBytes)
    private var lengths: [Int] = []
    private var indices: [Int] = []
    private var next = 0
    /// The key found last, tried first: frame types come in runs.
    private var last = 0

    @inline(__always)
    mutating func index(_ line: LineBytes, _ range: Range<Int>) -> Int? {
        guard let base = line.baseAddress, range.lowerBound >= 0, range.upperBound <= line.count else { return nil }
        let count = range.count
        let found: Int? = bytes.withUnsafeBufferPointer { stored in
            guard let storedBase = stored.baseAddress else { return nil }
            if last < lengths.count, lengths[last] == count,
               bytesEqual(storedBase + last * ByteKeyTable.maxKeyBytes, base + range.lowerBound, count: count) {
                return last
            }
            for k in lengths.indices where k != last && lengths[k] == count {
                if bytesEqual(storedBase + k * ByteKeyTable.maxKeyBytes, base + range.lowerBound, count: count) { return k }
            }
            return nil
        }
        guard let found else { return nil }
        last = found
        return indices[found]
    }

    /// Remembers the key at `range` (at most `ByteKeyTable.maxKeyBytes`) as the one at `index`.
    mutating func remember(_ line: LineBytes, _ range: Range<Int>, index: Int) {
        guard range.count <= ByteKeyTable.maxKeyBytes, range.lowerBound >= 0, range.upperBound <= line.count else { return }
        let slot: Int
        if lengths.count < Self.capacity {
            slot = lengths.count
            lengths.append(range.count)
            indices.append(index)
        } else {
            slot = next
            lengths[slot] = range.count
            indices[slot] = index
            next = (next + 1) % Self.capacity
        }
        for k in 0..<range.count { bytes[slot * ByteKeyTable.maxKeyBytes + k] = line[range.lowerBound + k] }
    }
}
