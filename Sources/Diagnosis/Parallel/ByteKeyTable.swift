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
    /// Inline (see `InlineCounts`): statuses and frame types are counted on most lines.
    private var storedCounts = InlineCounts()
    /// A run of `increment`s of one key, not yet in `storedCounts`: an Int costs less per line
    /// than an array element.
    private var runIndex = -1
    private var runCount = 0

    var counts: [Int] {
        var all = storedCounts.prefix(names.count)
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
        precondition(capacity <= InlineCounts.capacity, "a ByteKeyTable holds at most InlineCounts.capacity keys")
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
            storedCounts.add(amount, at: lastIndex)
            return lastIndex
        }
        if previousIndex >= 0, same(previousIndex, line, key) {
            storedCounts.add(amount, at: previousIndex)
            swap(&lastIndex, &previousIndex)
            return lastIndex
        }
        let place = locate(line, key)
        if let found = place.index {
            previousIndex = lastIndex
            lastIndex = found
            storedCounts.add(amount, at: found)
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
        storedCounts[newIndex] = amount
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
            if runIndex >= 0 { storedCounts.add(runCount, at: runIndex) }
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
/// A key has one place, chosen by its length and last bytes, so that looking one up is one
/// compare whichever of a session's types came before (they alternate: book, account, book);
/// two keys of one place replace each other, which costs only the slower path. The keys sit in
/// one flat buffer (at most `ByteKeyTable.maxKeyBytes` each), so that looking one up touches no
/// nested array.
struct RecentKeys {
    /// Places for a session's update and subscription types.
    static let capacity = 16
    private var bytes = [UInt8](repeating: 0, count: capacity * ByteKeyTable.maxKeyBytes)
    /// -1: an empty place.
    private var lengths = [Int](repeating: -1, count: capacity)
    private var indices = [Int](repeating: 0, count: capacity)

    /// The place of the key at `range` (within the line at `base`).
    @inline(__always)
    private static func place(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int {
        var key = UInt64(truncatingIfNeeded: range.count)
        if range.count >= 8 {
            key ^= UnsafeRawPointer(base + (range.upperBound &- 8)).loadUnaligned(as: UInt64.self)
        } else if range.count > 0 {
            key ^= UInt64(base[range.upperBound &- 1]) << 8
        }
        // The multiply's top bits mix every byte of the key.
        return Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 60)
    }

    /// The index remembered for the key at `range`, if it is the one in its place.
    @inline(__always)
    func index(_ line: LineBytes, _ range: Range<Int>) -> Int? {
        guard let base = line.baseAddress, range.lowerBound >= 0, range.upperBound <= line.count,
              range.count <= ByteKeyTable.maxKeyBytes else { return nil }
        let place = Self.place(base, range)
        let count = range.count
        let found: Bool = lengths.withUnsafeBufferPointer { lengths in
            guard lengths[place] == count else { return false }
            return bytes.withUnsafeBufferPointer { stored in
                guard let storedBase = stored.baseAddress else { return false }
                return bytesEqual(storedBase + place &* ByteKeyTable.maxKeyBytes, base + range.lowerBound, count: count)
            }
        }
        return found ? indices.withUnsafeBufferPointer { $0[place] } : nil
    }

    /// Remembers the key at `range` (at most `ByteKeyTable.maxKeyBytes`) as the one at `index`.
    mutating func remember(_ line: LineBytes, _ range: Range<Int>, index: Int) {
        guard let base = line.baseAddress, range.count <= ByteKeyTable.maxKeyBytes, range.lowerBound >= 0,
              range.upperBound <= line.count else { return }
        let place = Self.place(base, range)
        lengths[place] = range.count
        indices[place] = index
        for k in 0..<range.count { bytes[place * ByteKeyTable.maxKeyBytes + k] = line[range.lowerBound + k] }
    }
}
