import Synchronization

/// Transactions sent over the stream client's socket, waiting for their answers: each is
/// answered exactly once, by the venue's reply, by the connection's end, or by its timeout,
/// whichever comes first.
final class SocketTransactions: Sendable {
    private struct Waiting {
        var continuation: CheckedContinuation<SocketSendResult, Never>
        /// Written to a socket: without an answer its fate is unknown, not "not sent".
        var written = false
    }

    private struct State {
        var waiting: [String: Waiting] = [:]
        var nextID = 1
    }

    private let state = Mutex(State())

    /// A fresh request id (the venue echoes it in its answer).
    func newID() -> String {
        state.withLock { state in
            defer { state.nextID += 1 }
            return "tx-\(state.nextID)"
        }
    }

    func register(_ id: String, _ continuation: CheckedContinuation<SocketSendResult, Never>) {
        state.withLock { $0.waiting[id] = Waiting(continuation: continuation) }
    }

    func markWritten(_ id: String) { state.withLock { $0.waiting[id]?.written = true } }

    /// Whether an answer for `id` is awaited (an error frame naming it is that answer).
    func isWaiting(_ id: String) -> Bool { state.withLock { $0.waiting[id] != nil } }

    /// Answers `id` once; later answers for it are dropped.
    func resolve(_ id: String, _ result: SocketSendResult) {
        state.withLock { $0.waiting.removeValue(forKey: id) }?.continuation.resume(returning: result)
    }

    /// Answers `id`, if still waiting, as the timeout or the connection's end says.
    func abandon(_ id: String, reason: String) {
        guard let waiting = state.withLock({ $0.waiting.removeValue(forKey: id) }) else { return }
        waiting.continuation.resume(returning: waiting.written ? .unknown(reason) : .notSent(reason))
    }

    /// Every waiting request, when the connection ended.
    func abandonAll(reason: String) {
        let all = state.withLock { state -> [String: Waiting] in
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        for (_, waiting) in all {
            waiting.continuation.resume(returning: waiting.written ? .unknown(reason) : .notSent(reason))
        }
    }
}
