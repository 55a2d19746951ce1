/// Client order indexes unique within a run and across restarts, with no state on disk: the
/// wall clock in milliseconds times 100, plus a counter within the millisecond, always above the
/// last one given. They stay below the venue's limit (2^48) until the year 2059.
package struct ClientOrderIndexes: Sendable {
    package static let limit: Int64 = 1 << 48
    private var last: Int64 = 0

    package init() {}

    /// The next index, strictly greater than any given before by this value.
    package mutating func next(nowMs: Int64) -> Int64 {
        let candidate = max(last + 1, nowMs &* 100)
        last = candidate < Self.limit ? candidate : 1
        return last
    }
}
