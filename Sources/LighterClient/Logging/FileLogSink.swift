import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Standard error, not closed on deinit.
    public static let standardError = FileLogSink(borrowing: 2, name: "<stderr>")
    /// Standard output, not closed on deinit.
    public static let standardOutput = FileLogSink(borrowing: 1, name: "<stdout>")

    deinit {
        if ownsDescriptor { descriptor.withLock { _ = close($0) } }
    }

    /// Appends `line` and a newline in one `write(2)`; a failing descriptor loses the line silently.
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
