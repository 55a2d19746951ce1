/// How a watch ends, whichever venue it follows: after `seconds`, on SIGINT or SIGTERM (which
/// also ends a timed run early), or when the client itself stops (a failure it throws).
enum WatchLoop {
    static func run(seconds: Int?, _ client: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client() }
            group.addTask {
                if let seconds { try? await Task.sleep(for: .seconds(seconds)) } else { _ = await TerminationSignal.wait() }
            }
            group.addTask {
                if seconds != nil { _ = await TerminationSignal.wait() } else { try? await Task.sleep(for: .seconds(365 * 86_400)) }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }
}

/// A run's blindness as the watch shows it: blind now (and why), since when, and the blind
/// time of spells already over.
struct BlindTally {
    private(set) var reason: String?
    private(set) var since: ContinuousClock.Instant?
    private(set) var total: Duration = .zero
    private(set) var ever = false

    /// The client says no fill source has been alive for `forMs`.
    mutating func blind(reason: String, forMs: Int64) {
        if since == nil { since = ContinuousClock.now - .milliseconds(forMs) }
        self.reason = reason
        ever = true
    }

    /// A fill source is back.
    mutating func restored() {
        if let since { total += ContinuousClock.now - since }
        since = nil
        reason = nil
    }

    /// Blind time so far, a spell still open included.
    var time: Duration { total + (since.map { ContinuousClock.now - $0 } ?? .zero) }
}
