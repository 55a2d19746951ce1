import StreamKit
import Synchronization

/// A probe's listening window: runs a client, keeps its events with their time from the start,
/// and hangs up after the window or as soon as the connection failed. Both venues' probes
/// listen this way.
final class ProbeCollector<Event: Sendable>: Sendable {
    private let events = Mutex<[(Int64, Event)]>([])
    private let started = ContinuousClock.now

    private var elapsedMs: Int64 { (ContinuousClock.now - started).wholeMilliseconds }

    private func add(_ event: Event) {
        let ms = elapsedMs
        events.withLock { $0.append((ms, event)) }
    }

    private var all: [(Int64, Event)] { events.withLock { $0 } }

    /// Runs `client` for `seconds`, or until an event `ends` the probe (a failed connection:
    /// other faults show late, so the probe otherwise listens the whole time). Returns what
    /// came before the probe hung up, and how long it listened.
    static func listen(seconds: Int, endsEarly ends: @escaping @Sendable (Event) -> Bool,
                       client: @escaping @Sendable (@escaping @Sendable (Event) -> Void) async throws -> Void)
        async -> (events: [(Int64, Event)], seconds: Double) {
        let collector = ProbeCollector<Event>()
        let clock = ContinuousClock()
        let deadline = collector.started + .seconds(seconds)
        let task = Task { try await client { collector.add($0) } }
        while clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            if collector.all.contains(where: { ends($0.1) }) { break }
        }
        // What happens after this is the probe hanging up, not the server.
        let stoppedAtMs = collector.elapsedMs
        task.cancel()
        _ = await task.result
        return (collector.all.filter { $0.0 < stoppedAtMs }, Double(collector.elapsedMs) / 1000)
    }
}
