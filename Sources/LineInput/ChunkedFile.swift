#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

private let lineFeed = Int32(0x0A)

/// A file cut into chunks for reading on several threads: chunk `i` owns the lines that start in
/// its byte range, and reads past its end to finish its last one.
package struct ChunkedFile: Sendable {
    /// The open file; the caller owns it and closes it after the last read.
    package let fd: Int32
    /// The file's size in bytes, taken once: lines appended later are not read.
    package let size: Int
    /// Bytes per chunk (the last may be shorter).
    package let chunkBytes: Int
    /// How far past its range a chunk reads to finish its last line; longer lines are cut
    /// (a reader keeps only so much of a line: the diagnoser `maxLineBytes`, a replay a frame's
    /// limit).
    package let tailBytes: Int
    /// The file's name, for errors.
    package let name: String

    /// Chunks of `chunkBytes` of the open file `fd` (`size` bytes, taken once: lines appended while
    /// reading are left for the next run); `name` names it in errors.
    package init(fd: Int32, size: Int, chunkBytes: Int, tailBytes: Int, name: String) {
        self.fd = fd; self.size = size; self.chunkBytes = chunkBytes; self.tailBytes = tailBytes; self.name = name
    }

    /// How many chunks the file has.
    package var chunkCount: Int { size == 0 ? 0 : (size + chunkBytes - 1) / chunkBytes }
    /// The room `read` needs.
    package var bufferBytes: Int { 1 + chunkBytes + tailBytes }

    /// Reads chunk `index` into `buffer`: the range of its whole lines there, and how many
    /// bytes of its last line were left unread (a cut line).
    package func read(_ index: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FileReadError) -> (lines: Range<Int>, droppedBytes: Int) {
        let chunkStart = index * chunkBytes
        let chunkEnd = min(size, chunkStart + chunkBytes)
        // One byte before the range tells whether a line starts right at it.
        let readFrom = max(0, chunkStart - 1)
        var filled = try fill(buffer, at: 0, from: readFrom, count: chunkEnd - readFrom)
        let bytes = buffer.bindMemory(to: UInt8.self)
        guard let base = bytes.baseAddress else { return (0..<0, 0) }
        var first = 0
        if chunkStart > 0 {
            // The line that started before the range belongs to the previous chunk.
            guard let newline = memchr(base, lineFeed, filled) else { return (0..<0, 0) }
            first = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
            if first >= filled { return (0..<0, 0) }
        }
        if filled > 0, base[filled - 1] == 0x0A || chunkEnd == size { return (first..<filled, 0) }
        // Finish the last line from beyond the range.
        let tailStart = filled
        // Most lines end within a few hundred bytes: read a little first, the rest only if needed.
        let firstTail = min(4096, tailBytes, size - chunkEnd)
        filled += try fill(buffer, at: filled, from: chunkEnd, count: firstTail)
        if let newline = memchr(base + tailStart, lineFeed, filled - tailStart) {
            return (first..<(base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1), 0)
        }
        filled += try fill(buffer, at: filled, from: chunkEnd + firstTail, count: min(tailBytes, size - chunkEnd) - firstTail)
        if let newline = memchr(base + tailStart, lineFeed, filled - tailStart) {
            return (first..<(base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1), 0)
        }
        // A very long line: count the bytes up to its end, without keeping them. The part ends
        // without a newline, which a reader takes for an unterminated last line: add it back
        // when the line has one.
        let rest = try bytesUntilNewline(from: chunkEnd + (filled - tailStart))
        return (first..<filled, rest.count + (rest.newline ? 1 : 0))
    }

    private func fill(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int, from position: Int, count: Int) throws(FileReadError) -> Int {
        guard let base = buffer.baseAddress, count > 0 else { return 0 }
        var done = 0
        while done < count {
            let n = pread(fd, base + offset + done, count - done, off_t(position + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError(description: "\(name): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }  // the file shrank
            done += n
        }
        return done
    }

    private func bytesUntilNewline(from position: Int) throws(FileReadError) -> (count: Int, newline: Bool) {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 64)
        defer { scratch.deallocate() }
        guard let base = scratch.baseAddress else { return (0, false) }
        var at = position
        while at < size {
            let n = try fill(scratch, at: 0, from: at, count: min(scratch.count, size - at))
            if n == 0 { break }
            if let hit = memchr(base, lineFeed, n) { return (at - position + (UnsafeRawPointer(hit) - UnsafeRawPointer(base)), true) }
            at += n
        }
        return (at - position, false)
    }
}
