import Foundation
import Journaling
import LighterProtocol
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes every received frame to a file for `--record FILE`, one JSON line each:
/// `{"t":<ms since epoch>,"frame":"<the frame text as a JSON string>"}`.
///
/// Secrets are removed before anything is buffered, wherever they sit in the frame (a server
/// may echo a token inside an error message): the tokens the client registered, then every
/// shape `LogRedaction` knows (`"auth"` fields, auth and read-only token signatures, API keys).
/// Lines are buffered and written when the buffer is large or a second
/// has passed, and on `flush()`/`close()`; a recording is a diagnostic, so it is not fsynced
/// per frame the way the fill journal is.
public final class FrameRecorder: Sendable {
    /// Why the recording file could not be opened or written.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The recording's path.
        public var path: String
        /// The system's reason (`strerror`).
        public var reason: String
        /// `recording path: reason`.
        public var description: String { "recording \(path): \(reason)" }
    }

    /// The file being written.
    public let path: String
    /// Buffered bytes that trigger a write.
    public static let flushBytes = 256 * 1024
    /// Longest time a line waits in the buffer, when frames keep arriving.
    public static let flushIntervalMs: Int64 = 1000

    private struct State {
        var fd: Int32
        var buffer: [UInt8] = []
        var lastFlushMs: Int64
        var secrets: [String] = []
        var framesRecorded = 0
        /// The first write error; recording stops rather than throwing into the stream.
        var failure: String?
    }

    private let state: Mutex<State>

    /// Creates or truncates `path` (and its directory); `authTokens` are removed from every frame
    /// on top of what `LogRedaction` removes. Throws `Failure` when the file cannot be opened.
    public init(path: String, authTokens: [String] = []) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        var initial = State(fd: fd, lastFlushMs: Self.nowMs())
        initial.buffer.reserveCapacity(Self.flushBytes + 4096)
        initial.secrets = authTokens.filter { !$0.isEmpty }
        state = Mutex(initial)
    }

    deinit {
        close()
    }

    /// Registers a token (or any secret) to blank out of later frames, e.g. after a refresh.
    public func redact(token: String) {
        guard !token.isEmpty else { return }
        state.withLock { if !$0.secrets.contains(token) { $0.secrets.append(token) } }
    }

    /// Records one received frame. `timeMs` defaults to now.
    public func record(_ frame: String, timeMs: Int64? = nil) {
        let now = Self.nowMs()
        state.withLock { s in
            guard s.fd >= 0, s.failure == nil else { return }
            var text = frame
            for secret in s.secrets where text.contains(secret) {
                text = text.replacingOccurrences(of: secret, with: Redaction.token(secret))
            }
            text = LogRedaction.redact(text)
            var line = "{\"t\":"
            line += String(timeMs ?? now)
            line += ",\"frame\":"
            JSONWriter.appendEscaped(text, to: &line)
            line += "}\n"
            s.buffer.append(contentsOf: line.utf8)
            s.framesRecorded += 1
            if s.buffer.count >= Self.flushBytes || now - s.lastFlushMs >= Self.flushIntervalMs {
                Self.drain(&s, path: path, now: now)
            }
        }
    }

    /// Frames recorded so far.
    public var framesRecorded: Int { state.withLock { $0.framesRecorded } }

    /// The write error that stopped the recording, if any.
    public var failure: String? { state.withLock { $0.failure } }

    /// Writes buffered lines to the file.
    public func flush() {
        state.withLock { Self.drain(&$0, path: path, now: Self.nowMs()) }
    }

    /// Writes what is buffered, syncs and closes. Later frames are dropped.
    public func close() {
        state.withLock { s in
            guard s.fd >= 0 else { return }
            Self.drain(&s, path: path, now: Self.nowMs())
            _ = fsync(s.fd)
            posixClose(s.fd)
            s.fd = -1
        }
    }

    private static func drain(_ s: inout State, path: String, now: Int64) {
        s.lastFlushMs = now
        guard s.fd >= 0, !s.buffer.isEmpty else { return }
        let fd = s.fd
        let error: Int32? = s.buffer.withUnsafeBytes { bytes in
            guard var pointer = bytes.baseAddress else { return nil }
            var left = bytes.count
            while left > 0 {
                let n = write(fd, pointer, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                pointer += n
                left -= n
            }
            return nil
        }
        if let error { s.failure = String(cString: strerror(error)) }
        s.buffer.removeAll(keepingCapacity: true)
    }

    static func nowMs() -> Int64 { WallClock.nowMilliseconds() }
}

/// `close(2)`, which `FrameRecorder.close()` shadows inside the class.
private func posixClose(_ fd: Int32) {
    _ = close(fd)
}
