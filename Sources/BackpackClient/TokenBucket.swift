/// A token bucket in whole numbers: `perMinute` requests a minute on average, `burst` at once.
/// Pure (the caller passes the time), so it can be tested without waiting. A pause (after a
/// 429) holds every request until it ends, whatever the bucket holds.
package struct TokenBucket: Sendable, Hashable {
    /// One token is this many units: a millisecond adds `perMinute` units, so a minute adds
    /// `perMinute` tokens with no rounding.
    private static let unitsPerToken: Int64 = 60_000
    /// Requests a minute on average.
    package let perMinute: Int64
    /// Requests that may go at once.
    package let burst: Int64
    private var units: Int64
    private var lastMs: Int64?
    /// Nobody sends before this (local milliseconds).
    package private(set) var pausedUntilMs: Int64 = 0

    /// A full bucket.
    package init(perMinute: Int, burst: Int) {
        self.perMinute = Int64(max(1, perMinute))
        self.burst = Int64(max(1, burst))
        units = self.burst * Self.unitsPerToken
    }

    /// Takes a token at `nowMs` when one is there and no pause holds: returns 0. Otherwise
    /// returns how many milliseconds to wait before asking again, and takes nothing.
    package mutating func take(nowMs: Int64) -> Int64 {
        refill(nowMs: nowMs)
        if nowMs < pausedUntilMs { return pausedUntilMs - nowMs }
        if units >= Self.unitsPerToken {
            units -= Self.unitsPerToken
            return 0
        }
        let missing = Self.unitsPerToken - units
        return (missing + perMinute - 1) / perMinute
    }

    /// Holds every request until `untilMs` (a 429 asks everyone to slow down, not one call).
    package mutating func pause(untilMs: Int64) {
        pausedUntilMs = max(pausedUntilMs, untilMs)
    }

    private mutating func refill(nowMs: Int64) {
        defer { lastMs = max(lastMs ?? nowMs, nowMs) }
        guard let lastMs, nowMs > lastMs else { return }
        let cap = burst * Self.unitsPerToken
        let elapsed = min(nowMs - lastMs, cap / perMinute + 1)
        units = min(cap, units + elapsed * perMinute)
    }
}
