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

/// Replaying a regular file on several cores: the file is cut into chunks of whole lines, each
/// decoded on whichever core is free (`ChunkDecoder`), and the chunks are taken by the pipeline
/// in file order (its books and fill tracker stay sequential) by whichever core is free then.
/// The summary is the one a single thread reading line by line gives; the tests compare the two.
final class ParallelReplay: Sendable {
    private struct Waiting {
        var chunks: [Int: DecodedChunk] = [:]
        var nextToTake = 0
        var spare: [DecodedChunk] = []
        var failure: FileReadError?
    }

    private let nextChunk = Atomic<Int>(0)
    private let waiting = Mutex(Waiting())
    private let pipeline: Mutex<ReplayPipeline>
    private let chunks: Int
    private let maxWaiting: Int

    private init(pipeline: ReplayPipeline, chunks: Int, maxWaiting: Int) {
        self.pipeline = Mutex(pipeline)
        self.chunks = chunks
        self.maxWaiting = maxWaiting
    }

    /// Feeds every frame of `file` to `pipeline` on `workers` threads; the pipeline after them.
    static func run(_ file: ChunkedFile, pipeline: ReplayPipeline, workers: Int) throws(FileReadError) -> ReplayPipeline {
        let shared = ParallelReplay(pipeline: pipeline, chunks: file.chunkCount, maxWaiting: 2 * max(1, workers))
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { _ in shared.work(file) }
        shared.pipeline.withLock { shared.takeReady(into: &$0) }
        if let failure = shared.waiting.withLock({ $0.failure }) { throw failure }
        return shared.pipeline.withLock { $0 }
    }

    /// One thread's loop: take what is ready, else decode the next chunk.
    private func work(_ file: ChunkedFile) {
        // Each thread reads into a buffer of its own: decoded frames keep nothing of its bytes.
        let buffer = ChunkBuffer(count: file.bufferBytes)
        var decoder = ChunkDecoder()
        while true {
            _ = pipeline.withLockIfAvailable { takeReady(into: &$0) }
            let (backlog, failed) = waiting.withLock { ($0.chunks.count, $0.failure != nil) }
            if failed { return }
            if backlog >= maxWaiting {
                // The taking thread is behind: wait for it, then take what is ready.
                pipeline.withLock { takeReady(into: &$0) }
                continue
            }
            let index = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            if index >= chunks { return }
            var chunk = waiting.withLock { $0.spare.popLast() } ?? DecodedChunk()
            do throws(FileReadError) {
                let (lines, _) = try file.read(index, into: buffer.bytes)
                let bytes = UnsafeRawBufferPointer(rebasing: buffer.bytes[lines]).bindMemory(to: UInt8.self)
                decoder.decode(bytes, into: &chunk)
                waiting.withLock { $0.chunks[index] = chunk }
            } catch {
                waiting.withLock { $0.failure = error }
                return
            }
        }
    }

    /// Takes every chunk that is next in order.
    private func takeReady(into pipeline: inout ReplayPipeline) {
        while let next = waiting.withLock({ state -> DecodedChunk? in
            guard let next = state.chunks.removeValue(forKey: state.nextToTake) else { return nil }
            state.nextToTake += 1
            return next
        }) {
            pipeline.take(next)
            waiting.withLock { $0.spare.append(next) }
        }
    }
}
