@testable import BackpackClient
import Synchronization
import Testing

/// Our own request rate stays below the venue's: a burst goes at once, then one request every
/// 60 000 / perMinute ms; a 429 holds everyone.
struct RateLimitTests {
    @Test func aBurstThenTheSteadyRate() {
        var bucket = TokenBucket(perMinute: 1200, burst: 3)
        #expect(bucket.take(nowMs: 0) == 0)
        #expect(bucket.take(nowMs: 0) == 0)
        #expect(bucket.take(nowMs: 0) == 0)
        // 1200 a minute: one every 50 ms.
        #expect(bucket.take(nowMs: 0) == 50)
        #expect(bucket.take(nowMs: 30) == 20)
        #expect(bucket.take(nowMs: 50) == 0)
        #expect(bucket.take(nowMs: 50) == 50)
    }

    @Test func neverMoreThanTheRateOverAMinute() {
        var bucket = TokenBucket(perMinute: 1200, burst: 20)
        var sent = 0
        var now: Int64 = 0
        while now <= 60_000 {
            let wait = bucket.take(nowMs: now)
            if wait == 0 { sent += 1 } else { now += wait }
        }
        // In the first minute (both ends included): the burst plus a minute's refill, and not one
        // more; well under the venue's 2000.
        #expect(sent == 20 + 1200)
    }

    @Test func aQuietSpellRefillsOnlyToTheBurst() {
        var bucket = TokenBucket(perMinute: 60, burst: 2)
        #expect(bucket.take(nowMs: 0) == 0)
        #expect(bucket.take(nowMs: 0) == 0)
        #expect(bucket.take(nowMs: 3_600_000) == 0)
        #expect(bucket.take(nowMs: 3_600_000) == 0)
        #expect(bucket.take(nowMs: 3_600_000) == 1000)
    }

    @Test func aPauseHoldsEveryRequest() {
        var bucket = TokenBucket(perMinute: 1200, burst: 20)
        bucket.pause(untilMs: 2_000)
        #expect(bucket.take(nowMs: 500) == 1_500)
        // A shorter pause does not cut a longer one short.
        bucket.pause(untilMs: 1_000)
        #expect(bucket.take(nowMs: 1_500) == 500)
        #expect(bucket.take(nowMs: 2_000) == 0)
    }

    @Test func theLimiterWaitsOutAPause() async throws {
        let now = Mutex<Int64>(0)
        var policy = RateLimitPolicy()
        policy.burst = 1
        policy.requestsPerMinute = 60_000
        let limiter = RequestRateLimiter(policy: policy, now: { now.withLock { $0 } })
        try await limiter.acquire()
        limiter.pause(for: .milliseconds(40))
        let waiting = Task {
            try await limiter.acquire()
            return now.withLock { $0 }
        }
        // The limiter sleeps real time; the clock it reads moves only when we say.
        try await Task.sleep(for: .milliseconds(30))
        now.withLock { $0 = 45 }
        let passedAt = try await waiting.value
        #expect(passedAt >= 40)
    }
}
