import Foundation

/// Writing to standard output and error without crashing when the reader has gone (`| head`):
/// Foundation's `FileHandle.write(_:)` traps on EPIPE; the throwing form lets the write fail.
enum StandardStreams {
    static func out(_ data: Data) {
        guard !writeAll(1, data), errno == EPIPE else { return }
        // The reader has gone (`watch | head`): end the run as Ctrl-C would, journal closed
        // cleanly, rather than run on writing to no one. (SIGPIPE is ignored in this process.)
        kill(getpid(), SIGTERM)
    }

    /// Writes every byte; false (with errno set) when the descriptor fails.
    private static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let n = write(fd, base + offset, buffer.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    static func out(_ text: String) { out(Data(text.utf8)) }

    /// For output that is the command's product (a token, a signed transaction): a failed
    /// write is a failure, not a silent success.
    static func product(_ text: String) throws {
        do { try FileHandle.standardOutput.write(contentsOf: Data((text + "\n").utf8)) } catch {
            throw RuntimeFailure("cannot write to standard output: \(error.localizedDescription)")
        }
    }

    static func err(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }
}

/// A failure while running (unreachable endpoint, unwritable file), as opposed to bad usage:
/// printed as one line, exit status 1.
struct RuntimeFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
