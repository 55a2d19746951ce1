import Foundation
import HedgeEngine
import Histogram
import LighterProtocol
import Synchronization

/// Time from a maker fill handed to the engine to the hedge order handed to the hedge venue
/// adapter, in process: the engine's decision, the ledger commit (fsynced or not, per the
/// durability) and the hand-off. Each run beside its baselines: the decision alone (no
/// ledger), the ledger without an fsync per commit, and the disk's own write-and-sync.
public enum HedgeBenchmark {
    /// One configuration's hand-off latencies, in nanoseconds.
    public struct Figures: Sendable {
        /// The configuration measured (`decision alone (no ledger)`, …).
        public var name: String
        /// The median.
        public var p50: UInt64
        /// The 99th percentile.
        public var p99: UInt64
        /// The 99.9th percentile.
        public var p999: UInt64
        /// The slowest.
        public var max: UInt64
        /// Fills timed (the warm-up left out).
        public var count: UInt64
    }

    /// Every configuration's figures, and the text the CLI prints.
    public struct Report: Sendable {
        /// Fills timed per configuration.
        public var fills: Int
        /// The decision alone, the engine with its ledger at `NORMAL`, the disk's bare sync,
        /// then the engine with its ledger at `FULL`.
        public var runs: [Figures]
        /// The figures in microseconds, one line each, with the target.
        public var summary: String
    }

    /// - Parameters:
    ///   - directory: where the ledger files go (the disk whose fsync is measured).
    public static func run(fills: Int, directory: String, progress: @Sendable (String) -> Void) async throws -> Report {
        var runs: [Figures] = []
        runs.append(try coreAlone(fills: fills))
        progress(line(runs[0]))
        let normal = try await withLedger(fills: fills, durability: .normal, directory: directory)
        progress(line(normal))
        runs.append(normal)
        // The disk's own sync just before the ledger that waits for it, so both meet the same disk.
        let disk = try DiskSyncBaseline.measure(count: fills, warmUp: warmUp, directory: directory)
        progress(line(disk))
        runs.append(disk)
        let full = try await withLedger(fills: fills, durability: .full, directory: directory)
        progress(line(full))
        runs.append(full)
        func ratio(_ a: UInt64, _ b: UInt64) -> String { String(format: "%.2f", Double(a) / Double(max(1, b))) }
        let summary = """
            fills: \(fills) (each a partial fill of a resting quote, hedged by one IOC), latency in µs
            \(runs.map(line).joined(separator: "\n"))
            synchronous=FULL / disk alone: p50 \(ratio(full.p50, disk.p50)), p99 \(ratio(full.p99, disk.p99)), \
            p999 \(ratio(full.p999, disk.p999))
            target: p99 under 1000 µs with the ledger fsynced per commit (synchronous = FULL)
            """
        return Report(fills: fills, runs: runs, summary: summary)
    }

    static func line(_ figures: Figures) -> String {
        func us(_ ns: UInt64) -> String { String(format: "%8.1f", Double(ns) / 1000) }
        return "\(figures.name.padding(toLength: 34, withPad: " ", startingAt: 0)) p50 \(us(figures.p50))  p99 \(us(figures.p99))  p999 \(us(figures.p999))  max \(us(figures.max))"
    }

    static let makerRules = MarketRules(symbol: "ETH_USDC_PERP", tickSize: FixedDecimal(units: 1_000_000),
                                        stepSize: FixedDecimal(units: 10_000), minQuantity: FixedDecimal(units: 10_000))
    static let hedgeRules = MarketRules(symbol: "ETH", priceDecimals: 2, sizeDecimals: 4, minQuantity: FixedDecimal(units: 10_000))

    static func configuration(fills: Int) -> HedgeConfiguration {
        // One round large enough that every fill lands in it.
        let size = FixedDecimal(units: Int64(fills + 1_000) * 1_000_000)
        var configuration = HedgeConfiguration(size: size, iterations: 1, maxPosition: size)
        configuration.quoteMaxAgeMs = 3_600_000
        configuration.bookStaleMs = 3_600_000
        configuration.maxNakedMs = 3_600_000
        configuration.hedgeMaxMs = 3_600_000
        return configuration
    }

    static let fillSize = FixedDecimal(units: 1_000_000)

    /// The decision alone, on the same events.
    static func coreAlone(fills: Int) throws -> Figures {
        guard let maker = makerRules, let hedge = hedgeRules else { throw BenchmarkError("bad market rules") }
        var core = try HedgeCore(configuration: configuration(fills: fills), makerRules: maker, hedgeRules: hedge)
        let clock = SystemHedgeClock()
        var actions: [EngineAction] = []
        for event in setupEvents { actions += core.handle(event, at: clock.now()).actions }
        guard case .placeMaker(let quote)? = actions.last else { throw BenchmarkError("the engine did not quote") }
        _ = core.handle(.maker(.accepted(clientOrderID: quote.clientOrderID, venueOrderID: "1")), at: clock.now())
        var histogram = Histogram<UInt64>(highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
        for index in 0..<(fills + warmUp) {
            let start = DispatchTime.now().uptimeNanoseconds
            let reaction = core.handle(.maker(.fill(fill(index, quote))), at: clock.now())
            let end = DispatchTime.now().uptimeNanoseconds
            guard case .placeHedge(let order)? = reaction.actions.first(where: { if case .placeHedge = $0 { true } else { false } }) else {
                throw BenchmarkError("no hedge for fill \(index)")
            }
            if index >= warmUp { histogram.record(end - start) }
            for event in answers(order) { _ = core.handle(event, at: clock.now()) }
        }
        return figures("decision alone (no ledger)", histogram)
    }

    /// The engine with its ledger and venue adapters that only note the time of the hand-off.
    static func withLedger(fills: Int, durability: LedgerDurability, directory: String) async throws -> Figures {
        guard let makerRules, let hedgeRules else { throw BenchmarkError("bad market rules") }
        let path = (directory as NSString).appendingPathComponent("hedge-bench-\(durability.rawValue)-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let ledger = try HedgeLedger(path: path, maker: VenueMarket(venue: "backpack", symbol: makerRules.symbol),
                                     hedge: VenueMarket(venue: "lighter", symbol: hedgeRules.symbol), durability: durability)
        let maker = NullMakerVenue(rules: makerRules)
        let hedge = TimingHedgeVenue(rules: hedgeRules)
        let engine = try HedgeEngine(configuration: configuration(fills: fills), maker: maker, hedge: hedge, ledger: ledger)

        for event in setupEvents { try await engine.handle(event) }
        guard let quote = maker.lastPlaced else { throw BenchmarkError("the engine did not quote") }
        try await engine.handle(.maker(.accepted(clientOrderID: quote.clientOrderID, venueOrderID: "1")))
        var histogram = Histogram<UInt64>(highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
        for index in 0..<(fills + warmUp) {
            let start = DispatchTime.now().uptimeNanoseconds
            try await engine.handle(.maker(.fill(fill(index, quote))))
            guard let handed = hedge.take() else { throw BenchmarkError("no hedge for fill \(index)") }
            if index >= warmUp { histogram.record(handed.at - start) }
            for event in answers(handed.order) { try await engine.handle(event) }
            // A run checkpoints the ledger's log while idle; here, between fills, untimed.
            if index % 500 == 499 { try ledger.checkpointWAL() }
        }
        let name = durability == .full ? "engine + ledger, synchronous=FULL" : "engine + ledger, synchronous=NORMAL"
        return figures(name, histogram)
    }

    static let warmUp = 200

    static var setupEvents: [EngineEvent] {
        [.start, .maker(.health(.healthy)), .hedge(.health(.healthy)),
         .hedge(.book(BookTop(bid: FixedDecimal(units: 300_010_000_000), ask: FixedDecimal(units: 300_030_000_000)))),
         .maker(.book(BookTop(bid: FixedDecimal(units: 300_000_000_000), ask: FixedDecimal(units: 300_050_000_000))))]
    }

    static func fill(_ index: Int, _ quote: MakerOrder) -> VenueFill {
        VenueFill(fillID: "t\(index)", clientOrderID: quote.clientOrderID, side: quote.side, price: quote.price,
                  quantity: fillSize, fee: FixedDecimal(units: 60_000), feeAsset: "USDC")
    }

    /// The hedge venue fills the IOC in full.
    static func answers(_ order: HedgeOrder) -> [EngineEvent] {
        [.hedge(.fill(VenueFill(fillID: "h\(order.clientOrderID)", clientOrderID: order.clientOrderID, side: order.side,
                                price: order.price, quantity: order.quantity))),
         .hedge(.outcome(clientOrderID: order.clientOrderID, HedgeOutcome(status: .filled, filledQuantity: order.quantity)))]
    }

    static func figures(_ name: String, _ histogram: Histogram<UInt64>) -> Figures {
        Figures(name: name, p50: histogram.valueAtPercentile(50), p99: histogram.valueAtPercentile(99),
                p999: histogram.valueAtPercentile(99.9), max: histogram.max, count: histogram.totalCount)
    }
}
