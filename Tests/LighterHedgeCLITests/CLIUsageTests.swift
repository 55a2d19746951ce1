import Foundation
import Testing

/// The command line as a user meets it: help that lists every command, and bad input answered
/// with a one-line reason and a usage exit status, never a crash or a stack trace.
@Suite struct CLIUsageTests {
    static let commands = ["demo", "run", "watch", "doctor", "probe", "sim", "replay", "keys", "token", "order",
                           "bench", "ledger"]

    @Test func helpListsEveryCommandAndEachCommandHasItsOwn() async throws {
        let cli = try CommandRunner()
        let top = try await cli.run(["--help"])
        #expect(top.status == 0)
        for command in Self.commands {
            #expect(top.stdout.contains("  \(command) "), "--help does not list \(command)")
            let help = try await cli.run([command, "--help"])
            #expect(help.status == 0, "\(command) --help exited \(help.status)")
            #expect(help.stdout.contains("USAGE: lighter-hedge \(command)"), "\(command) --help has no usage line")
        }
    }

    /// Each case: arguments, and a word the one-line reason must hold.
    static let refusals: [([String], String)] = [
        (["sim", "--markets", "ETH,,"], "--markets"),
        (["frobnicate"], "frobnicate"),
        (["watch", "--url", "ws://example.com/stream", "--account", "1", "--market", "0"], "refusing plain ws://"),
        (["watch", "--account", "1"], "--market"),
        (["token"], "no private key"),
        (["order", "--dry-run", "--account", "7", "--market", "0", "--side", "buy", "--size", "0.1",
          "--price", "3000", "--nonce", "1", "--key-file", "missing.key"], "cannot read the key file missing.key"),
        (["order", "--dry-run", "--account", "7", "--market", "0", "--side", "up", "--size", "0.1",
          "--price", "3000", "--nonce", "1"], "side"),
        (["run", "--dry-run"], "--size"),
        (["keys", "generate", "--out", "no-such-directory/key"], "cannot write"),
    ]

    @Test(arguments: refusals)
    func badInputIsAOneLineReasonWithUsageStatus(arguments: [String], reason: String) async throws {
        let cli = try CommandRunner()
        let result = try await cli.run(arguments, seconds: 30)
        #expect(!result.signaled, "\(arguments) crashed")
        #expect(result.status == 64, "\(arguments) exited \(result.status): \(result.stderr)")
        let errorLines = result.stderrLines.filter { $0.hasPrefix("Error:") }
        #expect(errorLines.count == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(reason), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
    }
}
