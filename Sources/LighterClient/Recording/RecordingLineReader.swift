#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file line by line through one reusable buffer, so a gigabyte recording never
/// sits in memory. Lines of any length work (the buffer grows to the longest line); a
/// trailing `\r` is dropped so CRLF files read like LF ones.
struct RecordingLineReader: ~Copyable {
    /// Why a file could not be read.
    struct IOError: Error, CustomStringConvertible {
        var path: String
        var operation: String
        var code: Int32
        var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    let path: String
    private let fd: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    /// Live bytes are `start..<end`.
    private var start = 0
    private var end = 0
    private var eof = false
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0
    /// Bytes consumed so far, line terminators included.
    private(set) var bytesRead = 0

    init(path: String, chunkSize: Int = 1 << 20) throws(IOError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw IOError(path: path, operation: "open", code: errno) }
        self.fd = fd
        self.buffer = .allocate(byteCount: max(chunkSize, 16), alignment: 16)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Calls `body` with each line's bytes (valid only during the call) and whether the
    /// line ended with a newline; false only for a last line cut short.
    mutating func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, _ terminated: Bool) throws -> Void) throws {
        while true {
            guard let base = buffer.baseAddress else { return }
            let live = end - start
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
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
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
