import Foundation

/// A log sink that never blocks the logger: lines go through a `QueuedWriter` to another sink
/// (standard output, a pipe or FIFO that may stop being read).
public struct QueuedLogSink: LogSink {
    /// The queue lines pass through (its drop counters included).
    public let writer: QueuedWriter

    /// Queues up to `capacity` pieces of text in front of `sink`.
    public init(_ sink: any LogSink, capacity: Int = 4096) {
        writer = QueuedWriter(capacity: capacity) { text in
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                sink.write(line: String(line))
            }
        }
    }

    /// Queues the line; never blocks (a full queue drops and counts it).
    public func write(line: String) { writer.write(line + "\n") }
}
