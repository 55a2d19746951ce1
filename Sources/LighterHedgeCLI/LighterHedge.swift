import ArgumentParser

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
}
