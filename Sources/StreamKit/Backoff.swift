/// How long to wait before the next connection attempt: exponential from `initial` up to
/// `maximum`, with jitter between half and all of the step, so that many clients cut off at
/// once do not come back at once.
package struct Backoff: Sendable, Hashable {
    /// The step of the first attempt.
    package var initial: Duration
    /// The step never grows past this.
    package var maximum: Duration

    /// A backoff from `initial` to `maximum`.
    package init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The full step of attempt `attempt` (1 is the first), before jitter. The first is
    /// `initial` even above `maximum`: a caller that wants one attempt only sets it so.
    package func step(attempt: Int) -> Duration {
        var step = initial
        for _ in 1..<max(1, min(attempt, 30)) {
            step = step * 2
            if step >= maximum { return maximum }
        }
        return step
    }

    /// The delay before attempt `attempt`: its step times a random factor in 0.5...1.
    package func delay(attempt: Int) -> Duration {
        step(attempt: attempt) * Double.random(in: 0.5...1.0)
    }
}
