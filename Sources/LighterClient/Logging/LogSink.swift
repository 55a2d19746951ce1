import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where formatted log lines go. A sink receives whole lines without the newline and must be
/// safe to call from any thread.
public protocol LogSink: Sendable {
    func write(line: String)
}

/// Why a log file could not be opened.
public struct LogSinkError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var errno: Int32
    public var description: String { "cannot open log file \(path) (errno \(errno))" }
}

/// Appends lines to a file descriptor: a log file (like the Python bot's
/// `logs/backpack_ETH_hedge_mode_log.txt`), standard error or standard output.
///
/// Each line is one `write(2)` on an `O_APPEND` descriptor, so there is no user-space buffer to
/// flush (a crash loses no line already logged) and lines from two processes never interleave
/// mid-line. The mutex keeps a line whose write returns short from being split by another thread.
public final class FileLogSink: LogSink {
    private let descriptor: Mutex<Int32>
    private let ownsDescriptor: Bool
    /// The file's path, or `<stderr>` / `<stdout>`.
    public let path: String

    /// Opens (creating it and its directory when needed) `path` for appending.
    public init(path: String) throws(LogSinkError) {
        // Through URL: NSString's path methods trap on a one-character name on Linux.
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LogSinkError(path: path, errno: errno) }
        self.descriptor = Mutex(fd)
        self.ownsDescriptor = true
        self.path = path
    }

    private init(borrowing fd: Int32, name: String) {
        self.descriptor = Mutex(fd)
        self.ownsDescriptor = false
        self.path = name
    }

    public static let standardError = FileLogSink(borrowing: 2, name: "<stderr>")
    public static let standardOutput = FileLogSink(borrowing: 1, name: "<stdout>")

    deinit {
        if ownsDescriptor { descriptor.withLock { _ = close($0) } }
    }

    public func write(line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        descriptor.withLock { fd in
            bytes.withUnsafeBytes { writeAll(fd, $0) }
        }
    }
}

/// Writes every byte unless the descriptor fails; a failing log must never stop the bot.
private func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) {
    guard var base = buffer.baseAddress else { return }
    var left = buffer.count
    while left > 0 {
        let written = write(fd, base, left)
        if written < 0 {
            if errno == EINTR { continue }
            return
        }
        left -= written
        base += written
    }
}

/// Keeps lines in memory: tests, and a ring of recent lines for a crash report.
public final class MemoryLogSink: LogSink {
    private let storage: Mutex<[String]>
    /// When set, only the newest `capacity` lines are kept.
    public let capacity: Int?

    public init(capacity: Int? = nil) {
        self.storage = Mutex([])
        self.capacity = capacity
    }

    public func write(line: String) {
        storage.withLock { lines in
            lines.append(line)
            if let capacity, lines.count > capacity { lines.removeFirst(lines.count - capacity) }
        }
    }

    public var lines: [String] { storage.withLock { $0 } }
    /// The lines as a file would hold them.
    public var text: String { lines.map { $0 + "\n" }.joined() }
    public func clear() { storage.withLock { $0.removeAll() } }
}
