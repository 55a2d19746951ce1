import ArgumentParser
import Foundation

@main
struct LighterHedge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lighter-hedge",
        abstract: "Tools for hedge bots on the Lighter perpetual DEX.",
        discussion: """
        Start with the simulator: `lighter-hedge sim` runs a local Lighter exchange \
        (WebSocket and REST) with fault injection, so that everything runs on one machine \
        with no network and no keys.
        """,
        subcommands: [DemoCommand.self, RunCommand.self, WatchCommand.self, DoctorCommand.self, ProbeCommand.self, SimCommand.self, ReplayCommand.self, KeysCommand.self, TokenCommand.self, OrderCommand.self, BenchCommand.self, LedgerCommand.self])

    /// Commands whose exit status is a verdict (0 healthy, 1 a problem found), or that exit 2 on
    /// unreadable input (`ledger`): bad usage must not look like a verdict, so it exits 2 with a
    /// one-line reason, as unreadable input does.
    static let verdictCommands: Set<String> = ["doctor", "probe", "ledger"]

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Terminal.flush()
        } catch {
            Terminal.flush()
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            // Bad usage: one line naming the command and where its help is, not a page of usage.
            let path = commandPath(arguments)
            let reason = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "bad usage"
            let plain = reason.hasPrefix("Error: ") ? String(reason.dropFirst(7)) : reason
            if let name = arguments.first, verdictCommands.contains(name) {
                StandardStreams.err("\(path): \(plain) (see \(path) --help)\n")
                Foundation.exit(2)
            }
            StandardStreams.err("Error: \(plain) (see \(path) --help)\n")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
    }

    /// `lighter-hedge keys generate` for the arguments `keys generate --out …`.
    static func commandPath(_ arguments: [String]) -> String {
        var path = ["lighter-hedge"]
        var commands = configuration.subcommands
        for argument in arguments {
            guard let next = commands.first(where: { $0._commandName == argument }) else { break }
            path.append(argument)
            commands = next.configuration.subcommands
        }
        return path.joined(separator: " ")
    }
}
