import Diagnosis
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// doctor's reading of a log held in memory, on one core, beside counting the lines that hold
/// `Order FILLED` in the same bytes (what `grep -c` does): both measured in the
/// same run, so the ratio says how much a line's rules cost over finding a word in it. Then the
/// whole command's path (the file read in chunks on every core) against the same count.
/// `scripts/bench-doctor.sh` measures the command against grep itself; this one is for
/// profiling (`perf record … bench doctor FILE`), where process start and the page cache stay out.
public enum DoctorBenchmark {
    /// The timings of one log, each the best of its runs.
    public struct Report: Sendable {
        /// The log's size.
        public var bytes: Int
        /// Lines in the log.
        public var lines: Int
        /// Seconds for doctor's rules over the bytes in memory, on one core.
        public var scanSeconds: Double
        /// Seconds for counting the `Order FILLED` lines in the same bytes: the baseline.
        public var countSeconds: Double
        /// Seconds for doctor's whole path over the file, on `workers` threads.
        public var fileSeconds: Double
        /// Threads the file was read on.
        public var workers: Int
        /// Lines holding `Order FILLED`.
        public var matches: Int

        /// The report as the CLI prints it, with the ratios.
        public var summary: String {
            func rate(_ seconds: Double) -> String { String(format: "%.0f MB/s", Double(bytes) / 1_000_000 / seconds) }
            func perLine(_ seconds: Double) -> String { String(format: "%.1f ns/line", seconds * 1e9 / Double(max(1, lines))) }
            return """
            log: \(String(format: "%.1f", Double(bytes) / 1_000_000)) MB, \(lines) lines
            count 'Order FILLED' lines, one core (CPU):   \(rate(countSeconds)), \(perLine(countSeconds))   [baseline]
            doctor's rules, in memory, one core (CPU):  \(rate(scanSeconds)), \(perLine(scanSeconds))
            doctor on the file, \(workers) workers:            \(rate(fileSeconds)), \(perLine(fileSeconds))
            rules / count: \(String(format: "%.2f", countSeconds / scanSeconds)); file (\(workers) workers) / count: \(String(format: "%.2f", countSeconds / fileSeconds)) (\(matches) lines matched)
            """
        }
    }

    /// Reads the log at `path` into memory, then times `runs` rounds of the three; the best of each.
    public static func run(path: String, runs: Int, workers: Int, progress: (String) -> Void) throws -> Report {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        let bytes = [UInt8](data)
        let clock = ContinuousClock()
        var lines = 0
        var matches = 0
        var best = (scan: Double.infinity, count: Double.infinity, file: Double.infinity)
        for run in 1...max(1, runs) {
            // One-core runs are timed in this thread's CPU time: on a shared machine, time spent
            // waiting for a core is not the code's.
            let count = threadCPUTime { (lines, matches) = countMatches(bytes) }
            let scan = threadCPUTime { _ = scanInMemory(bytes, file: path) }
            let file = try clock.measure {
                var diagnoser = LogDiagnoser()
                try diagnoser.feed(fileAt: path, name: path, workers: workers)
                _ = diagnoser.finish()
            }
            progress(String(format: "run %d: count %.4f s, rules %.4f s (CPU), file %.4f s", run, count, scan, file.seconds))
            best = (min(best.scan, scan), min(best.count, count), min(best.file, file.seconds))
        }
        return Report(bytes: bytes.count, lines: lines, scanSeconds: best.scan, countSeconds: best.count,
                      fileSeconds: best.file, workers: workers, matches: matches)
    }

    /// Seconds of this thread's CPU time that `body` takes.
    static func threadCPUTime(_ body: () -> Void) -> Double {
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }

    /// Lines, and lines holding `Order FILLED`: one `memmem` per match, then a skip to the line's end.
    static func countMatches(_ bytes: [UInt8]) -> (lines: Int, matches: Int) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return (0, 0) }
            let needle = Array("Order FILLED".utf8)
            var matches = 0
            var at = 0
            // `memmem` is a GNU extension Swift does not see: the first byte by `memchr`, then the rest.
            while at + needle.count <= raw.count, let hit = memchr(base + at, Int32(needle[0]), raw.count - needle.count + 1 - at) {
                let offset = base.distance(to: UnsafeRawPointer(hit))
                guard memcmp(base + offset, needle, needle.count) == 0 else { at = offset + 1; continue }
                matches += 1
                guard let newline = memchr(base + offset, 0x0A, raw.count - offset) else { break }
                at = base.distance(to: UnsafeRawPointer(newline)) + 1
            }
            var lines = 0
            var p = 0
            while p < raw.count, let newline = memchr(base + p, 0x0A, raw.count - p) {
                lines += 1
                p = base.distance(to: UnsafeRawPointer(newline)) + 1
            }
            return (lines, matches)
        }
    }

    /// The rules over the log in 4 MB parts of whole lines, absorbed in order, on this thread.
    static func scanInMemory(_ bytes: [UInt8], file: String) -> DiagnosisReport {
        var diagnoser = LogDiagnoser()
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var start = 0
            while start < raw.count {
                var end = min(raw.count, start + (4 << 20))
                if end < raw.count, let newline = memchr(base + end, 0x0A, raw.count - end) {
                    end = base.distance(to: UnsafeRawPointer(newline)) + 1
                } else {
                    end = raw.count
                }
                let part = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                let scanned = LogDiagnoser.scanPart(part, file: file, timelineWidth: diagnoser.timelineBucketSeconds)
                diagnoser.absorb(scanned, bytes: part)
                start = end
            }
        }
        return diagnoser.finish()
    }
}
