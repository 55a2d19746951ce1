#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a byte stream, given in chunks of any size, into lines numbered from 1.
///
/// Lines end at `\n`; a `\r` before it stays in the line (the diagnoser drops it). Only the
/// first `maxLineBytes` of a line are kept: everything the diagnoser reads sits near the start,
/// and a runaway line (a 1 MB payload dump, a file of NULs) must not grow memory.
struct LogLineSplitter: Sendable {
    let maxLineBytes: Int
    /// The start of a line that began in an earlier chunk.
    private var carry: [UInt8] = []
    /// Bytes of the carried line beyond `maxLineBytes`, dropped.
    private var carryDropped = 0
    private var hasCarry = false
    private(set) var lineNumber = 0
    /// Lines cut to `maxLineBytes`.
    private(set) var longLines = 0
    /// Bytes cut off those lines.
    private(set) var droppedBytes = 0

    init(maxLineBytes: Int = 64 * 1024) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Calls `body(line, lineNumber)` for every line completed by `chunk`.
    mutating func push(_ chunk: UnsafeRawBufferPointer,
                              _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        let bytes = chunk.bindMemory(to: UInt8.self)
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var start = 0
        while start < bytes.count {
            guard let hit = memchr(base + start, Int32(ASCII.lf), bytes.count - start) else {
                keep(UnsafeBufferPointer(start: base + start, count: bytes.count - start))
                return
            }
            let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            let piece = UnsafeBufferPointer(start: base + start, count: end - start)
            if hasCarry {
                keep(piece)
                emitCarry(body)
            } else {
                lineNumber += 1
                if piece.count > maxLineBytes {
                    longLines += 1
                    droppedBytes += piece.count - maxLineBytes
                    body(UnsafeBufferPointer(rebasing: piece[0..<maxLineBytes]), lineNumber)
                } else {
                    body(piece, lineNumber)
                }
            }
            start = end + 1
        }
    }

    /// Emits a last line that had no `\n`; true if there was one.
    @discardableResult
    mutating func finish(_ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) -> Bool {
        guard hasCarry else { return false }
        emitCarry(body)
        return true
    }

    private mutating func keep(_ piece: UnsafeBufferPointer<UInt8>) {
        hasCarry = true
        let room = maxLineBytes - carry.count
        if piece.count <= room {
            carry.append(contentsOf: piece)
        } else {
            if room > 0 { carry.append(contentsOf: piece[0..<room]) }
            carryDropped += piece.count - max(room, 0)
        }
    }

    private mutating func emitCarry(_ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        lineNumber += 1
        if carryDropped > 0 { longLines += 1 }
        droppedBytes += carryDropped
        carry.withUnsafeBufferPointer { body($0, lineNumber) }
        carry.removeAll(keepingCapacity: carry.capacity <= 1 << 20)
        carryDropped = 0
        hasCarry = false
    }
}
