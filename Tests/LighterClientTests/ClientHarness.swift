import Foundation
import LighterClient
import LighterProtocol
import LighterSimulator
import LighterTestSupport
import Logging
import Synchronization

/// Everything a client under test reported, in order.
final class EventLog: Sendable {
    private let storage = Mutex<[StreamEvent]>([])

    func append(_ event: StreamEvent) { storage.withLock { $0.append(event) } }
    var events: [StreamEvent] { storage.withLock { $0 } }

    var fills: [FillEvent] { events.compactMap { if case .fill(let fill) = $0 { fill } else { nil } } }
    var disconnects: [String] { events.compactMap { if case .disconnected(let cause) = $0 { cause } else { nil } } }
    var books: [OrderBook] { events.compactMap { if case .book(let book) = $0 { book } else { nil } } }

    func state(of channel: StreamChannel) -> SubscriptionState? {
        events.reversed().lazy.compactMap { event -> SubscriptionState? in
            if case .subscription(channel, let state) = event { return state }
            return nil
        }.first
    }

    /// Waits until an asynchronous `condition` holds, up to `seconds`; false when it never did.
    func eventually(_ seconds: Double, _ condition: (EventLog) async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if await condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Waits until `condition` holds, up to `seconds`.
    func waitUntil(_ what: String, seconds: Double = 5, _ condition: (EventLog) -> Bool) async throws {
        try await LighterTestSupport.waitUntil(what, seconds: seconds) { condition(self) }
    }
}

/// A stream client running against a simulator until `stop()`.
struct RunningClient {
    let client: LighterStreamClient
    let task: Task<Void, any Error>
    let log: EventLog
    let sink: MemoryLogSink

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    var logLines: [String] { sink.lines }
}

enum ClientHarness {
    static let account: Int64 = 7

    static func token(account: Int64 = account) -> String { wellFormedToken(account: account, lifetime: 7 * 3600) }

    struct Tokens: AuthTokenProvider {
        let account: Int64
        var canRefresh: Bool { true }
        func freshToken() async throws -> String { ClientHarness.token(account: account) }
    }

    static func start(_ endpoints: SimulatorEndpoints, account: Int64 = account, level: Logger.Level = .debug,
                      tokens: (any AuthTokenProvider)? = Tokens(account: account),
                      journal: FillJournal? = nil, history: [FillEvent] = [], recorder: FrameRecorder? = nil,
                      _ configure: (inout StreamClientConfiguration) -> Void = { _ in }) -> RunningClient {
        var configuration = StreamClientConfiguration(url: endpoints.webSocketURL, market: 0, account: account)
        configuration.backoffInitial = .milliseconds(50)
        configuration.backoffMax = .milliseconds(300)
        configuration.healthInterval = .seconds(1)
        configure(&configuration)
        let sink = MemoryLogSink()
        let logger = Logger(label: "lighter_hedge_ETH") { _ in
            PythonStyleLogHandler(name: "lighter_hedge_ETH", sink: sink, logLevel: level)
        }
        let client = LighterStreamClient(configuration: configuration, tokens: tokens, journal: journal,
                                         history: history, recorder: recorder, logger: logger)
        let log = EventLog()
        let task = Task { try await client.run { log.append($0) } }
        return RunningClient(client: client, task: task, log: log, sink: sink)
    }

    /// The exchange's fills for `account` against the client's.
    static func audit(_ server: SimulatorServer, account: Int64 = account, detected: [FillEvent]) async -> FillAudit {
        FillAudit(made: await server.exchange.fills(account: account), account: account, detected: detected)
    }

    static func temporaryPath(_ name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lighter-hedge-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }
}
