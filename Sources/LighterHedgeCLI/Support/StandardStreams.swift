import Foundation

/// Writing to standard output and error without crashing when the reader has gone (`| head`):
/// Foundation's `FileHandle.write(_:)` traps on EPIPE; the throwing form lets the write fail.
enum StandardStreams {
    static func out(_ data: Data) {
        try? FileHandle.standardOutput.write(contentsOf: data)
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
