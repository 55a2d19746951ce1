/// Up to 64 counts held inline (signals, frame types, statuses): the frequent ones add one per
/// line, and an array's element costs a uniqueness check (a runtime call) before each store;
/// here a count is a load and a store.
struct InlineCounts: Sendable {
    static let capacity = 64
    private var storage = SIMD64<Int>()

    /// The count at `index` (below `capacity`). Reading copies the storage: for the cold paths;
    /// the per-line ones `add`.
    subscript(index: Int) -> Int {
        @inline(__always) get {
            withUnsafeBytes(of: storage) { $0.load(fromByteOffset: index &* MemoryLayout<Int>.stride, as: Int.self) }
        }
        @inline(__always) set {
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: newValue, toByteOffset: index &* MemoryLayout<Int>.stride, as: Int.self) }
        }
    }

    /// Adds `amount` to the count at `index`; the new count.
    @inline(__always)
    @discardableResult
    mutating func add(_ amount: Int, at index: Int) -> Int {
        // Both through the mutable pointer: reading through `withUnsafeBytes(of:)` takes the
        // storage by value, a copy of all 64 counts.
        withUnsafeMutableBytes(of: &storage) { raw in
            let offset = index &* MemoryLayout<Int>.stride
            let count = raw.load(fromByteOffset: offset, as: Int.self) &+ amount
            raw.storeBytes(of: count, toByteOffset: offset, as: Int.self)
            return count
        }
    }

    /// The first `count` counts.
    func prefix(_ count: Int) -> [Int] { (0..<Swift.min(count, Self.capacity)).map { self[$0] } }
}
