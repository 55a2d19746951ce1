import Dispatch
import Foundation
import Synchronization

/// Resolves when the process gets SIGINT or SIGTERM, so that a run can end cleanly
/// (journal flushed, socket closed) instead of being killed mid-write. Cancelling the
/// waiting task resolves it with nil.
enum TerminationSignal {
    static func wait() async -> Int32? {
        let waiter = Waiter()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiter.install(continuation)
                for signalNumber in [SIGINT, SIGTERM] {
                    signal(signalNumber, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                    source.setEventHandler { waiter.finish(signalNumber) }
                    source.resume()
                    waiter.keep(source)
                }
            }
        } onCancel: {
            waiter.finish(nil)
        }
    }

    /// Dispatch sources are thread-safe objects that the SDK does not mark Sendable.
    private struct SignalSource: @unchecked Sendable {
        let source: DispatchSourceSignal
    }

    /// Resumes its continuation exactly once, from a signal or from cancellation.
    private final class Waiter: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Int32?, Never>?
            var result: Int32??
            var sources: [SignalSource] = []
        }
        private let state = Mutex(State())

        func install(_ continuation: CheckedContinuation<Int32?, Never>) {
            let early: Int32?? = state.withLock { state in
                if let result = state.result { return result }
                state.continuation = continuation
                return nil
            }
            if let early { continuation.resume(returning: early) }
        }

        func keep(_ source: DispatchSourceSignal) {
            state.withLock { $0.sources.append(SignalSource(source: source)) }
        }

        func finish(_ signal: Int32?) {
            let continuation: CheckedContinuation<Int32?, Never>? = state.withLock { state in
                guard state.result == nil else { return nil }
                state.result = .some(signal)
                for held in state.sources { held.source.cancel() }
                let waiting = state.continuation.take()
                return waiting
            }
            continuation?.resume(returning: signal)
        }
    }
}
