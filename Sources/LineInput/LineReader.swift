#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file, or any file descriptor (standard input, a pipe), line by line through one
/// reusable buffer, so a gigabyte log never sits in memory. A trailing `\r` is dropped so
/// CRLF files read like LF ones. Lines up to `maxLineBytes` arrive whole; a longer line
/// arrives cut to that length (counted in `truncatedLines`) and its rest is skipped, so one
/// endless line cannot exhaust memory.
package struct LineReader: ~Copyable {
    /// Why a file could not be read.
    package struct IOError: Error, CustomStringConvertible {
        /// The file's path (or the descriptor's name).
        package var path: String
        /// The call that failed (`open`, `read`).
        package var operation: String
        /// The `errno` it failed with.
        package var code: Int32
        /// `operation path: reason`.
        package var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    /// The file's path, or the name given for a descriptor.
    package let path: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let maxLineBytes: Int
    /// Dropping the rest of a line that was too long.
    private var skipping = false
    package private(set) var truncatedLines = 0
    private var buffer: UnsafeMutableRawBufferPointer
    /// Live bytes are `start..<end`.
    private var start = 0
    private var end = 0
    private var eof = false
    /// 1-based number of the line last returned.
    package private(set) var lineNumber = 0
    /// Bytes consumed so far, line terminators included.
    package private(set) var bytesRead = 0

    /// Opens `path`; reads `chunkSize` bytes at a time and cuts lines longer than `maxLineBytes`.
    /// Throws `IOError` when the file cannot be opened.
    package init(path: String, chunkSize: Int = 1 << 20, maxLineBytes: Int = Int.max) throws(IOError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw IOError(path: path, operation: "open", code: errno) }
        self.init(fileDescriptor: fd, name: path, closeWhenDone: true, chunkSize: chunkSize, maxLineBytes: maxLineBytes)
    }

    /// Reads an open descriptor (0 for standard input, a pipe's read end).
    package init(fileDescriptor: Int32, name: String, closeWhenDone: Bool, chunkSize: Int = 1 << 20,
                maxLineBytes: Int = Int.max) {
        self.path = name
        self.fd = fileDescriptor
        self.ownsDescriptor = closeWhenDone
        self.maxLineBytes = max(maxLineBytes, 16)
        self.buffer = .allocate(byteCount: max(min(chunkSize, self.maxLineBytes), 16), alignment: 16)
    }

    deinit {
        if ownsDescriptor { close(fd) }
        buffer.deallocate()
    }

    /// Calls `body` with each line's bytes (valid only during the call) and whether the
    /// line ended with a newline; false for a last line cut short or a line over the limit.
    package mutating func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, _ terminated: Bool) throws -> Void) throws {
        while true {
            guard let base = buffer.baseAddress else { return }
            let live = end - start
            if skipping, live > 0 {
                // The rest of an over-long line: drop it up to its newline.
                if let hit = memchr(base + start, 0x0A, live) {
                    let newline = base.distance(to: UnsafeMutableRawPointer(hit))
                    bytesRead += newline + 1 - start
                    start = newline + 1
                    skipping = false
                } else {
                    bytesRead += live
                    start = end
                }
                continue
            }
            if live > 0, let hit = memchr(base + start, 0x0A, live) {
                let newline = base.distance(to: UnsafeMutableRawPointer(hit))
                var lineEnd = newline
                if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                lineNumber += 1
                bytesRead += newline + 1 - start
                let line = UnsafeBufferPointer(start: (base + start).assumingMemoryBound(to: UInt8.self),
                                               count: lineEnd - start)
                start = newline + 1
                try body(line, true)
                continue
            }
            if live >= maxLineBytes {
                // No newline within the limit: hand over what fits, skip the rest.
                lineNumber += 1
                truncatedLines += 1
                bytesRead += maxLineBytes
                let line = UnsafeBufferPointer(start: (base + start).assumingMemoryBound(to: UInt8.self), count: maxLineBytes)
                start += maxLineBytes
                skipping = true
                try body(line, false)
                continue
            }
            if eof {
                if live > 0 {
                    var lineEnd = end
                    if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                    lineNumber += 1
                    bytesRead += live
                    let line = UnsafeBufferPointer(start: (base + start).assumingMemoryBound(to: UInt8.self),
                                                   count: lineEnd - start)
                    start = end
                    try body(line, false)
                }
                return
            }
            try fill()
        }
    }

    /// Moves the partial line to the front, grows the buffer when a line fills it, and reads.
    private mutating func fill() throws(IOError) {
        guard let base = buffer.baseAddress else { return }
        if start > 0 {
            let live = end - start
            if live > 0 { memmove(base, base + start, live) }
            end = live
            start = 0
        }
        if end == buffer.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: min(buffer.count * 2, max(maxLineBytes, buffer.count + 1)), alignment: 16)
            if let to = bigger.baseAddress { memcpy(to, base, end) }
            buffer.deallocate()
            buffer = bigger
        }
        guard let target = buffer.baseAddress else { return }
        while true {
            let n = read(fd, target + end, buffer.count - end)
            if n > 0 { end += n; return }
            if n == 0 { eof = true; return }
            if errno == EINTR { continue }
            throw IOError(path: path, operation: "read", code: errno)
        }
    }
}
