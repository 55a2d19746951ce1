import Synchronization

/// The input of one session, bounded: socket frames wait here, at most `capacity` of them; when
/// it is full the socket's reader waits too, so a peer that floods (or a loop held up by slow
/// output) costs TCP backpressure, not memory. The few other inputs (ticks, REST and token
/// results) never wait, and a tick already waiting makes another one unneeded.
final class SessionInbox: Sendable {
    private struct State {
        var items: [SessionInput] = []
        var head = 0
        var frames = 0
        var tickWaiting = false
        var finished = false
        var consumer: CheckedContinuation<SessionInput?, Never>?
        var producers: [CheckedContinuation<Void, Never>] = []

        mutating func push(_ item: SessionInput) -> CheckedContinuation<SessionInput?, Never>? {
            if let consumer { self.consumer = nil; return consumer }
            items.append(item)
            if case .text = item { frames += 1 }
            if case .tick = item { tickWaiting = true }
            return nil
        }

        mutating func pop() -> SessionInput? {
            guard head < items.count else { return nil }
            let item = items[head]
            head += 1
            if head > 1024, head * 2 > items.count { items.removeFirst(head); head = 0 }
            if case .text = item { frames -= 1 }
            if case .tick = item { tickWaiting = false }
            return item
        }
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// For inputs that must not wait (they are few): queued at once.
    func post(_ item: SessionInput) {
        let waiting: CheckedContinuation<SessionInput?, Never>? = state.withLock { s in
            if s.finished { return nil }
            if case .tick = item, s.tickWaiting { return nil }
            return s.push(item)
        }
        waiting?.resume(returning: item)
    }

    /// For socket frames: waits while `capacity` frames are queued.
    func send(_ item: SessionInput) async {
        while true {
            let full = state.withLock { $0.frames >= capacity && !$0.finished }
            if !full { break }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.frames < capacity || s.finished { return true }
                    s.producers.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        post(item)
    }

    /// The next input, or nil once finished and drained.
    func next() async -> SessionInput? {
        enum Step { case item(SessionInput, [CheckedContinuation<Void, Never>]), done, wait }
        let step: Step = state.withLock { s in
            if let item = s.pop() {
                let wake = s.frames < capacity ? s.producers : []
                if !wake.isEmpty { s.producers.removeAll() }
                return .item(item, wake)
            }
            return s.finished ? .done : .wait
        }
        switch step {
        case .item(let item, let wake):
            for producer in wake { producer.resume() }
            return item
        case .done:
            return nil
        case .wait:
            return await withCheckedContinuation { continuation in
                let ready: SessionInput?? = state.withLock { s in
                    if let item = s.pop() { return .some(item) }
                    if s.finished { return .some(nil) }
                    s.consumer = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    /// Ends the input: waiting producers go on (their items are dropped), the consumer gets
    /// what is queued, then nil.
    func finish() {
        let (consumer, producers) = state.withLock { s in
            s.finished = true
            let consumer = s.head < s.items.count ? nil : s.consumer
            if consumer != nil { s.consumer = nil }
            let producers = s.producers
            s.producers.removeAll()
            return (consumer, producers)
        }
        consumer?.resume(returning: nil)
        for producer in producers { producer.resume() }
    }
}
