import CoreMetrics
import LighterProtocol

/// Runs the hedge engine: takes the venues' events in one ordered stream, lets `HedgeCore`
/// decide, commits the decision's ledger entries, and only then hands orders and cancels to the
/// venue adapters. A ledger that cannot be written stops it before it acts.
public actor HedgeEngine {
    /// Where every decision is committed before it is acted on.
    public let ledger: HedgeLedger
    let maker: any MakerVenue
    let hedge: any HedgeVenue
    let clock: any HedgeClock
    let onAlert: @Sendable (EngineAlert) -> Void
    let onStep: (@Sendable (EngineEvent, EngineReaction) -> Void)?
    var core: HedgeCore
    var failure: LedgerError?
    var lastHedgeDispatchMicros: Int64?
    var lastWALCheckpointMs: Int64 = 0
    var metrics: EngineMetrics
    /// How often, at most, the ledger's log is checkpointed while nothing is naked or open.
    static let walCheckpointIntervalMs: Int64 = 5_000
    nonisolated let inbox: AsyncStream<EngineEvent>
    nonisolated let inboxContinuation: AsyncStream<EngineEvent>.Continuation

    /// An engine for a new run, or carrying on the run in `ledger`.
    ///
    /// - Parameters:
    ///   - metricsFactory: where its metrics go (the bootstrapped metrics system's unless given).
    ///   - onAlert: every alert, as it is raised.
    ///   - onStep: each event that changed something, with what was decided (for the log).
    public init(configuration: HedgeConfiguration, maker: any MakerVenue, hedge: any HedgeVenue, ledger: HedgeLedger,
                clock: any HedgeClock = SystemHedgeClock(), metricsFactory: any MetricsFactory = MetricsSystem.factory,
                onAlert: @escaping @Sendable (EngineAlert) -> Void = { _ in },
                onStep: (@Sendable (EngineEvent, EngineReaction) -> Void)? = nil) throws(HedgeEngineError) {
        self.ledger = ledger
        self.onStep = onStep
        self.metrics = EngineMetrics(makerVenue: maker.name, hedgeVenue: hedge.name, factory: metricsFactory)
        self.maker = maker
        self.hedge = hedge
        self.clock = clock
        self.onAlert = onAlert
        let snapshot: LedgerSnapshot
        do { snapshot = try ledger.snapshot() } catch { throw .ledger(error) }
        do {
            core = try HedgeCore(configuration: configuration, makerRules: maker.rules, hedgeRules: hedge.rules, restoring: snapshot)
        } catch {
            throw .configuration(error.description)
        }
        core.venueNames = [.maker: maker.name, .hedge: hedge.name]
        (inbox, inboxContinuation) = AsyncStream.makeStream(of: EngineEvent.self)
    }

    /// Handles one event: decide, commit, act. Throws (and acts no more) once the ledger fails.
    public func handle(_ event: EngineEvent) throws(HedgeEngineError) {
        if let failure { throw .ledger(failure) }
        let time = clock.now()
        let reaction = core.handle(event, at: time)
        do {
            try ledger.write(reaction.ledger)
        } catch {
            failure = error
            onAlert(EngineAlert(level: .critical, message: "Ledger write failed, stopping before acting: \(error)", atMs: time.wallMs))
            throw .ledger(error)
        }
        for action in reaction.actions {
            switch action {
            case .placeMaker(let order): maker.place(order)
            case .cancelMaker(let id): maker.cancel(clientOrderID: id)
            case .placeHedge(let order):
                hedge.place(order)
                let handOff = HedgeCore.micros(from: time.monotonicNs, to: clock.now().monotonicNs)
                lastHedgeDispatchMicros = handOff
                metrics.hedgeDispatched(order, in: reaction, handOffMicros: handOff)
            case .resolveHedge(let id, let createdMs): hedge.resolve(clientOrderID: id, createdMs: createdMs)
            case .alert(let alert): onAlert(alert)
            }
        }
        metrics.observe(event, reaction, nakedExposure: core.nakedExposure)
        // After acting, so that a log line never delays a hedge.
        if let onStep, !reaction.ledger.isEmpty || !reaction.actions.isEmpty { onStep(event, reaction) }
        if event == .tick { checkpointWhenIdle(time) }
    }

    /// The ledger's log is copied into the database only while no hedge is open and nothing is
    /// naked, so that a commit on the hedge path never waits for it.
    func checkpointWhenIdle(_ time: EngineTime) {
        guard time.wallMs - lastWALCheckpointMs >= Self.walCheckpointIntervalMs, core.hedgesInFlight == 0,
              core.nakedExposure.isZero else { return }
        lastWALCheckpointMs = time.wallMs
        do { try ledger.checkpointWAL() } catch {
            onAlert(EngineAlert(level: .warning, message: error.description, atMs: time.wallMs))
        }
    }

    /// Runs until the run is done or stopped: `.start` first, then the venues' events as they
    /// come and a tick every `tick`.
    public func run(tick: Duration = .milliseconds(100)) async throws(HedgeEngineError) {
        let continuation = inboxContinuation
        let makerEvents = maker.events
        let hedgeEvents = hedge.events
        let feeders = [
            Task { for await event in makerEvents { continuation.yield(.maker(event)) } },
            Task { for await event in hedgeEvents { continuation.yield(.hedge(event)) } },
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: tick)
                    continuation.yield(.tick)
                }
            },
        ]
        defer { for feeder in feeders { feeder.cancel() } }
        try handle(.start)
        for await event in inbox {
            try handle(event)
            if core.phase.isTerminal { return }
        }
    }

    /// Asks the running engine to stop cleanly: cancel the quote, hedge what is naked, finish.
    public nonisolated func requestStop() { inboxContinuation.yield(.stopRequested) }

    /// Where the run is, for a status line.
    public var status: EngineStatus {
        EngineStatus(phase: core.phase, state: core.state, roundsDone: core.roundsDone, makerPosition: core.makerPosition,
                     hedgePosition: core.hedgePosition, nakedExposure: core.nakedExposure, hedgesInFlight: core.hedgesInFlight,
                     lastHedgeDispatchMicros: lastHedgeDispatchMicros, stopReason: core.stopReason,
                     quote: core.quote.clientOrderID.flatMap { core.makerOrders[$0]?.order })
    }
}
