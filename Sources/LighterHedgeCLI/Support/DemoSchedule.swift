import Foundation

/// When a demo's account script trades, on either venue: from the moment the client listens
/// (`startNow`), or 3 s in when a fault keeps it from ever saying so; and until a little before
/// the end, so that a client knocked off by a fault can reconnect and reconcile before the fills
/// are compared.
final class DemoSchedule: Sendable {
    private let started = StartOnce()
    private let start: @Sendable () async -> Void
    private let timers: [Task<Void, any Error>]

    init(seconds: Int, start: @escaping @Sendable () async -> Void, stop: @escaping @Sendable () async -> Void) {
        self.start = start
        let settle = min(5, seconds / 3)
        let started = self.started
        timers = [
            Task {
                try await Task.sleep(for: .seconds(seconds - settle))
                await stop()
            },
            Task {
                try await Task.sleep(for: .seconds(3))
                if started.claim() { await start() }
            },
        ]
    }

    deinit { for timer in timers { timer.cancel() } }

    /// The client listens: trading starts, unless it already has.
    func startNow() {
        guard started.claim() else { return }
        let start = self.start
        Task { await start() }
    }

    /// True when trading never started (and now never will).
    func neverStarted() -> Bool { started.claim() }
}

/// True exactly once.
final class StartOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func claim() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}
