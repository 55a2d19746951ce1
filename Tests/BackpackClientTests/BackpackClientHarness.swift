import BackpackClient
import BackpackProtocol
import BackpackSimulator
import Foundation
import LighterClient
import LighterTestSupport
import Logging
import Synchronization

/// Everything a Backpack client under test reported, in order.
final class BackpackEventLog: Sendable {
    private let storage = Mutex<[BackpackStreamEvent]>([])

    func append(_ event: BackpackStreamEvent) { storage.withLock { $0.append(event) } }
    var events: [BackpackStreamEvent] { storage.withLock { $0 } }

    var fills: [BackpackFillEvent] { events.compactMap { if case .fill(let fill) = $0 { fill } else { nil } } }
    var disconnects: [String] { events.compactMap { if case .disconnected(let cause) = $0 { cause } else { nil } } }
    var books: [BackpackOrderBook] { events.compactMap { if case .book(let book) = $0 { book } else { nil } } }
    var resyncs: Int { events.count { if case .bookResync = $0 { true } else { false } } }
    var gaps: Int { events.count { if case .accountStreamGap = $0 { true } else { false } } }
    var reconciliations: Int { events.count { if case .reconciled = $0 { true } else { false } } }

    func count(_ matches: (BackpackStreamEvent) -> Bool) -> Int { events.count(where: matches) }

    /// The stream's last state.
    func state(of stream: String) -> BackpackSubscriptionState? {
        events.reversed().lazy.compactMap { event -> BackpackSubscriptionState? in
            if case .subscription(stream, let state) = event { return state }
            return nil
        }.first
    }

    /// Waits until `condition` holds, up to `seconds` (generous: the machine may be loaded).
    func waitUntil(_ what: String, seconds: Double = 10, _ condition: (BackpackEventLog) -> Bool) async throws {
        try await LighterTestSupport.waitUntil(what, seconds: seconds) { condition(self) }
    }
}

/// A Backpack client running against the simulator until `stop()`.
struct RunningBackpackClient {
    let client: BackpackStreamClient
    let task: Task<Void, any Error>
    let log: BackpackEventLog
    let sink: MemoryLogSink
    let signer: BackpackSigner?

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    var logLines: [String] { sink.lines }
    /// The API key the simulator knows the account by; empty without a key.
    var account: String { signer?.publicKeyBase64 ?? "" }
}

enum BackpackHarness {
    static let symbol = "ETH_USDC_PERP"

    /// A client of `endpoints` with short timings, so that a test sees reconnects, resyncs and
    /// reconciliations within seconds.
    static func start(_ endpoints: BackpackEndpoints, signer: BackpackSigner? = .generate(), journal: BackpackFillJournal? = nil,
                      level: Logger.Level = .debug,
                      _ configure: (inout BackpackClientConfiguration) -> Void = { _ in }) throws -> RunningBackpackClient {
        var configuration = BackpackClientConfiguration(url: endpoints.webSocketURL, symbol: symbol)
        configuration.backoffInitial = .milliseconds(50)
        configuration.backoffMax = .milliseconds(300)
        configuration.healthInterval = .seconds(1)
        configuration.confirmTimeout = .seconds(1)
        configuration.reconcile.activeInterval = .milliseconds(500)
        configuration.reconcile.streamGrace = .milliseconds(1500)
        configure(&configuration)
        let sink = MemoryLogSink()
        let logger = Logger(label: "backpack_hedge_ETH") { _ in
            PythonStyleLogHandler(name: "backpack_hedge_ETH", sink: sink, logLevel: level)
        }
        let client = try BackpackStreamClient(configuration: configuration, signer: signer, journal: journal, logger: logger)
        let log = BackpackEventLog()
        let task = Task { try await client.run { log.append($0) } }
        return RunningBackpackClient(client: client, task: task, log: log, sink: sink, signer: signer)
    }

    /// Waits until the order stream stands (the venue never acknowledges: taken without an
    /// error after the confirmation time).
    static func waitStanding(_ running: RunningBackpackClient) async throws {
        let stream = BackpackStream.orderUpdate(symbol: symbol).name
        try await running.log.waitUntil("\(stream) standing") { $0.state(of: stream)?.isStanding == true }
    }

    /// Has the simulator's account script trade as the client's account for `seconds`, then
    /// stop, then waits `settle` seconds for the client to catch up.
    static func trade(_ server: BackpackServer, as running: RunningBackpackClient, seconds: Double, intervalMs: Int64 = 150,
                      settle: Double = 3) async throws {
        try await trade(server, account: running.account, seconds: seconds, intervalMs: intervalMs)
        try await Task.sleep(for: .milliseconds(Int(settle * 1000)))
    }

    /// Has the account script trade as `account` for `seconds`, then stops it and cancels what
    /// it left resting: a maker the random walk filled later would be a fill after the audit.
    static func trade(_ server: BackpackServer, account: String, seconds: Double, intervalMs: Int64 = 150) async throws {
        await server.exchange.startScript(BackpackScriptSettings(symbol: symbol, intervalMs: intervalMs, account: account))
        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        await server.exchange.stopScript()
        _ = await server.exchange.cancelAll(account: account, symbol: symbol)
    }

    /// The exchange's fills for the client's account against the client's.
    static func audit(_ server: BackpackServer, _ running: RunningBackpackClient, since: Int64 = 0) async -> BackpackFillAudit {
        let made = await server.exchange.fills(account: running.account).filter { $0.timestamp >= since }
        return BackpackFillAudit(made: made, detected: running.log.fills)
    }

    static func temporaryPath(_ name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backpack-client-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }
}
