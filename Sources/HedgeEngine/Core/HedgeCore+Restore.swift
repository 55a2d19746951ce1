import LighterProtocol

/// Carrying on from the ledger after a restart (a crash at any point included).
extension HedgeCore {
    /// Rebuilds positions, exposure lots, seen fills and orders from the ledger. Nothing is
    /// sent here: `.start` cancels the maker orders left open (their final execution comes with
    /// the answer) and asks the hedge venue what became of hedge orders without an outcome.
    mutating func restore(_ snapshot: LedgerSnapshot) {
        var maxID: Int64 = 0
        for order in snapshot.orders {
            maxID = max(maxID, order.clientOrderID)
            switch order.venue {
            case .maker:
                store(MakerState(order: order))
                if !order.status.isFinal { restoredOpenMaker.append(order.clientOrderID) }
            case .hedge:
                var hedge = HedgeState(order: order)
                if order.status.isFinal { hedge.reported = order.executed }
                hedgeOrders[order.clientOrderID] = hedge
                if !order.status.isFinal { restoredOpenHedge.append(order.clientOrderID) }
            }
        }
        ids = ClientOrderIDs(last: maxID)
        var counted: [Int64: FixedDecimal] = [:]
        for fill in snapshot.fills {
            seenFills.insert(fill.key)
            let signed = fill.side.signed(fill.counted)
            switch fill.venue {
            case .maker:
                makerPosition += signed
                counted[fill.clientOrderID, default: .zero] += fill.counted
                if fill.role != .reported { makerOrders[fill.clientOrderID]?.fillsSeen += fill.quantity }
            case .hedge:
                hedgePosition += signed
                hedgeOrders[fill.clientOrderID]?.fillsSeen += fill.quantity
            }
            // The links were written when the fills came; replaying rebuilds the same open lots.
            _ = exposures.add(fill.key, signed: signed, receivedNs: nil)
        }
        for (id, total) in counted {
            guard var maker = makerOrders[id] else { continue }
            maker.provisional = total > maker.fillsSeen ? total - maker.fillsSeen : .zero
            store(maker)
        }
        for (id, hedge) in hedgeOrders where !hedge.order.status.isFinal || !hedge.reserve.isZero {
            openHedges.insert(id)
        }
        restoredOpenMaker.sort()
        restoredOpenHedge.sort()
        if let checkpoint = snapshot.checkpoint {
            phase = checkpoint.phase
            stopReason = checkpoint.stopReason
            roundsDone = checkpoint.roundsDone
            direction = checkpoint.direction
            roundSide = checkpoint.roundSide
            roundTarget = checkpoint.roundTarget
            roundFilled = checkpoint.roundFilled
            lastCheckpoint = checkpoint
        }
    }

    /// The first event: a previous run's open maker orders are canceled (their answer carries
    /// what they executed) and its hedge orders without an outcome resolved; until then their
    /// quantities stay counted as possibly filled, so nothing is hedged twice.
    mutating func begin(_ time: EngineTime, _ reaction: inout EngineReaction) {
        guard !started else { return }
        started = true
        if phase == .stopped {
            reaction.alert(.warning, "Resuming a run that had stopped (\(stopReason ?? "no reason")): hedging what is naked, then quoting",
                           at: time.wallMs)
            phase = .running
            stopReason = nil
        }
        if phase == .flattening { episode = Episode(startedMs: time.wallMs) }
        let naked = exposures.net
        if !restoredOpenMaker.isEmpty || !restoredOpenHedge.isEmpty || !naked.isZero {
            reaction.alert(.warning, "Restart: \(restoredOpenMaker.count) maker orders left open (canceling), \(restoredOpenHedge.count) hedges without an outcome (asking the venue), naked exposure \(naked)",
                           at: time.wallMs)
        }
        for id in restoredOpenMaker {
            guard var maker = makerOrders[id] else { continue }
            maker.order.status = .canceling
            maker.order.reason = "left open by a previous run"
            maker.order.updatedMs = time.wallMs
            store(maker)
            if maker.order.role == .quote { quote = .canceling(clientOrderID: id) }
            if maker.order.role == .flatten { flattenOrder = id }
            reaction.ledger.append(.order(maker.order))
            reaction.actions.append(.cancelMaker(clientOrderID: id))
        }
        for id in restoredOpenHedge {
            guard let hedge = hedgeOrders[id] else { continue }
            reaction.actions.append(.resolveHedge(clientOrderID: id, createdMs: hedge.order.createdMs))
        }
        restoredOpenMaker = []
        restoredOpenHedge = []
    }
}
