/// A count per `Signal`, held inline in the state: the frequent signs add one per line, and an
/// array's element costs a uniqueness check (a runtime call) before each store; here a count is
/// a load and a store.
struct SignalCounts: Sendable {
    /// Room for every signal (`Signal.allCases.count` is below it; `init` checks).
    static let capacity = 64
    private var storage = SIMD64<Int>()

    init() {
        precondition(Signal.allCases.count <= Self.capacity, "SignalCounts.capacity is below the number of signals")
    }

    /// The signals' indices.
    var indices: Range<Int> { 0..<Signal.allCases.count }

    /// The count of the signal with raw value `index` (below `capacity`).
    subscript(index: Int) -> Int {
        @inline(__always) get {
            withUnsafeBytes(of: storage) { $0.load(fromByteOffset: index &* MemoryLayout<Int>.stride, as: Int.self) }
        }
        @inline(__always) set {
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: newValue, toByteOffset: index &* MemoryLayout<Int>.stride, as: Int.self) }
        }
    }

    /// Adds one to the signal with raw value `index`; its new count.
    @inline(__always)
    mutating func increment(_ index: Int) -> Int {
        let count = self[index] &+ 1
        self[index] = count
        return count
    }
}
