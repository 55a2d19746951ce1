import Foundation
import Histogram
import LighterClient
import LighterProtocol
import LighterSigner
import LighterSimulator
import Logging
import Synchronization
import WSClient

/// The stream client against the simulator over loopback, fills one at a time (IOC orders sent
/// on the client's socket, as the hedge bot sends them): the time from the simulator handing
/// the first account frame of a fill to its socket writer to the client's handler being called
/// with that fill journaled (fsync included). Between fills, in
/// the same run, its baselines: the round trip of a bare WebSocket message (an app ping and its
/// pong) to the same simulator, and the journal's append alone (encode, write, fsync) on the
/// same disk.
public enum LatencyBenchmark {
    /// The figures, and the text the CLI prints.
    public struct Report: Sendable {
        /// The bare round trip, the journal's append alone, then the fill's way to the handler.
        public var runs: [HedgeBenchmark.Figures]
        /// The figures in microseconds, one line each, with the target.
        public var summary: String
    }

    static let account: Int64 = 7
    static let market = MarketInfo(id: 0, symbol: "ETH", marketType: "perp", status: "active", sizeDecimals: 4, priceDecimals: 2)
    static let warmUp = 200

    /// - Parameters:
    ///   - fills: fills timed (after a warm-up of 200), one at a time.
    ///   - directory: where the fill journals go (the disk whose fsync is measured).
    ///   - updatesPerSecond: the book's rate meanwhile, so that the client has its usual traffic.
    public static func run(fills: Int, directory: String, updatesPerSecond: Int,
                           progress: @escaping @Sendable (String) -> Void) async throws -> Report {
        let key = LighterPrivateKey.generate()
        var configuration = SimulatorConfiguration()
        configuration.updatesPerSecond = updatesPerSecond
        configuration.apiKeys[APIKeyID(account: account, apiKeyIndex: 0)] = key.publicKey
        let watch = FillWatch()
        configuration.frameWritten = { text in watch.frameWritten(text) }
        var logger = Logger(label: "bench.sim")
        logger.logLevel = .critical
        let server = SimulatorServer(configuration: configuration, logger: logger)
        let (ready, readyContinuation) = AsyncStream<SimulatorEndpoints>.makeStream()
        let serving = Task { try await server.run { readyContinuation.yield($0) } }
        defer { serving.cancel() }
        var readyIterator = ready.makeAsyncIterator()
        guard let endpoints = await readyIterator.next() else { throw BenchmarkError("the simulator did not start") }

        let path = (directory as NSString).appendingPathComponent("latency-bench-\(UUID().uuidString).jsonl")
        let sidePath = path + ".side"
        defer { for file in [path, sidePath] { try? FileManager.default.removeItem(atPath: file) } }
        let streamConfiguration = StreamClientConfiguration(url: endpoints.webSocketURL, market: market.id, account: account)
        var clientLogger = Logger(label: "bench.client") { _ in SwiftLogNoOpLogHandler() }
        clientLogger.logLevel = .info
        let client = LighterStreamClient(configuration: streamConfiguration,
                                         tokens: try SignerTokenProvider(privateKey: key, account: account, apiKeyIndex: 0),
                                         journal: try FillJournal(path: path), logger: clientLogger)
        let running = Task { try await client.run { event in watch.event(event) } }
        defer { running.cancel() }
        try await watch.untilSubscribed()

        let run = Run(fills: fills, side: try FillJournal(path: sidePath), server: server, watch: watch,
                      // As the hedge bot sends its orders: on the stream client's socket.
                      trader: LighterTrader(rest: LighterREST(baseURL: endpoints.httpURL), privateKey: key,
                                            account: account, apiKeyIndex: 0, socket: client))
        defer { run.side.close() }
        try await WebSocketClient.connect(url: endpoints.webSocketURL, configuration: .init(maxFrameSize: 1 << 20),
                                          logger: Logger(label: "bench.bare")) { inbound, outbound, _ in
            var frames = inbound.makeAsyncIterator()
            _ = try await frames.next()  // `connected`
            try await run.fills(progress: progress) {
                try await outbound.write(.text(#"{"type":"ping"}"#))
                guard try await frames.next() != nil else { throw BenchmarkError("the simulator closed the bare socket") }
            }
            try await outbound.close(.normalClosure, reason: nil)
        }
        running.cancel()
        _ = await running.result
        let figures = [HedgeBenchmark.figures("bare WebSocket round trip", run.histograms.withLock { $0.roundTrip }),
                       HedgeBenchmark.figures("journal append alone (fsync)", run.histograms.withLock { $0.append }),
                       HedgeBenchmark.figures("fill frame → handler, journaled", watch.histogram)]
        let summary = """
            fills: \(fills), one at a time, with the book at \(updatesPerSecond) updates a second; latency in µs
            \(figures.map(HedgeBenchmark.line).joined(separator: "\n"))
            target: p99 under 1000 µs from the fill's frame to the handler, journal fsync included
            """
        return Report(runs: figures, summary: summary)
    }

    /// The fills and, between them, the baselines.
    final class Run: Sendable {
        struct Histograms {
            var roundTrip = Histogram<UInt64>(highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
            var append = Histogram<UInt64>(highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
        }

        let fills: Int
        /// A journal of the benchmark's own beside the client's, on the same disk.
        let side: FillJournal
        let server: SimulatorServer
        let watch: FillWatch
        let trader: LighterTrader
        let histograms = Mutex(Histograms())

        init(fills: Int, side: FillJournal, server: SimulatorServer, watch: FillWatch, trader: LighterTrader) {
            self.fills = fills; self.side = side; self.server = server; self.watch = watch; self.trader = trader
        }

        /// IOC orders that cross the book, alternately buying and selling, each placed once the
        /// last one's fill was reported; after each, one bare round trip and one append alone.
        func fills(progress: @Sendable (String) -> Void, roundTrip: () async throws -> Void) async throws {
            let offset = FixedDecimal(units: 5 * FixedDecimal.unitScale)
            let size = FixedDecimal(units: FixedDecimal.unitScale / 100)
            for index in 0..<(fills + LatencyBenchmark.warmUp) {
                let timed = index >= LatencyBenchmark.warmUp
                let isAsk = index % 2 == 1
                let prices = await server.exchange.bestPrices(market: LatencyBenchmark.market.id)
                guard let bid = prices.bid, let ask = prices.ask else { throw BenchmarkError("the simulator's book is empty") }
                let clientOrderIndex = await trader.newClientOrderIndex()
                watch.arm(clientOrderIndex, timed: timed)
                _ = try await trader.place(OrderRequest(market: LatencyBenchmark.market, isAsk: isAsk, size: size,
                                                        price: isAsk ? bid - offset : ask + offset,
                                                        clientOrderIndex: clientOrderIndex))
                let fill = try await watch.untilFilled()
                // The fill's later frames (the other account channel) must not start the next clock.
                try await Task.sleep(for: .milliseconds(1))
                let sent = DispatchTime.now().uptimeNanoseconds
                try await roundTrip()
                let answered = DispatchTime.now().uptimeNanoseconds
                try side.append(fill)
                let appended = DispatchTime.now().uptimeNanoseconds
                if timed {
                    histograms.withLock { h in
                        h.roundTrip.record(answered - sent)
                        h.append.record(appended - answered)
                    }
                }
                if index > 0, index % 2000 == 0 { progress("\(index) fills") }
            }
        }
    }
}
