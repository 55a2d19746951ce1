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
        subcommands: [DemoCommand.self, WatchCommand.self, DoctorCommand.self, ProbeCommand.self, SimCommand.self, ReplayCommand.self, KeysCommand.self, TokenCommand.self, OrderCommand.self, BenchCommand.self])

    /// Commands whose exit status is a verdict (0 healthy, 1 a problem found): bad usage must not
    /// look like either, so it exits 2 with a one-line reason, as unreadable input does.
    static let verdictCommands: Set<String> = ["doctor", "probe"]

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let name = arguments.first, verdictCommands.contains(name), exitCode(for: error) == .validationFailure {
                let reason = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "bad usage"
                let text = "lighter-hedge \(name): \(reason.replacingOccurrences(of: "Error: ", with: "")) (see lighter-hedge \(name) --help)\n"
                StandardStreams.err(text)
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
