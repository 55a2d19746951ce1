import BackpackProtocol
import BackpackSimulator
import Foundation
import LighterSigner
import LighterSimulator
import Logging

/// Both simulators in this process on free loopback ports, with the keys a dry run trades
/// with: a Lighter API key registered for `lighterAccount`, and a Backpack key (the simulator
/// opens an account for any key it sees). For `run --dry-run` and `demo`.
struct EmbeddedVenues {
    /// Not the simulator's own liquidity account (1), nor the stream demo's scripted one (7).
    static let lighterAccount: Int64 = 42
    let lighterKey: LighterPrivateKey
    let backpackKey: BackpackSigner
    let lighter: SimulatorServer
    let backpack: BackpackServer
    let lighterURL: String
    let backpackURL: String
    private let tasks: [Task<Void, any Error>]

    /// Starts both; `lighterFaults` and `backpackFaults` as `sim` takes them.
    static func start(lighterFaults: FaultSwitchboard = FaultSwitchboard(),
                      backpackFaults: BackpackFaultSwitchboard = BackpackFaultSwitchboard([:])) async throws -> EmbeddedVenues {
        let lighterKey = LighterPrivateKey.generate()
        let backpackKey = BackpackSigner.generate()
        var quiet = Logger(label: "embedded-sim")
        quiet.logLevel = .critical
        var lighterConfiguration = SimulatorConfiguration()
        lighterConfiguration.faults = lighterFaults
        lighterConfiguration.updatesPerSecond = 10
        lighterConfiguration.apiKeys[APIKeyID(account: lighterAccount, apiKeyIndex: 0)] = lighterKey.publicKey
        let lighter = SimulatorServer(configuration: lighterConfiguration, logger: quiet)
        var backpackConfiguration = BackpackSimulatorConfiguration(faults: backpackFaults)
        backpackConfiguration.updatesPerSecond = 10
        let backpack = BackpackServer(configuration: backpackConfiguration, logger: quiet)

        let (lighterReady, lighterContinuation) = AsyncStream<SimulatorEndpoints>.makeStream()
        let (backpackReady, backpackContinuation) = AsyncStream<BackpackEndpoints>.makeStream()
        let tasks = [
            Task { try await lighter.run { lighterContinuation.yield($0) } },
            Task { try await backpack.run { backpackContinuation.yield($0) } },
        ]
        var lighterIterator = lighterReady.makeAsyncIterator()
        var backpackIterator = backpackReady.makeAsyncIterator()
        guard let lighterEndpoints = await lighterIterator.next(), let backpackEndpoints = await backpackIterator.next() else {
            for task in tasks { task.cancel() }
            throw RuntimeFailure("the embedded simulators did not start")
        }
        return EmbeddedVenues(lighterKey: lighterKey, backpackKey: backpackKey, lighter: lighter, backpack: backpack,
                              lighterURL: lighterEndpoints.webSocketURL, backpackURL: backpackEndpoints.webSocketURL, tasks: tasks)
    }

    func stop() { for task in tasks { task.cancel() } }
}
