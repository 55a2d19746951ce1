import Synchronization

/// Keeps lines in memory: tests, and a ring of recent lines for a crash report.
public final class MemoryLogSink: LogSink {
    private let storage: Mutex<[String]>
    /// When set, only the newest `capacity` lines are kept.
    public let capacity: Int?

    /// Keeps every line, or only the newest `capacity`.
    public init(capacity: Int? = nil) {
        self.storage = Mutex([])
        self.capacity = capacity
    }

    /// Stores the line (dropping the oldest when over `capacity`).
    public func write(line: String) {
        storage.withLock { lines in
            lines.append(line)
            if let capacity, lines.count > capacity { lines.removeFirst(lines.count - capacity) }
        }
    }

    /// The lines kept, oldest first.
    public var lines: [String] { storage.withLock { $0 } }
    /// The lines as a file would hold them.
    public var text: String { lines.map { $0 + "\n" }.joined() }
    /// Forgets every line.
    public func clear() { storage.withLock { $0.removeAll() } }
}
