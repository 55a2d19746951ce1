/// The distribution of one kind of latency over a ledger: how many, the median, the 99th
/// percentile and the worst, in microseconds (nearest rank: always a latency that occurred).
public struct LatencyPercentiles: Sendable, Hashable, Codable {
    /// How many latencies were recorded.
    public var count: Int
    /// The median; nil with no latency.
    public var p50Micros: Int64?
    /// The 99th percentile; nil with no latency.
    public var p99Micros: Int64?
    /// The largest; nil with no latency.
    public var maxMicros: Int64?

    /// The percentiles of `micros`, in any order.
    public init(micros: [Int64]) {
        let sorted = micros.sorted()
        count = sorted.count
        p50Micros = Self.rank(0.50, sorted)
        p99Micros = Self.rank(0.99, sorted)
        maxMicros = sorted.last
    }

    /// The smallest value with at least `fraction` of the values at or below it.
    static func rank(_ fraction: Double, _ sorted: [Int64]) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        // Ranks are counts: the Double only picks an index, it never holds an amount.
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
