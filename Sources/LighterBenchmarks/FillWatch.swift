import Foundation
import Histogram
import LighterClient
import Synchronization

/// What the latency benchmark's two sides share: the simulator notes when it writes an account
/// frame, the client's handler when the awaited fill arrives.
final class FillWatch: Sendable {
    private struct State {
        var clientOrderIndex: Int64?
        var timed = false
        var writtenAt: UInt64?
        var filled: FillEvent?
        var subscribed = false
        var waiter: CheckedContinuation<Void, Never>?
        var histogram = Histogram<UInt64>(highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
    }

    private let state = Mutex(State())

    var histogram: Histogram<UInt64> { state.withLock { $0.histogram } }

    /// The simulator wrote a frame; the first account frame after `arm` starts the clock.
    func frameWritten(_ text: String) {
        guard text.contains("\"update/account_") else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { s in
            if s.clientOrderIndex != nil, s.writtenAt == nil { s.writtenAt = now }
        }
    }

    /// The client's handler.
    func event(_ event: StreamEvent) {
        let now = DispatchTime.now().uptimeNanoseconds
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { s in
            switch event {
            case .fill(let fill) where fill.clientOrderIndex == s.clientOrderIndex && s.filled == nil:
                s.filled = fill
                if s.timed, let start = s.writtenAt { _ = s.histogram.record(now - min(start, now)) }
            case .subscription(.accountOrders, let subscription) where subscription.isConfirmed:
                s.subscribed = true
            default:
                return nil
            }
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// The next order's fill is the one timed (unless in the warm-up).
    func arm(_ clientOrderIndex: Int64, timed: Bool) {
        state.withLock { s in
            s.clientOrderIndex = clientOrderIndex
            s.timed = timed
            s.writtenAt = nil
            s.filled = nil
        }
    }

    func untilSubscribed() async throws { try await until(seconds: 20) { $0.subscribed } }

    /// The awaited fill, once the handler has it.
    func untilFilled() async throws -> FillEvent {
        try await until(seconds: 10) { $0.filled != nil }
        guard let fill = state.withLock({ $0.filled }) else { throw BenchmarkError("the fill went missing") }
        return fill
    }

    private func until(seconds: Int, _ done: @escaping @Sendable (State) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let ready = state.withLock { done($0) }
            if ready { return }
            // Woken by the handler, or after a while to look at the deadline.
            let timer = Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(100))
                self?.wake()
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if done(s) { return true }
                    s.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
            timer.cancel()
        }
        throw BenchmarkError("no answer within \(seconds) s")
    }

    private func wake() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }
}
