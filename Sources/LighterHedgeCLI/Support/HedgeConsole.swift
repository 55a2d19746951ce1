import Foundation
import HedgeEngine
import HedgeRuntime
import LighterProtocol
import Logging

/// What a hedge run shows a person: the engine's decisions as INFO lines in the log (the
/// reference bot's format), its alerts at their level, a live status line, and the closing
/// table read from the ledger.
enum HedgeConsole {
    /// The log lines of one engine step in order: the event (fills, hedge outcomes), then what
    /// was decided (orders sent, cancels, alerts).
    static func log(_ event: EngineEvent, _ reaction: EngineReaction, to logger: Logger) {
        switch event {
        case .maker(.fill(let fill)):
            logger.info("[BACKPACK] Fill: \(fill.side) \(fill.quantity) @ \(fill.price) (trade \(fill.fillID), order \(fill.clientOrderID))")
        case .hedge(.fill(let fill)):
            logger.info("[LIGHTER] Hedge fill: \(fill.side) \(fill.quantity) @ \(fill.price) (order \(fill.clientOrderID))")
        case .hedge(.outcome(let id, let outcome)):
            if case .filled = outcome.status {
                logger.info("[LIGHTER] Hedge \(id) filled: \(outcome.filledQuantity)")
            } else {
                logger.warning("[LIGHTER] Hedge \(id) \(outcome.text) after \(outcome.filledQuantity) filled")
            }
        default:
            break
        }
        for action in reaction.actions {
            switch action {
            case .placeHedge(let order):
                logger.info("[LIGHTER] Hedge sent: \(order.side) \(order.quantity) IOC, worst price \(order.price) (order \(order.clientOrderID))")
            case .placeMaker(let order):
                let kind = order.kind == .postOnly ? "post-only" : "IOC (flatten)"
                logger.info("[BACKPACK] Order: \(kind) \(order.side) \(order.quantity) @ \(order.price) (order \(order.clientOrderID))")
            case .cancelMaker(let id):
                logger.info("[BACKPACK] Canceling order \(id)")
            case .resolveHedge(let id, _):
                logger.info("[LIGHTER] Asking what became of hedge \(id) (sent before a restart)")
            case .alert(let alert):
                log(alert, to: logger)
            }
        }
    }

    /// An alert at its level.
    static func log(_ alert: EngineAlert, to logger: Logger) {
        switch alert.level {
        case .info: logger.info("[ENGINE] \(alert.message)")
        case .warning: logger.warning("[ENGINE] \(alert.message)")
        case .critical: logger.critical("[ENGINE] \(alert.message)")
        }
    }

    /// The status line: phase and state, rounds, positions per venue, naked exposure, the last
    /// hedge's dispatch time.
    static func statusLine(_ status: EngineStatus, iterations: Int) -> String {
        let latency = status.lastHedgeDispatchMicros.map { " | last hedge \($0) µs" } ?? ""
        let quote = status.quote.map { " | quote \($0.side) \($0.quantity) @ \($0.price)" + ($0.executed > .zero ? " (\($0.executed) filled)" : "") } ?? ""
        return "\(status.phase.rawValue) \(describe(status.state)) | round \(min(status.roundsDone + 1, max(iterations, 1)))/\(iterations)" + quote
            + " | backpack \(status.makerPosition) lighter \(status.hedgePosition) | naked \(status.nakedExposure)"
            + (status.hedgesInFlight > 0 ? " | hedges in flight \(status.hedgesInFlight)" : "") + latency
    }

    static func describe(_ state: EngineState) -> String {
        switch state {
        case .starting: "starting"
        case .paused(let reason): "paused (\(reason))"
        case .waiting: "waiting"
        case .quoting: "quoting"
        case .makerPartlyFilled: "maker partly filled"
        case .makerFilled: "maker filled"
        case .canceling: "canceling"
        case .hedging: "hedging"
        case .flattening: "flattening"
        case .stopping: "stopping"
        case .stopped(let reason): "stopped (\(reason))"
        case .done: "done"
        }
    }

    /// The closing table, from the ledger: fills on both venues, pairing, naked exposure,
    /// hedge latency. Returns whether the run ended with nothing naked.
    @discardableResult
    /// How the run ended, in words: a run stopped (time limit, signal) before its rounds were
    /// done says so, rather than a bare `done`.
    static func ended(_ status: EngineStatus, iterations: Int) -> String {
        if status.phase == .done, status.stopReason == nil, status.roundsDone < iterations {
            return "stopped on request after \(status.roundsDone) of \(iterations) rounds, nothing open"
        }
        return status.phase.rawValue + (status.stopReason.map { ": \($0)" } ?? "")
    }

    static func summary(_ ledger: HedgeLedger, status: EngineStatus, iterations: Int) throws -> Bool {
        let fills = try ledger.fills()
        let pairs = try ledger.pairs()
        let makerFills = fills.filter { $0.venue == .maker && $0.role != .reported }
        let hedgeFills = fills.filter { $0.venue == .hedge }
        let paired = pairs.filter { $0.open.isZero }.count
        let latency = try LedgerReport(ledger: ledger).latency.toHedgeFill
        let hedgeOrders = try ledger.orders().filter { $0.venue == .hedge }.count
        func ms(_ micros: Int64?) -> String { micros.map { "\($0 / 1000) ms" } ?? "-" }
        let total = { (list: [LedgerFill]) in list.reduce(FixedDecimal.zero) { $0 + $1.quantity } }
        Terminal.printLine("")
        Terminal.printLine("Summary (ledger \(ledger.path))")
        Terminal.printLine("  backpack fills:  \(makerFills.count) (\(total(makerFills)))")
        Terminal.printLine("  lighter hedges:  \(hedgeFills.count) fills (\(total(hedgeFills))) from \(hedgeOrders) IOC orders")
        Terminal.printLine("  paired:          \(paired) of \(pairs.count) exposures hedged in full")
        Terminal.printLine("  positions:       backpack \(status.makerPosition), lighter \(status.hedgePosition)")
        Terminal.printLine("  naked at end:    \(status.nakedExposure)")
        Terminal.printLine("  hedge latency:   p50 \(ms(latency.p50Micros)), p99 \(ms(latency.p99Micros)) (Backpack fill seen → Lighter hedge fill seen)")
        Terminal.printLine("  ended:           \(ended(status, iterations: iterations))")
        return status.nakedExposure.isZero
    }
}
