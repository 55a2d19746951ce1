import Foundation

/// Output written by a thread of its own, so that a terminal, pipe or log that stops taking
/// text never stalls the caller (the stream client's loop): text waits in a bounded queue, past
/// the bound it is dropped and counted, and a line says how much once output moves again. A
/// status line is coalesced: only the newest waits.
public final class QueuedWriter: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private let target: @Sendable (String) -> Void
    private var pending: [String] = []
    private var status: String?
    private var dropped = 0
    private var droppedTotal = 0
    private var writing = false

    /// - Parameters:
    ///   - capacity: pieces of text that may wait; more are dropped and counted.
    ///   - target: writes one batch; may block, on the writer's thread only.
    public init(capacity: Int = 4096, target: @escaping @Sendable (String) -> Void) {
        self.capacity = max(1, capacity)
        self.target = target
        // The thread holds the writer for the life of the process: a writer is made once per
        // output and must outlive every line queued to it.
        let thread = Thread { self.drain() }
        thread.name = "lighter-hedge output"
        thread.start()
    }

    /// Queues text as it is to be written (newlines and terminal escapes included).
    public func write(_ text: String) {
        condition.lock(); defer { condition.unlock() }
        if pending.count >= capacity {
            dropped += 1
            droppedTotal += 1
            return
        }
        pending.append(text)
        condition.signal()
    }

    /// Replaces the status line waiting to be drawn, if any.
    public func setStatus(_ text: String) {
        condition.lock(); defer { condition.unlock() }
        status = text
        condition.signal()
    }

    /// Pieces of text dropped so far because the target was not taking them.
    public var droppedCount: Int {
        condition.lock(); defer { condition.unlock() }
        return droppedTotal
    }

    /// Waits until everything queued is written, or `timeout` passes (a reader that never reads
    /// again must not hold the process at exit). True when all was written.
    @discardableResult
    public func flush(timeout: TimeInterval = 2) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock(); defer { condition.unlock() }
        while !pending.isEmpty || status != nil || writing {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }

    private func drain() {
        while true {
            condition.lock()
            while pending.isEmpty && status == nil { condition.wait() }
            var batch = pending
            pending.removeAll(keepingCapacity: true)
            if let status { batch.append(status) }
            status = nil
            let lost = dropped
            dropped = 0
            writing = true
            condition.unlock()
            if lost > 0 { batch.insert("… \(lost) output lines dropped while the output was not being read\n", at: 0) }
            target(batch.joined())
            condition.lock()
            writing = false
            condition.broadcast()
            condition.unlock()
        }
    }
}
