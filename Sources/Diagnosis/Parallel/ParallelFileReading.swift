import Dispatch
import LineInput
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a log file could not be read (the chunked reader's error).
public typealias FileReadError = LineInput.FileReadError

/// Reading a regular file on several cores: the file is cut into chunks of whole lines, each
/// read by the order-free rules on whichever core is free (`LogDiagnoser.scanPart`), and the
/// chunks are absorbed in file order as soon as they are ready, by whichever core is free
/// then. The verdict is the one a single pass gives; the tests compare the two.
extension LogDiagnoser {
    /// Reads the regular file at `path`, naming it `name` in evidence. `workers` threads read
    /// `chunkBytes` at a time (by default, what leaves a chunk's buffer, its longest last line
    /// included, at 4 MB: two huge pages, which the kernel zeroes when first touched); at most a
    /// few chunks wait to be absorbed, so memory stays bounded.
    public mutating func feed(fileAt path: String, name: String, workers: Int = 2, chunkBytes: Int? = nil) throws {
        let chunkBytes = chunkBytes ?? max(1 << 20, (4 << 20) - options.maxLineBytes - 2)
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
                // The absorbing thread is behind: wait for it (a lock sleeps, where yielding in a
                // loop burns the core it waits for), then absorb what is ready.
                absorbReady()
                continue
            }
            let index = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            if index >= chunks { return }
            let buffer = waiting.withLock { $0.spareBuffers.popLast() } ?? ChunkBuffer(count: file.bufferBytes)
            do throws(FileReadError) {
                let (lines, dropped) = try file.read(index, into: buffer.bytes)
                var part = LogDiagnoser.scanPart(UnsafeRawBufferPointer(rebasing: buffer.bytes[lines]), file: file.name,
                                                 options: options, timelineWidth: timelineWidth.load(ordering: .relaxed))
                part.addDroppedBytes(dropped)
                waiting.withLock { $0.parts[index] = (part, buffer, lines) }
            } catch {
                waiting.withLock { $0.failure = error }
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
