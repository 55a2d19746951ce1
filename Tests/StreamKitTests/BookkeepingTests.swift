import StreamKit
import Testing

/// The venue-independent bookkeeping both clients rely on: backoff, blindness, stream gaps and
/// reconciliation progress.
struct BookkeepingTests {
    @Test func backoffDoublesUpToItsCeilingWithJitter() {
        let backoff = Backoff(initial: .milliseconds(250), maximum: .seconds(2))
        #expect(backoff.step(attempt: 1) == .milliseconds(250))
        #expect(backoff.step(attempt: 3) == .seconds(1))
        #expect(backoff.step(attempt: 4) == .seconds(2))
        #expect(backoff.step(attempt: 1000) == .seconds(2))
        for attempt in 1...8 {
            let delay = backoff.delay(attempt: attempt)
            #expect(delay >= backoff.step(attempt: attempt) / 2 && delay <= backoff.step(attempt: attempt))
        }
        // Jitter: clients cut off together do not all come back after the same delay.
        let delays = Set((0..<50).map { _ in backoff.delay(attempt: 4) })
        #expect(delays.count > 10, "50 delays took only \(delays.count) values")
        // One attempt only: a first step above the ceiling stays as given.
        #expect(Backoff(initial: .seconds(3600), maximum: .seconds(30)).step(attempt: 1) == .seconds(3600))
    }

    @Test func blindnessIsDeclaredLateRepeatedAndEnded() {
        var sight = SightWatch()
        #expect(sight.update(alive: false, nowMs: 1_000, blindAfterMs: 3_000, repeatMs: 5_000) == nil)
        #expect(sight.update(alive: false, nowMs: 3_999, blindAfterMs: 3_000, repeatMs: 5_000) == nil)
        #expect(sight.update(alive: false, nowMs: 4_000, blindAfterMs: 3_000, repeatMs: 5_000) == .blind(forMs: 3_000))
        #expect(sight.update(alive: false, nowMs: 8_000, blindAfterMs: 3_000, repeatMs: 5_000) == nil)
        #expect(sight.update(alive: false, nowMs: 9_000, blindAfterMs: 3_000, repeatMs: 5_000) == .blind(forMs: 8_000))
        #expect(sight.blindMilliseconds(nowMs: 10_000) == 9_000)
        #expect(sight.update(alive: true, nowMs: 11_000, blindAfterMs: 3_000, repeatMs: 5_000) == .restored(blindMs: 10_000))
        #expect(sight.update(alive: true, nowMs: 12_000, blindAfterMs: 3_000, repeatMs: 5_000) == nil)
        #expect(sight.blindMilliseconds(nowMs: 50_000) == 10_000)
    }

    @Test func aFillTheStreamShowsInTimeIsNoGap() {
        var watch = StreamGapWatch<Int64, String>()
        // An old fill is a gap at once; young ones wait for the stream.
        let now: Int64 = 100_000
        let found = watch.restFound([(1, now - 5_000, "old"), (2, now - 100, "shown later"), (3, now - 50, "never shown")],
                                    nowMs: now, graceMs: 2_000)
        #expect(found == ["old"])
        watch.streamShowed([2])
        #expect(watch.due(nowMs: now + 1_000, graceMs: 2_000).isEmpty)
        #expect(watch.due(nowMs: now + 2_000, graceMs: 2_000) == ["never shown"])
        #expect(watch.due(nowMs: now + 9_000, graceMs: 2_000).isEmpty)
    }

    @Test func progressOnlyMovesForwardAndCheckpointsOnceAMinute() {
        var progress = ReconcileProgress(fromMs: 1_000)
        #expect(!progress.isRecent(nowMs: 0, withinMs: 1_000))
        #expect(progress.advance(to: 5_000, nowMs: 70_000) == 5_000)
        #expect(progress.advance(to: 4_000, nowMs: 80_000) == nil)
        #expect(progress.fromMs == 5_000)
        #expect(progress.advance(to: 9_000, nowMs: 130_000) == 9_000)
        progress.succeeded(nowMs: 130_000)
        #expect(progress.isRecent(nowMs: 131_000, withinMs: 15_000))
        progress.failed("HTTP 500")
        #expect(!progress.isRecent(nowMs: 131_000, withinMs: 15_000))
        #expect(progress.lastError == "HTTP 500")
    }
}
