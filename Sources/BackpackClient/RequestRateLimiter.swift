import Journaling
import StreamKit
import Synchronization

/// Keeps our REST requests below the venue's limit: every request takes a token of the
/// `TokenBucket` first, waiting when there is none, and a 429 pauses every request of this
/// client, not only the one that met it.
package final class RequestRateLimiter: Sendable {
    private let bucket: Mutex<TokenBucket>
    private let now: @Sendable () -> Int64

    /// A limiter at the policy's rate, on the wall clock unless told otherwise.
    package init(policy: RateLimitPolicy, now: @escaping @Sendable () -> Int64 = WallClock.nowMilliseconds) {
        bucket = Mutex(TokenBucket(perMinute: policy.requestsPerMinute, burst: policy.burst))
        self.now = now
    }

    /// Waits for a token; throws only when the task is cancelled.
    package func acquire() async throws {
        while true {
            let wait = bucket.withLock { $0.take(nowMs: now()) }
            if wait == 0 { return }
            try await Task.sleep(for: .milliseconds(wait))
        }
    }

    /// Holds every request for `duration`.
    package func pause(for duration: Duration) {
        let until = now() + duration.wholeMilliseconds
        bucket.withLock { $0.pause(untilMs: until) }
    }

    /// Until when requests are held (local milliseconds); in the past when they are not.
    package var pausedUntilMs: Int64 { bucket.withLock { $0.pausedUntilMs } }
}
