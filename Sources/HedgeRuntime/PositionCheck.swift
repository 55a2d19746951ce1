import Journaling
import LighterProtocol

/// Reads a venue's position on a schedule for the engine to check its ledger against. A read
/// is reported only when no fill arrived from just before it until `quiet` after it: a fill the
/// venue counted but whose event was still on its way would show as a mismatch that is not one.
/// A read that fails or is not reported is tried again within two seconds.
struct PositionCheck: Sendable {
    var interval: Duration
    var quiet: Duration = .seconds(2)

    /// Runs until the task is cancelled.
    func run(read: @Sendable () async throws -> FixedDecimal, lastFillMs: @Sendable () -> Int64,
             report: @Sendable (FixedDecimal) -> Void) async {
        while !Task.isCancelled {
            let readMs = WallClock.nowMilliseconds()
            var reported = false
            if let position = try? await read() {
                try? await Task.sleep(for: quiet)
                if lastFillMs() < readMs, !Task.isCancelled {
                    report(position)
                    reported = true
                }
            }
            // A read that failed or came too close to a fill is tried again soon: quoting may be
            // waiting for it.
            try? await Task.sleep(for: reported ? interval : min(interval, .seconds(2)))
        }
    }
}
