import Foundation

/// Standard output written by a thread of its own, so that a terminal or pipe that stops
/// reading never stalls the stream client: text waits in a bounded queue, past the bound it is
/// dropped and counted, and a line says how much once output moves again. The status line is
/// coalesced: only the newest waits.
final class OutputQueue: @unchecked Sendable {
    static let shared = OutputQueue(capacity: 4096)

    private let condition = NSCondition()
    private let capacity: Int
    private var pending: [String] = []
    private var status: String?
    private var dropped = 0
    private var writing = false

    init(capacity: Int) {
        self.capacity = capacity
        let thread = Thread { [unowned self] in self.drain() }
        thread.name = "lighter-hedge stdout"
        thread.start()
    }

    /// Queues text as it is to be written (newlines and terminal escapes included).
    func write(_ text: String) {
        condition.lock(); defer { condition.unlock() }
        if pending.count >= capacity { dropped += 1; return }
        pending.append(text)
        condition.signal()
    }

    /// Replaces the status line waiting to be drawn, if any.
    func setStatus(_ text: String) {
        condition.lock(); defer { condition.unlock() }
        status = text
        condition.signal()
    }

    /// Waits until everything queued is written, or `timeout` passes (a reader that never
    /// reads again must not hold the process at exit).
    func flush(timeout: TimeInterval = 2) {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock(); defer { condition.unlock() }
        while !pending.isEmpty || status != nil || writing {
            if !condition.wait(until: deadline) { return }
        }
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
            if lost > 0 { batch.insert("\r\u{1B}[2K… \(lost) output lines dropped while standard output was not being read\n", at: 0) }
            StandardStreams.out(batch.joined())
            condition.lock()
            writing = false
            condition.broadcast()
            condition.unlock()
        }
    }
}
