import Foundation
import LighterClient
import Testing

/// Inputs that must end in a clear error, promptly, with nothing left behind.
@Suite struct HostileInputTests {
    /// A token command that hangs is stopped at its timeout, with what it started: nothing is
    /// left running and nothing holds the pipe open.
    @Test func aHangingTokenCommandIsStoppedWithItsChildren() async throws {
        // The child's own command line is unique to this run, so a `sleep` left behind is found
        // by what it is, not by its parent's line (which goes with the parent).
        let sleeper = "sleep 120.\(Int.random(in: 1000...9999))"
        let provider = CommandTokenProvider(command: "\(sleeper); echo done", timeout: .milliseconds(300))
        let started = ContinuousClock.now
        await #expect(throws: AuthTokenError.self) { _ = try await provider.freshToken() }
        // Well before the command would have ended (the bound is loose: a busy test pool may
        // be slow to resume this test).
        #expect(ContinuousClock.now - started < .seconds(90))
        // The shell's `sleep` child went with it.
        #expect(try Self.processes(matching: sleeper).isEmpty)
    }

    @Test func aTokenCommandStopsWhenTheRunIsCancelled() async throws {
        // Stopped well before the command would have ended; the bound is loose because a loaded
        // test pool can be slow to resume this test.
        let provider = CommandTokenProvider(command: "sleep 120", timeout: .seconds(200))
        let started = ContinuousClock.now
        let task = Task { try await provider.freshToken() }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - started < .seconds(90))
        guard case .failure(let error) = result else {
            Issue.record("a cancelled token command returned a token")
            return
        }
        #expect("\(error)".contains("stopped"))
    }

    /// A journal line longer than any event is damage, reported as such, and a file with no
    /// newline at all is not read into memory whole.
    @Test func aJournalWithoutNewlinesIsCorruptNotLoadedWhole() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: UInt8(ascii: "a"), count: 3 << 20).write(to: URL(fileURLWithPath: path))
        do {
            _ = try FillJournal.load(path: path)
            Issue.record("a 3 MB line loaded as a journal")
        } catch let error as FillJournalError {
            #expect("\(error)".contains("longer than 1 MiB"))
        }
    }

    /// Every running process's command line that contains `text`, from `ps` (Linux and macOS).
    static func processes(matching text: String) throws -> [String] {
        let ps = Process()
        ps.executableURL = URL(fileURLWithPath: "/bin/ps")
        ps.arguments = ["-A", "-o", "args="]
        let pipe = Pipe()
        ps.standardOutput = pipe
        try ps.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        ps.waitUntilExit()
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count > 1, "ps listed no processes")
        return lines.filter { $0.contains(text) }
    }
}
