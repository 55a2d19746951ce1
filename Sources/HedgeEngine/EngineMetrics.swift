import CoreMetrics
import LighterProtocol

/// What the engine counts for an operator's dashboard, through the swift-metrics facade: the
/// engine does no I/O; a process that serves the numbers (HedgeRuntime's `MetricsEndpoint`)
/// bootstraps a backend, and until one is, every call is a no-op.
///
/// Names, all prefixed `lighter_hedge_`:
/// - `fills_total{venue}`: fills the venues reported (each once), per venue name;
/// - `hedge_orders_total`: hedge orders handed to the hedge venue;
/// - `hedge_outcomes_total{status}`: how they ended: `filled`, `partially_filled` (an IOC
///   canceled with part done), `unfilled` (canceled with nothing done), `rejected`, `not_found`;
/// - `hedge_latency_seconds`: a timer, from the oldest unhedged maker fill reaching the engine
///   to the hedge order handed to the venue adapter (ledger commit included);
/// - `naked_exposure`: the signed naked exposure in the base asset, after each event;
/// - `venue_healthy{venue}`: 1 while the venue's streams are healthy, else 0;
/// - `reconciliations_total{venue}`: REST reconciliations the venue adapters started.
///
/// Gauges carry a `Double`: a value for a chart, never an amount the engine computes with.
package struct EngineMetrics: Sendable {
    /// The prefix of every name.
    package static let prefix = "lighter_hedge_"
    /// The hedge latency timer's name, for a backend that sets its histogram buckets by name.
    package static let hedgeLatencyLabel = prefix + "hedge_latency_seconds"

    let fills: [VenueRole: Counter]
    let hedgeOrders: Counter
    let outcomes: [String: Counter]
    let hedgeLatency: CoreMetrics.Timer
    let nakedExposure: Gauge
    let healthy: [VenueRole: Gauge]
    let reconciliations: [VenueRole: Counter]
    /// Whether each venue's adapter last said it was reconciling: a run is counted when it starts.
    var reconciling: [VenueRole: Bool] = [:]

    /// The metrics of an engine between the venues named so (`backpack`, `lighter`), made by
    /// `factory` (the bootstrapped system's unless given).
    package init(makerVenue: String, hedgeVenue: String, factory: any MetricsFactory = MetricsSystem.factory) {
        let names: [VenueRole: String] = [.maker: makerVenue, .hedge: hedgeVenue]
        func perVenue<Metric>(_ make: (String) -> Metric) -> [VenueRole: Metric] {
            [.maker: make(names[.maker] ?? "maker"), .hedge: make(names[.hedge] ?? "hedge")]
        }
        let p = Self.prefix
        fills = perVenue { Counter(label: p + "fills_total", dimensions: [("venue", $0)], factory: factory) }
        hedgeOrders = Counter(label: p + "hedge_orders_total", factory: factory)
        outcomes = Dictionary(uniqueKeysWithValues: ["filled", "partially_filled", "unfilled", "rejected", "not_found"].map {
            ($0, Counter(label: p + "hedge_outcomes_total", dimensions: [("status", $0)], factory: factory))
        })
        hedgeLatency = CoreMetrics.Timer(label: Self.hedgeLatencyLabel, factory: factory)
        nakedExposure = Gauge(label: p + "naked_exposure", factory: factory)
        healthy = perVenue { Gauge(label: p + "venue_healthy", dimensions: [("venue", $0)], factory: factory) }
        reconciliations = perVenue { Counter(label: p + "reconciliations_total", dimensions: [("venue", $0)], factory: factory) }
        // Until a venue says otherwise it is not healthy, as the engine sees it.
        for gauge in healthy.values { gauge.record(0) }
        nakedExposure.record(0)
    }

    /// A hedge order was handed to the venue `handOffMicros` after its event arrived. Its ledger
    /// row in `reaction` says how long the oldest maker fill it covers had waited before that.
    func hedgeDispatched(_ order: HedgeOrder, in reaction: EngineReaction, handOffMicros: Int64) {
        hedgeOrders.increment()
        for case .order(let row) in reaction.ledger where row.venue == .hedge && row.clientOrderID == order.clientOrderID {
            // A lot restored after a restart has no receive time in this process: no latency.
            if let waited = row.latencyMicros { hedgeLatency.recordNanoseconds((waited + handOffMicros) * 1_000) }
            return
        }
    }

    /// Counts what `event` changed, once its reaction is committed.
    mutating func observe(_ event: EngineEvent, _ reaction: EngineReaction, nakedExposure exposure: FixedDecimal) {
        for case .fill(let fill) in reaction.ledger where fill.role != .reported { fills[fill.venue]?.increment() }
        switch event {
        case .maker(.health(let health)): healthy[.maker]?.record(health.isHealthy ? 1 : 0)
        case .hedge(.health(let health)): healthy[.hedge]?.record(health.isHealthy ? 1 : 0)
        case .maker(.reconciling(let running)): reconciliation(.maker, running)
        case .hedge(.reconciling(let running)): reconciliation(.hedge, running)
        case .hedge(.outcome(let id, let outcome)):
            // Counted once: the engine writes the order only for the first outcome it takes.
            let taken = reaction.ledger.contains { if case .order(let row) = $0 { row.venue == .hedge && row.clientOrderID == id } else { false } }
            if taken { outcomes[Self.status(of: outcome)]?.increment() }
        default: break
        }
        nakedExposure.record(Double(exposure.units) / Double(FixedDecimal.unitScale))
    }

    mutating func reconciliation(_ venue: VenueRole, _ running: Bool) {
        if running && reconciling[venue] != true { reconciliations[venue]?.increment() }
        reconciling[venue] = running
    }

    static func status(of outcome: HedgeOutcome) -> String {
        switch outcome.status {
        case .filled: "filled"
        case .canceled: outcome.filledQuantity > .zero ? "partially_filled" : "unfilled"
        case .rejected: "rejected"
        case .notFound: "not_found"
        }
    }
}
