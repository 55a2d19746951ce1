import Synchronization

/// What a session inbox holds: a socket frame (counted against the bound), a timer tick
/// (coalesced), or some other input that never waits.
package protocol SessionInboxItem: Sendable {
    /// True for socket frames: they wait while the inbox is full.
    var isFrame: Bool { get }
    /// True for the timer's tick: one waiting tick makes another one unneeded.
    var isTick: Bool { get }
}

/// The input of one session, bounded: socket frames wait here; once `capacity` of them do, the
/// socket stops reading until the session has taken some (`isFull`, `onRoom`), so a peer that
/// floods (or a loop held up by slow output) costs TCP backpressure, not memory. The few other
/// inputs (ticks, REST and token results) never wait, and a tick already waiting makes another
/// one unneeded.
package final class SessionInbox<Item: SessionInboxItem>: Sendable {
    private struct State {
        var items: [Item] = []
        var head = 0
        var frames = 0
        var tickWaiting = false
        var finished = false
        var consumer: CheckedContinuation<Item?, Never>?
        /// Run once frames drop below the bound: the socket reads again.
        var roomWaiters: [@Sendable () -> Void] = []

        mutating func push(_ item: Item) -> CheckedContinuation<Item?, Never>? {
            if let consumer { self.consumer = nil; return consumer }
            items.append(item)
            if item.isFrame { frames += 1 }
            if item.isTick { tickWaiting = true }
            return nil
        }

        mutating func pop() -> Item? {
            guard head < items.count else { return nil }
            let item = items[head]
            head += 1
            if head > 1024, head * 2 > items.count { items.removeFirst(head); head = 0 }
            if item.isFrame { frames -= 1 }
            if item.isTick { tickWaiting = false }
            return item
        }
    }

    private let state = Mutex(State())
    /// Frames queued before the socket's reader waits.
    package let capacity: Int

    /// An inbox that holds at most `capacity` frames (at least one).
    package init(capacity: Int) { self.capacity = max(1, capacity) }

    /// For inputs that must not wait (they are few): queued at once. False when the inbox has
    /// finished (the item is dropped) or a tick already waits.
    @discardableResult
    package func post(_ item: Item) -> Bool {
        let (accepted, waiting): (Bool, CheckedContinuation<Item?, Never>?) = state.withLock { s in
            if s.finished { return (false, nil) }
            if item.isTick, s.tickWaiting { return (false, nil) }
            return (true, s.push(item))
        }
        waiting?.resume(returning: item)
        return accepted
    }

    /// True while the session waits for its next input with nothing queued: it is at rest, so a
    /// frame may be handled on the spot (`WebSocketFrameHandler`'s inline path) without passing
    /// anything queued before it. Only meaningful on the loop the session runs on.
    package var sessionIsWaiting: Bool { state.withLock { $0.consumer != nil && $0.head == $0.items.count } }

    /// Socket frames waiting for the session now.
    package var waitingFrames: Int { state.withLock { $0.frames } }

    /// True while `capacity` frames wait: the socket's reader then stops reading.
    package var isFull: Bool { state.withLock { $0.frames >= capacity && !$0.finished } }

    /// Runs `resume` once fewer than `capacity` frames wait, or the inbox has finished; at once
    /// when that is so already. The socket's reader reads again from there.
    package func onRoom(_ resume: @escaping @Sendable () -> Void) {
        let now = state.withLock { s -> Bool in
            if s.frames < capacity || s.finished { return true }
            s.roomWaiters.append(resume)
            return false
        }
        if now { resume() }
    }

    /// The next input, or nil once finished and drained.
    package func next() async -> Item? {
        let step: InboxStep<Item> = state.withLock { s in
            if let item = s.pop() {
                let wake = s.frames < capacity ? s.roomWaiters : []
                if !wake.isEmpty { s.roomWaiters.removeAll() }
                return .item(item, wake)
            }
            return s.finished ? .done : .wait
        }
        switch step {
        case .item(let item, let wake):
            for resume in wake { resume() }
            return item
        case .done:
            return nil
        case .wait:
            return await withCheckedContinuation { continuation in
                let ready: Item?? = state.withLock { s in
                    if let item = s.pop() { return .some(item) }
                    if s.finished { return .some(nil) }
                    s.consumer = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    /// Ends the input: a waiting reader is let go (what it posts now is dropped), the consumer
    /// gets what is queued, then nil.
    package func finish() {
        let (consumer, waiters) = state.withLock { s in
            s.finished = true
            let consumer = s.head < s.items.count ? nil : s.consumer
            if consumer != nil { s.consumer = nil }
            let waiters = s.roomWaiters
            s.roomWaiters.removeAll()
            return (consumer, waiters)
        }
        consumer?.resume(returning: nil)
        for resume in waiters { resume() }
    }
}

/// What `SessionInbox.next()` found under the lock: an item (and readers to resume), the end,
/// or nothing yet.
private enum InboxStep<Item> {
    case item(Item, [@Sendable () -> Void])
    case done
    case wait
}
