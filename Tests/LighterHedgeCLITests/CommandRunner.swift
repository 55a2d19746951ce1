import Foundation
import LighterTestSupport

/// Runs the built `lighter-hedge` binary as a user would: a child process with a clean
/// environment (no venue keys or endpoints leak in from the machine running the tests), its own
/// home directory, standard input from a file or nothing, and a time limit.
struct CommandRunner: Sendable {
    /// What one run printed and how it ended.
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Ended by a signal (a crash, or the time limit), not by exiting.
        var signaled: Bool

        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A scratch directory for this runner: its home, and files a test writes.
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lighter-hedge-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("home"), withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The binary SwiftPM built beside the test bundle.
    static let binary: URL? = {
        var candidates: [URL] = []
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        #endif
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        return candidates.map { $0.appendingPathComponent("lighter-hedge") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `lighter-hedge arguments…`; past `seconds` the child is killed (and the result says so).
    /// The waiting happens on a thread of its own, not the tests' small cooperative pool.
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
             seconds: Double = 60) async throws -> Result {
        let outcome = await offCooperativePool { [self] in
            Swift.Result { try runBlocking(arguments, stdin: stdin, environment: environment, seconds: seconds) }
        }
        return try outcome.get()
    }

    private func runBlocking(_ arguments: [String], stdin: String?, environment: [String: String],
                             seconds: Double) throws -> Result {
        guard let binary = Self.binary else {
            throw Failure(description: "no lighter-hedge binary beside the test bundle (build it: swift build)")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                   "HOME": directory.appendingPathComponent("home").path]
        env.merge(environment) { $1 }
        process.environment = env
        let tag = UUID().uuidString
        let outURL = directory.appendingPathComponent("\(tag).out"), errURL = directory.appendingPathComponent("\(tag).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let inURL = directory.appendingPathComponent("\(tag).in")
            try Data(stdin.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                Thread.sleep(forTimeInterval: 1)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        let stdoutText = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderrText = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        return Result(status: process.terminationStatus, stdout: stdoutText, stderr: stderrText,
                      signaled: process.terminationReason == .uncaughtSignal)
    }
}
