import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a regular file on several cores: the file is cut into chunks of whole lines, each
/// read by the order-free rules on whichever core is free (`LogDiagnoser.scanPart`), and the
/// chunks are absorbed in file order as soon as they are ready, by whichever core is free
/// then. The verdict is the one a single pass gives; the tests compare the two.
public struct FileReadError: Error, CustomStringConvertible {
    public var description: String
}

extension LogDiagnoser {
    /// Reads the regular file at `path`, naming it `name` in evidence. `workers` threads read
    /// `chunkBytes` at a time; at most a few chunks wait to be absorbed, so memory stays bounded.
    public mutating func feed(fileAt path: String, name: String, workers: Int = 2, chunkBytes: Int = 4 << 20) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileReadError(description: "\(name): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileReadError(description: "\(name): \(String(cString: strerror(errno)))") }
        // Lines appended while reading are left for the next run: the size is taken once.
        let reading = ChunkedFile(fd: fd, size: Int(info.st_size), chunkBytes: min(max(64, chunkBytes), 1 << 30),
                                  tailBytes: options.maxLineBytes + 1, name: name)
        let shared = SharedReading(diagnoser: self, chunks: reading.chunkCount, maxWaiting: 2 * max(1, workers))
        let options = self.options
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { _ in
            shared.work(reading, options: options)
        }
        shared.absorbReady()
        if let failure = shared.failure { throw failure }
        self = shared.finished()
    }
}

/// A file cut into chunks; chunk `i` owns the lines that start in its byte range.
struct ChunkedFile: Sendable {
    let fd: Int32
    let size: Int
    let chunkBytes: Int
    /// How far past its range a chunk reads to finish its last line; longer lines are cut
    /// (the diagnoser reads only `maxLineBytes` of a line).
    let tailBytes: Int
    let name: String

    var chunkCount: Int { size == 0 ? 0 : (size + chunkBytes - 1) / chunkBytes }
    var bufferBytes: Int { 1 + chunkBytes + tailBytes }

    /// Reads chunk `index` into `buffer`: the range of its whole lines there, and how many
    /// bytes of its last line were left unread (a cut line).
    func read(_ index: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> (lines: Range<Int>, droppedBytes: Int) {
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
            guard let newline = memchr(base, Int32(ASCII.lf), filled) else { return (0..<0, 0) }
            first = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
            if first >= filled { return (0..<0, 0) }
        }
        if filled > 0, base[filled - 1] == ASCII.lf || chunkEnd == size { return (first..<filled, 0) }
        // Finish the last line from beyond the range.
        let tailStart = filled
        // Most lines end within a few hundred bytes: read a little first, the rest only if needed.
        let firstTail = min(4096, tailBytes, size - chunkEnd)
        filled += try fill(buffer, at: filled, from: chunkEnd, count: firstTail)
        if let newline = memchr(base + tailStart, Int32(ASCII.lf), filled - tailStart) {
            return (first..<(base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1), 0)
        }
        filled += try fill(buffer, at: filled, from: chunkEnd + firstTail, count: min(tailBytes, size - chunkEnd) - firstTail)
        if let newline = memchr(base + tailStart, Int32(ASCII.lf), filled - tailStart) {
            return (first..<(base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1), 0)
        }
        // A very long line: count the bytes up to its end, without keeping them. The part ends
        // without a newline, which `scanPart` takes for an unterminated last line: add it back
        // when the line has one.
        let rest = try bytesUntilNewline(from: chunkEnd + (filled - tailStart))
        return (first..<filled, rest.count + (rest.newline ? 1 : 0))
    }

    private func fill(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int, from position: Int, count: Int) throws -> Int {
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

    private func bytesUntilNewline(from position: Int) throws -> (count: Int, newline: Bool) {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 64)
        defer { scratch.deallocate() }
        guard let base = scratch.baseAddress else { return (0, false) }
        var at = position
        while at < size {
            let n = try fill(scratch, at: 0, from: at, count: min(scratch.count, size - at))
            if n == 0 { break }
            if let hit = memchr(base, Int32(ASCII.lf), n) { return (at - position + (UnsafeRawPointer(hit) - UnsafeRawPointer(base)), true) }
            at += n
        }
        return (at - position, false)
    }
}

/// A chunk's bytes; handed from the thread that read it to the one that absorbs it, through
/// the mutex of `SharedReading`, and never used by two threads at once.
final class ChunkBuffer: @unchecked Sendable {
    let bytes: UnsafeMutableRawBufferPointer

    init(count: Int) {
        // Aligned to 2 MB and offered huge pages: the kernel copies every chunk into it, and
        // fewer pages mean fewer TLB misses (about 5% of the read on Linux).
        bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 2 << 20)
        #if os(Linux)
        if let base = bytes.baseAddress { _ = madvise(base, count, MADV_HUGEPAGE) }
        #endif
    }

    deinit { bytes.deallocate() }
}

/// What the reading threads share: the next chunk to claim, the chunks read and waiting, and
/// the diagnoser, held by one absorbing thread at a time.
final class SharedReading: Sendable {
    private struct Waiting {
        var parts: [Int: (part: ScannedPart, buffer: ChunkBuffer, lines: Range<Int>)] = [:]
        var nextToAbsorb = 0
        var spareBuffers: [ChunkBuffer] = []
        var failure: FileReadError?
    }

    private let nextChunk = Atomic<Int>(0)
    /// The absorbed timeline's bucket width: a chunk read later starts its own there.
    private let timelineWidth: Atomic<Int>
    private let waiting = Mutex(Waiting())
    private let diagnoser: Mutex<LogDiagnoser>
    private let chunks: Int
    private let maxWaiting: Int

    init(diagnoser: LogDiagnoser, chunks: Int, maxWaiting: Int) {
        timelineWidth = Atomic(diagnoser.timelineBucketSeconds)
        self.diagnoser = Mutex(diagnoser)
        self.chunks = chunks
        self.maxWaiting = maxWaiting
    }

    var failure: FileReadError? { waiting.withLock { $0.failure } }

    func finished() -> LogDiagnoser { diagnoser.withLock { $0 } }

    /// One thread's loop: absorb what is ready, else read the next chunk.
    func work(_ file: ChunkedFile, options: DiagnosisOptions) {
        while true {
            absorbReadyIfFree()
            let (backlog, failed) = waiting.withLock { ($0.parts.count, $0.failure != nil) }
            if failed { return }
            if backlog >= maxWaiting {
                // The absorbing thread is behind: let it catch up.
                sched_yield()
                continue
            }
            let index = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            if index >= chunks { return }
            let buffer = waiting.withLock { $0.spareBuffers.popLast() } ?? ChunkBuffer(count: file.bufferBytes)
            do {
                let (lines, dropped) = try file.read(index, into: buffer.bytes)
                var part = LogDiagnoser.scanPart(UnsafeRawBufferPointer(rebasing: buffer.bytes[lines]), file: file.name,
                                                 options: options, timelineWidth: timelineWidth.load(ordering: .relaxed))
                part.addDroppedBytes(dropped)
                waiting.withLock { $0.parts[index] = (part, buffer, lines) }
            } catch {
                waiting.withLock { $0.failure = error as? FileReadError ?? FileReadError(description: "\(error)") }
                return
            }
        }
    }

    /// Absorbs the chunks that are next in order, unless another thread is doing so.
    private func absorbReadyIfFree() {
        _ = diagnoser.withLockIfAvailable { absorbReady(into: &$0) }
    }

    /// Absorbs every chunk that is next in order (after the threads are done: all of them).
    func absorbReady() {
        diagnoser.withLock { absorbReady(into: &$0) }
    }

    private func absorbReady(into diagnoser: inout LogDiagnoser) {
        while let next = waiting.withLock({ state -> (part: ScannedPart, buffer: ChunkBuffer, lines: Range<Int>)? in
            guard let next = state.parts.removeValue(forKey: state.nextToAbsorb) else { return nil }
            state.nextToAbsorb += 1
            return next
        }) {
            diagnoser.absorb(next.part, bytes: UnsafeRawBufferPointer(rebasing: next.buffer.bytes[next.lines]))
            timelineWidth.store(diagnoser.timelineBucketSeconds, ordering: .relaxed)
            waiting.withLock { $0.spareBuffers.append(next.buffer) }
        }
    }
}
