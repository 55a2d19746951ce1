import LighterProtocol
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One thread's decoding of chunks: the lines of a chunk (a recording's or a plain capture's)
/// read as `RecordingReader.forEachFrame` reads them, each frame decoded into a `DecodedChunk`.
/// Keeps its scratch buffers from chunk to chunk.
struct ChunkDecoder {
    private var scratch: [UInt8] = []
    private var levels = FrameDecoder.Levels()

    /// Decodes the lines in `lines` (whole lines; the last may lack its newline) into `chunk`,
    /// which is emptied first.
    mutating func decode(_ lines: UnsafeBufferPointer<UInt8>, into chunk: inout DecodedChunk) {
        chunk.removeAll()
        guard let base = lines.baseAddress else { return }
        // Held in locals for the loop: the closure below may not capture `self` while it is in use.
        var scratch: [UInt8] = []
        var levels = FrameDecoder.Levels()
        swap(&scratch, &self.scratch)
        swap(&levels, &self.levels)
        defer {
            swap(&scratch, &self.scratch)
            swap(&levels, &self.levels)
        }
        var start = 0
        while start < lines.count {
            let end = memchr(base + start, 0x0A, lines.count - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
                ?? lines.count
            // `LineReader` hands over at most this much of a line and skips the rest.
            let line = UnsafeBufferPointer(start: base + start, count: min(end - start, RecordingReader.maxFrameBytes))
            RecordingReader.parse(line: line, scratch: &scratch) { timeMs, frame in
                do {
                    switch try FrameDecoder.decode(frame, levels: &levels) {
                    case .orderBook(let header):
                        chunk.appendBook(header, levels: &levels, timeMs: timeMs, byteCount: frame.count)
                    case .frame(let decoded):
                        chunk.appendFrame(decoded, timeMs: timeMs, byteCount: frame.count)
                    }
                } catch {
                    chunk.appendUndecodable(timeMs: timeMs, byteCount: frame.count)
                }
            }
            start = end + 1
        }
    }
}
