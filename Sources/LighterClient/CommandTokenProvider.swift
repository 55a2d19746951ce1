import Foundation
import LighterProtocol
import Synchronization

/// Runs a command (`--auth-token-command`) through /bin/sh and takes the first line it prints.
public struct CommandTokenProvider: AuthTokenProvider {
    let command: String
    let timeout: Duration

    /// Runs `command` with `/bin/sh -c` on each request; a run longer than `timeout` is killed
    /// with everything it started.
    public init(command: String, timeout: Duration = .seconds(30)) {
        self.command = command
        self.timeout = timeout
    }

    /// Always true: each call runs the command again.
    public var canRefresh: Bool { true }

    /// The first line the command prints, trimmed. Throws `AuthTokenError` when it fails, times out,
    /// is cancelled or prints something that is not a token; the error never shows its output.
    public func freshToken() async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw AuthTokenError("could not run the auth token command: \(error)")
        }
        // The command runs in a process group of its own (Foundation's Process makes one):
        // stopping it stops what it started too, which would otherwise hold the pipe open.
        let stopper = ProcessGroupStopper(group: process.processIdentifier)
        // The timeout fires on Dispatch too: a busy task pool must not postpone it.
        let timeout = self.timeout
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let watchdog = DispatchWorkItem { stopper.stop("it did not finish within \(timeout)") }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
        let data = await withTaskCancellationHandler {
            // Blocking reads go to Dispatch's threads, not the tasks' few (one a core): blocked
            // there, they would stall the very timeout that is to stop them.
            await withCheckedContinuation { (continuation: CheckedContinuation<Data, Never>) in
                let reads = DispatchGroup()
                let collected = Mutex(Data())
                DispatchQueue.global().async(group: reads) {
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    collected.withLock { $0 = data }
                }
                // Drained at the same time, so that a chatty stderr cannot fill its pipe and stall.
                DispatchQueue.global().async(group: reads) { _ = errors.fileHandleForReading.readDataToEndOfFile() }
                reads.notify(queue: .global()) {
                    process.waitUntilExit()
                    continuation.resume(returning: collected.withLock { $0 })
                }
            }
        } onCancel: {
            stopper.stop("the run was stopped")
        }
        watchdog.cancel()
        if let reason = stopper.reason {
            throw AuthTokenError("the auth token command was stopped: \(reason)")
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw AuthTokenError("the auth token command failed (status \(process.terminationStatus)); its output is not shown because it may hold secrets")
        }
        let text = String(decoding: data, as: UTF8.self)
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let token = firstLine.trimmingCharacters(in: .whitespaces)
        do { _ = try AuthToken(parsing: token) } catch {
            throw AuthTokenError("the auth token command printed something that is not a token (\(error))")
        }
        return token
    }
}
