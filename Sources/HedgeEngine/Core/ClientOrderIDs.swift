/// Ids for the engine's orders on both venues, unique across runs with no state of their own:
/// the wall clock in milliseconds times 100, always above the last one given (the ledger's
/// largest after a restart). Below 2^48, Lighter's limit for client order indexes, until 2059.
struct ClientOrderIDs: Sendable {
    static let limit: Int64 = 1 << 48
    private(set) var last: Int64

    init(last: Int64 = 0) { self.last = last }

    mutating func next(nowMs: Int64) -> Int64 {
        let candidate = max(last + 1, nowMs &* 100)
        last = candidate < Self.limit ? candidate : last + 1
        return last
    }
}
