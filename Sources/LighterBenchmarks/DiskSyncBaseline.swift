import Foundation
import Histogram
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The disk's own price for a durable write, measured beside the ledger: a few pages written
/// over a file that already has them, then `fdatasync`, as a commit to a reused write-ahead log
/// does. A ledger commit at `synchronous = FULL` cannot be faster than this; the ratio of the two
/// says what SQLite and the engine add to the disk.
enum DiskSyncBaseline {
    /// Bytes written before each sync: about what one fill's transaction adds to the log
    /// (a few pages and their frame headers).
    static let writeBytes = 8192
    /// The file's size: the writes go round it, over blocks it already has.
    static let fileBytes = 8 << 20

    /// Times `count` write-and-sync rounds in a temporary file in `directory` (deleted after).
    static func measure(count: Int, warmUp: Int, directory: String) throws -> HedgeBenchmark.Figures {
        let path = (directory as NSString).appendingPathComponent("hedge-bench-sync-\(UUID().uuidString).bin")
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw BenchmarkError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer {
            close(fd)
            unlink(path)
        }
        let page = [UInt8](repeating: 0x5A, count: writeBytes)
        func write(at offset: Int) throws {
            let written = page.withUnsafeBytes { pwrite(fd, $0.baseAddress, writeBytes, off_t(offset)) }
            guard written == writeBytes else { throw BenchmarkError("write to \(path) failed: \(String(cString: strerror(errno)))") }
        }
        // The blocks exist and are on disk before the timing starts, as a reused log's are.
        for offset in stride(from: 0, to: fileBytes, by: writeBytes) { try write(at: offset) }
        guard fsync(fd) == 0 else { throw BenchmarkError("fsync of \(path) failed: \(String(cString: strerror(errno)))") }

        var histogram = Histogram<UInt64>(highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
        let slots = fileBytes / writeBytes
        for index in 0..<(count + warmUp) {
            let start = DispatchTime.now().uptimeNanoseconds
            try write(at: (index % slots) * writeBytes)
            guard dataSync(fd) == 0 else { throw BenchmarkError("fdatasync of \(path) failed: \(String(cString: strerror(errno)))") }
            let end = DispatchTime.now().uptimeNanoseconds
            if index >= warmUp { histogram.record(end - start) }
        }
        return HedgeBenchmark.figures("disk alone: 8 KiB overwrite + sync", histogram)
    }

    /// `fdatasync` where the platform declares it (what SQLite uses on Linux), `fsync` elsewhere.
    static func dataSync(_ fd: Int32) -> Int32 {
        #if canImport(Darwin)
        fsync(fd)
        #else
        fdatasync(fd)
        #endif
    }
}
