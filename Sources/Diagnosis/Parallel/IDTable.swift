/// A map keyed by order-id hashes (`LineBytes.hash`, already well mixed), so it hashes
/// nothing itself: open addressing with linear probing and backward-shift deletion. The fill
/// rules look ids up several times per order line; a Dictionary's SipHash was a tenth of doctor.
struct IDMap<Value> {
    /// 0 marks an empty slot; a key of 0 is stored as 1 (one id in 2^64 shares a slot).
    private var keys: [UInt64]
    private var slots: [Value?]
    private var mask: Int
    private(set) var count = 0

    init() {
        keys = Array(repeating: 0, count: 16)
        slots = Array(repeating: nil, count: 16)
        mask = 15
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    @inline(__always)
    private func find(_ key: UInt64) -> (slot: Int, found: Bool) {
        var slot = Int(truncatingIfNeeded: key ^ (key >> 32)) & mask
        while true {
            let here = keys[slot]
            if here == key { return (slot, true) }
            if here == 0 { return (slot, false) }
            slot = (slot + 1) & mask
        }
    }

    subscript(key: UInt64) -> Value? {
        get {
            let place = find(Self.stored(key))
            return place.found ? slots[place.slot] : nil
        }
        set {
            if let newValue { insert(key, newValue) } else { removeValue(forKey: key) }
        }
    }

    func contains(_ key: UInt64) -> Bool { find(Self.stored(key)).found }

    /// Sets the value of `key` (adding it when absent).
    mutating func insert(_ key: UInt64, _ value: Value) {
        let k = Self.stored(key)
        let place = find(k)
        if place.found {
            slots[place.slot] = value
            return
        }
        keys[place.slot] = k
        slots[place.slot] = value
        count += 1
        if count * 2 > keys.count { grow() }
    }

    @discardableResult
    mutating func removeValue(forKey key: UInt64) -> Value? {
        guard count > 0 else { return nil }
        let place = find(Self.stored(key))
        guard place.found else { return nil }
        let old = slots[place.slot]
        // Backward shift: pull later entries of the run into the hole, so probes never stop early.
        var hole = place.slot
        var next = (hole + 1) & mask
        while keys[next] != 0 {
            let home = Int(truncatingIfNeeded: keys[next] ^ (keys[next] >> 32)) & mask
            // Move the entry when its home is not within (hole, next], cyclically.
            let distanceToNext = (next - home) & mask
            let distanceToHole = (next - hole) & mask
            if distanceToNext >= distanceToHole {
                keys[hole] = keys[next]
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        keys[hole] = 0
        slots[hole] = nil
        count -= 1
        return old
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldSlots = slots
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        slots = Array(repeating: nil, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (key, value) in zip(oldKeys, oldSlots) where key != 0 {
            if let value { insert(key, value) }
        }
    }

    /// Every entry, in no particular order.
    var entries: [(key: UInt64, value: Value)] {
        var all: [(key: UInt64, value: Value)] = []
        all.reserveCapacity(count)
        for (key, value) in zip(keys, slots) where key != 0 {
            if let value { all.append((key, value)) }
        }
        return all
    }

    var values: [Value] { entries.map(\.value) }

    /// Changes every value in place.
    mutating func updateValues(_ body: (inout Value) -> Void) {
        for slot in slots.indices where keys[slot] != 0 {
            if var value = slots[slot] {
                body(&value)
                slots[slot] = value
            }
        }
    }
}

/// A set of order-id hashes (see `IDMap`).
struct IDSet: Sendable {
    private var map = IDMap<Bool>()

    var count: Int { map.count }
    func contains(_ id: UInt64) -> Bool { map.contains(id) }
    mutating func insert(_ id: UInt64) { map.insert(id, true) }
    var members: [UInt64] { map.entries.map(\.key) }
}

extension IDMap: Sendable where Value: Sendable {}
