import LighterProtocol

/// The hedge engine's decisions, with no I/O: one event in, ledger writes and venue actions out.
///
/// It quotes post-only on the maker venue one tick inside the spread, round after round of
/// `size`, building the position to `maxPosition` and unwinding it; every maker fill, partial
/// ones included, is hedged at once with an immediate-or-cancel order on the hedge venue capped
/// by the slippage limit from the live hedge book; a remainder is hedged again until the budget
/// of attempts and time is spent, then the policy flattens the naked leg or stops. It never
/// takes a fill for granted: only fills the venues report, and executed quantities they state,
/// move a position.
///
/// The state machines inside: the run's `RunPhase`; the quote's `QuoteState` (none → placing →
/// live → canceling → none, repriced when the price moves or the quote ages); per order a
/// ledger status; the naked exposure as open lots of an `ExposureBook`, with the hedge budget of
/// the current episode.
public struct HedgeCore: Sendable {
    /// The quote on the maker venue.
    public enum QuoteState: Sendable, Hashable {
        case none
        /// Sent, not yet accepted.
        case placing(clientOrderID: Int64)
        /// Resting.
        case live(clientOrderID: Int64)
        /// A cancel was sent; the order's final executed quantity is awaited.
        case canceling(clientOrderID: Int64)

        var clientOrderID: Int64? {
            switch self {
            case .none: nil
            case .placing(let id), .live(let id), .canceling(let id): id
            }
        }
    }

    /// A maker order and what is known of its execution.
    struct MakerState: Sendable {
        var order: LedgerOrder
        /// Fill events seen.
        var fillsSeen: FixedDecimal = .zero
        /// Executed quantity reported before its fill events: counted already.
        var provisional: FixedDecimal = .zero
        /// When a cancel may be sent again.
        var cancelRetryAtMs: Int64?

        var counted: FixedDecimal { fillsSeen + provisional }
    }

    /// A hedge order and what is known of its execution.
    struct HedgeState: Sendable {
        var order: LedgerOrder
        var fillsSeen: FixedDecimal = .zero
        /// The venue's final filled quantity, once it has decided.
        var reported: FixedDecimal?

        /// What may still fill (or whose fills are still on their way): never hedged twice.
        var reserve: FixedDecimal {
            let ceiling = reported ?? order.quantity
            return ceiling > fillsSeen ? ceiling - fillsSeen : .zero
        }
    }

    /// One spell of naked exposure, from the first unhedged fill until it is covered again.
    struct Episode: Sendable {
        var startedMs: Int64
        /// Hedge orders that ended short.
        var shortfalls = 0
        /// Orders sent to flatten.
        var flattenAttempts = 0
    }

    /// The run's settings, checked against both markets when made.
    public let configuration: HedgeConfiguration
    /// The maker market's grid: quotes and flattens are on its tick and step.
    public let makerRules: MarketRules
    /// The hedge market's grid: hedges are on its tick and step.
    public let hedgeRules: MarketRules
    /// Quotes are multiples of this (the coarser step when one divides the other), so that a
    /// fully filled quote is hedgeable to the last unit.
    let lot: FixedDecimal
    /// The smallest quote: both venues' minimums.
    let minimumQuote: FixedDecimal

    /// Where the run is as a whole.
    public internal(set) var phase: RunPhase = .running
    /// Why the engine stopped itself, naming the exposure; nil while it has not.
    public internal(set) var stopReason: String?
    /// The quote on the maker venue and where it is in its life.
    public internal(set) var quote: QuoteState = .none
    /// Rounds of quoting completed.
    public internal(set) var roundsDone = 0
    var direction: TradeSide = .buy
    var roundSide: TradeSide?
    var roundTarget: FixedDecimal?
    var roundFilled: FixedDecimal = .zero
    var quotePlacedMs: Int64 = 0
    var nextQuoteMs: Int64 = 0

    var makerOrders: [Int64: MakerState] = [:]
    /// Maker orders that may still fill.
    var openMakers: Set<Int64> = []
    var hedgeOrders: [Int64: HedgeState] = [:]
    /// Hedge orders still able to fill (or with fills on their way).
    var openHedges: Set<Int64> = []
    var flattenOrder: Int64?
    /// Orders sent at the end to close a naked remainder too small to hedge.
    var dustAttempts = 0
    /// The naked remainder the dust attempts so far were made against.
    var dustNaked: FixedDecimal?
    /// The venues' names for messages (`backpack`, `lighter`).
    var venueNames: [VenueRole: String] = [:]
    /// Venues whose position has not been read yet, when quoting waits for that.
    var positionsUnchecked: Set<VenueRole> = []
    /// When the run could have finished but waited for fills reported only as executions.
    var finishWaitSinceMs: Int64?
    /// How long the end waits for such fills.
    static let fillCatchUpMs: Int64 = 10_000
    var exposures = ExposureBook()
    var seenFills: Set<FillKey> = []
    /// The maker venue's position from the fills counted, in the base asset: signed, + long.
    public internal(set) var makerPosition: FixedDecimal = .zero
    /// The hedge venue's position from the fills counted, in the base asset: signed, + long.
    public internal(set) var hedgePosition: FixedDecimal = .zero

    var makerBook: BookTop?
    var makerBookMs: Int64?
    var hedgeBook: BookTop?
    var hedgeBookMs: Int64?
    var makerHealth: VenueHealth = .unhealthy("no news yet")
    var hedgeHealth: VenueHealth = .unhealthy("no news yet")
    var makerReconciling = false
    var hedgeReconciling = false
    /// A venue whose own position disagrees with the ledger's, and by how much.
    var positionMismatch: [VenueRole: FixedDecimal] = [:]

    var episode: Episode?
    var lastEventMs: Int64 = 0
    var ids: ClientOrderIDs
    var started = false
    var lastCheckpoint: EngineCheckpoint?
    /// Orders a previous run left open, handled at `.start`.
    var restoredOpenMaker: [Int64] = []
    var restoredOpenHedge: [Int64] = []

    /// A new run, or the one the ledger describes.
    public init(configuration: HedgeConfiguration, makerRules: MarketRules, hedgeRules: MarketRules,
                restoring snapshot: LedgerSnapshot = LedgerSnapshot()) throws(HedgeCoreError) {
        if let problem = configuration.problem(maker: makerRules, hedge: hedgeRules) { throw .configuration(problem) }
        self.configuration = configuration
        self.makerRules = makerRules
        self.hedgeRules = hedgeRules
        let (coarse, fine) = makerRules.stepSize > hedgeRules.stepSize
            ? (makerRules.stepSize, hedgeRules.stepSize) : (hedgeRules.stepSize, makerRules.stepSize)
        lot = coarse.units % fine.units == 0 ? coarse : makerRules.stepSize
        minimumQuote = max(makerRules.minQuantity, hedgeRules.minQuantity, lot)
        ids = ClientOrderIDs()
        if configuration.checkPositionsFirst { positionsUnchecked = [.maker, .hedge] }
        restore(snapshot)
    }

    // MARK: - The event loop's one entry

    /// Reacts to one event at `time`. The caller commits `ledger` before taking any action.
    public mutating func handle(_ event: EngineEvent, at time: EngineTime) -> EngineReaction {
        var reaction = EngineReaction()
        lastEventMs = time.wallMs
        switch event {
        case .start:
            begin(time, &reaction)
        case .maker(let event):
            handleMaker(event, time, &reaction)
        case .hedge(let event):
            handleHedge(event, time, &reaction)
        case .tick:
            break
        case .stopRequested:
            if phase == .running || phase == .closing {
                phase = .stopping
                reaction.alert(.info, "Stop requested: canceling the quote, hedging what is naked", at: time.wallMs)
            }
        }
        evaluate(time, &reaction)
        writeCheckpoint(time, &reaction)
        return reaction
    }

    // MARK: - What the engine is doing

    /// The run's state for a status line and for tests.
    public var state: EngineState {
        switch phase {
        case .stopped: return .stopped(stopReason ?? "stopped")
        case .done: return .done
        case .flattening: return .flattening
        case .stopping, .running, .closing: break
        }
        if !started { return .starting }
        if !openHedges.isEmpty || hedgeable(exposures.net) { return .hedging }
        if let id = quote.clientOrderID, let maker = makerOrders[id], maker.counted > .zero {
            return maker.counted >= maker.order.quantity ? .makerFilled : .makerPartlyFilled
        }
        switch quote {
        case .live, .placing: return .quoting
        case .canceling: return .canceling
        case .none: break
        }
        if phase == .stopping { return .stopping }
        if let reason = pauseReason(nowMs: lastEventMs) { return .paused(reason) }
        return .waiting
    }

    /// Maker position plus hedge position: what a price move would cost or earn.
    public var nakedExposure: FixedDecimal { exposures.net }

    /// Open (or unresolved) hedge orders.
    public var hedgesInFlight: Int { openHedges.count }

    // MARK: - Helpers

    /// Keeps a maker order and the set of those still open.
    mutating func store(_ maker: MakerState) {
        let id = maker.order.clientOrderID
        makerOrders[id] = maker
        if maker.order.status.isFinal { openMakers.remove(id) } else { openMakers.insert(id) }
    }

    func hedgeable(_ naked: FixedDecimal) -> Bool {
        hedgeRules.floorQuantity(ExposureBook.magnitude(naked)) >= hedgeRules.minQuantity
    }

    /// The run's progress as the ledger keeps it.
    var checkpoint: EngineCheckpoint {
        EngineCheckpoint(phase: phase, stopReason: stopReason, roundsDone: roundsDone, direction: direction,
                         roundSide: roundSide, roundTarget: roundTarget, roundFilled: roundFilled, updatedMs: 0)
    }

    mutating func writeCheckpoint(_ time: EngineTime, _ reaction: inout EngineReaction) {
        var current = checkpoint
        current.updatedMs = time.wallMs
        if let last = lastCheckpoint, last.sameProgress(as: current) { return }
        lastCheckpoint = current
        reaction.ledger.append(.checkpoint(current))
    }

    /// Stops with a reason that names the exposure.
    mutating func stop(_ reason: String, _ time: EngineTime, _ reaction: inout EngineReaction) {
        phase = .stopped
        stopReason = "\(reason); naked exposure \(exposures.net) (maker \(makerPosition), hedge \(hedgePosition))"
        reaction.alert(.critical, "Engine stopped: \(stopReason ?? reason)", at: time.wallMs)
    }
}

/// Why an engine could not be made.
public enum HedgeCoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The settings cannot run on these markets (`HedgeConfiguration.problem`).
    case configuration(String)

    /// `bad hedge settings: …`, one line for the operator.
    public var description: String {
        switch self {
        case .configuration(let problem): "bad hedge settings: \(problem)"
        }
    }
}
