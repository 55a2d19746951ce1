import Synchronization

/// Set once, read from any thread: tells a waiting loop that the server stopped.
final class StopFlag: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}
