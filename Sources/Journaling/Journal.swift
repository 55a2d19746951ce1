import Foundation
import LineInput
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The durable record of a venue's fills: one JSON fill per line, each on disk before `append`
/// returns, with marks (`JournalRecord`) for where the history begins and how far each run got.
/// A client appends a fill before any handler hears of it, so after a crash `read` and a
/// restore of its tracker never re-announce a fill and never lose one that a handler saw.
///
/// One process at a time: opening takes an exclusive `flock` for as long as the journal is
/// open, and a second opener is refused with the holder's pid (`JournalError.locked`).
public final class Journal<Fill: JournaledFill>: Sendable {
    /// The journal's file.
    public let path: String
    /// Bytes of a half-written last line (a crash mid-append) cut off when opening.
    public let discardedTailBytes: Int
    /// What the journal held when it was opened (before this run's own `run` mark).
    public let contents: JournalContents<Fill>
    /// True when the file did not exist or was empty: a new history.
    public let isNew: Bool

    private struct Writer {
        var fd: Int32
        let encoder: JSONEncoder
    }

    private let writer: Mutex<Writer>

    /// Opens (or creates) the journal at `path` and holds its lock until `close`: cuts a
    /// half-written last line, reads what it holds, then marks this run. Throws `.locked` when
    /// another process holds it.
    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw JournalError.io(path: path, operation: "create directory", reason: "\(error)")
        }
        let existed = FileManager.default.fileExists(atPath: path)
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JournalError.io(path: path, operation: "open", reason: Self.errnoText()) }
        // Locked before anything is read or cut: the holder may be mid-append.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = Self.errnoText()
            posixClose(fd)
            if busy { throw JournalError.locked(path: path, holderPID: (try? Self.read(path: path))?.lastRun?.pid) }
            throw JournalError.io(path: path, operation: "lock", reason: reason)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            discardedTailBytes = try Self.cutPartialLastLine(fd: fd, path: path)
            contents = try Self.read(path: path)
            isNew = lseek(fd, 0, SEEK_END) == 0
            // A new file's directory entry must be durable too, or a crash can lose the file.
            if !existed { Self.syncDirectory(directory.path) }
        } catch {
            posixClose(fd)
            throw error
        }
        writer = Mutex(Writer(fd: fd, encoder: encoder))
        try append(record: .run(.init(pid: getpid(), startedMs: WallClock.nowMilliseconds())))
    }

    deinit {
        writer.withLock { if $0.fd >= 0 { posixClose($0.fd); $0.fd = -1 } }
    }

    /// Writes `event` as one line and waits until it is on disk.
    public func append(_ event: Fill) throws(JournalError) {
        try append(record: .fill(event))
    }

    /// Writes one record as one line and waits until it is on disk.
    public func append(record: JournalRecord<Fill>) throws(JournalError) {
        try writer.withLock { w throws(JournalError) in
            guard w.fd >= 0 else { throw .io(path: path, operation: "append", reason: "journal is closed") }
            var line: Data
            do { line = try Self.encode(record, with: w.encoder) } catch {
                throw .io(path: path, operation: "encode", reason: "\(error)")
            }
            line.append(0x0A)
            let fd = w.fd
            let before = lseek(fd, 0, SEEK_END)
            let written: Result<Void, JournalError> = line.withUnsafeBytes { bytes in
                do throws(JournalError) { return .success(try Self.writeAll(fd: fd, bytes, path: path)) }
                catch { return .failure(error) }
            }
            if case .failure = written, before >= 0 {
                // Take back a half-written line (disk full) so later appends start clean.
                _ = ftruncate(fd, before)
            }
            try written.get()
            // The caller announces the fill only after this: it must survive a power cut.
            while fsync(w.fd) != 0 {
                if errno != EINTR { throw .io(path: path, operation: "fsync", reason: Self.errnoText()) }
            }
        }
    }

    /// Flushes and closes; the lock goes with the descriptor.
    public func close() {
        writer.withLock { w in
            if w.fd >= 0 { _ = fsync(w.fd); posixClose(w.fd); w.fd = -1 }
        }
    }

    /// The journal's descriptor, for tests that make the disk fail under it (`dup2` of
    /// `/dev/full`).
    package var descriptorForTesting: Int32 { writer.withLock { $0.fd } }

    private static func encode(_ record: JournalRecord<Fill>, with encoder: JSONEncoder) throws -> Data {
        switch record {
        case .fill(let value): try encoder.encode(value)
        case .origin(let value): try encoder.encode(value)
        case .baseline(let value): try encoder.encode(BaselineLine(baseline: value))
        case .checkpoint(let value): try encoder.encode(value)
        case .run(let value): try encoder.encode(value)
        }
    }

    /// Every fill in the journal, in order (the marks left out). See `read(path:)`.
    public static func load(path: String) throws -> [Fill] {
        try read(path: path).fills
    }

    /// Every record in the journal, in one pass. A last line without its newline is the trace of
    /// a crash mid-append and is skipped; any other bad line throws `.corruptLine` naming the
    /// file and line.
    public static func read(path: String) throws -> JournalContents<Fill> {
        guard FileManager.default.fileExists(atPath: path) else { return JournalContents() }
        var reader: LineReader
        // A journal line is a few hundred bytes: a longer one is damage, and a file with no
        // newline must not be read into memory whole.
        let maxLineBytes = 1 << 20
        do { reader = try LineReader(path: path, maxLineBytes: maxLineBytes) } catch {
            throw JournalError.io(path: path, operation: "open", reason: error.description)
        }
        let decoder = JSONDecoder()
        var contents = JournalContents<Fill>()
        var lineNumber = 0
        do {
            try reader.forEachLine { line, terminated in
                lineNumber += 1
                if line.count >= maxLineBytes {
                    throw JournalError.corruptLine(path: path, line: lineNumber, reason: "longer than 1 MiB: not a journal line")
                }
                // Appends write the newline with the event, so a line without one was never
                // acknowledged (and `init` cuts it off): skip it even if it happens to parse.
                guard terminated else { return }
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
                do {
                    contents.add(try decodeRecord(Data(buffer: line), decoder))
                } catch {
                    throw JournalError.corruptLine(path: path, line: lineNumber, reason: Self.describe(error))
                }
            }
        } catch let error as LineReader.IOError {
            throw JournalError.io(path: path, operation: "read", reason: error.description)
        }
        return contents
    }

    private struct Kind: Decodable { var kind: String? }

    /// A baseline carries its venue's own shape under one key, beside the `kind`.
    private struct BaselineLine: Codable {
        var kind = "baseline"
        var baseline: Fill.Baseline
    }

    private static func decodeRecord(_ data: Data, _ decoder: JSONDecoder) throws -> JournalRecord<Fill> {
        switch try decoder.decode(Kind.self, from: data).kind {
        case nil: .fill(try decoder.decode(Fill.self, from: data))
        case "origin"?: .origin(try decoder.decode(JournalOrigin.self, from: data))
        case "baseline"?: .baseline(try decoder.decode(BaselineLine.self, from: data).baseline)
        case "checkpoint"?: .checkpoint(try decoder.decode(JournalCheckpoint.self, from: data))
        case "run"?: .run(try decoder.decode(JournalRun.self, from: data))
        case let other?:
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown record kind '\(other.prefix(40))'"))
        }
    }

    // MARK: - Helpers

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(path): \(context.debugDescription)"
        default: return "\(error)"
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    private static func writeAll(fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(JournalError) {
        guard var pointer = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, pointer, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write", reason: errnoText())
            }
            pointer += n
            left -= n
        }
    }

    /// Truncates the file after its last newline, so the next append starts a fresh line
    /// instead of gluing onto a half-written one. Returns the bytes removed.
    private static func cutPartialLastLine(fd: Int32, path: String) throws(JournalError) -> Int {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return 0 }
        var keep = Int64(size)
        var chunk = [UInt8](repeating: 0, count: 4096)
        scan: while keep > 0 {
            let from = max(0, keep - Int64(chunk.count))
            let count = Int(keep - from)
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(from)) }
            guard n == count else { throw .io(path: path, operation: "read", reason: errnoText()) }
            for i in stride(from: count - 1, through: 0, by: -1) where chunk[i] == 0x0A {
                keep = from + Int64(i) + 1
                break scan
            }
            keep = from
        }
        let removed = Int(Int64(size) - keep)
        guard removed > 0 else { return 0 }
        guard ftruncate(fd, off_t(keep)) == 0, fsync(fd) == 0 else {
            throw .io(path: path, operation: "truncate", reason: errnoText())
        }
        return removed
    }

    private static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        posixClose(fd)
    }
}

/// `close(2)`, which `Journal.close()` shadows inside the class.
private func posixClose(_ fd: Int32) {
    _ = close(fd)
}

extension Journal {
    /// Makes each fill durable, then hands it to `report`, in order. Stops at the first fill that
    /// cannot be written and returns why: that fill and the rest are not reported (reported now
    /// and lost from the journal, a restart would report them again). Without a journal every
    /// fill is reported.
    public static func deliver(_ fills: [Fill], through journal: Journal<Fill>?,
                               to report: (Fill) -> Void) -> JournalError? {
        for fill in fills {
            do throws(JournalError) { try journal?.append(fill) } catch { return error }
            report(fill)
        }
        return nil
    }
}
