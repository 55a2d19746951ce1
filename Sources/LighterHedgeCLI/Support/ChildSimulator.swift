import Foundation

/// This binary's `sim` as a child process, for benchmarks whose figures must not include the
/// simulator's own CPU: started on a free loopback port, stopped when done. Sendable so that a
/// signal handler may stop it: after `init` only `Process`'s own thread-safe calls are made.
final class ChildSimulator: @unchecked Sendable {
    let process = Process()
    /// Its Lighter stream (`ws://127.0.0.1:PORT/stream`).
    let url: String

    /// Starts `lighter-hedge sim --venue lighter` with `arguments` added, and waits until it
    /// says where it listens.
    init(arguments: [String]) throws {
        guard let executable = Bundle.main.executableURL else { throw RuntimeFailure("cannot find this program's own path") }
        process.executableURL = executable
        process.arguments = ["sim", "--venue", "lighter", "--port", "0", "--log-level", "error"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        var found: String?
        while found == nil {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            found = text.split(separator: "\n").lazy
                .compactMap { line in line.range(of: "ws://").map { String(line[$0.lowerBound...]).trimmingCharacters(in: .whitespaces) } }
                .first
        }
        guard let found else {
            process.terminate()
            throw RuntimeFailure("the simulator did not start: \(text)")
        }
        url = found
    }

    /// Stops the child and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
