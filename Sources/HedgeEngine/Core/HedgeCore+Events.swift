import LighterProtocol

/// The venues' events: books, health, answers to orders, fills.
extension HedgeCore {
    mutating func handleMaker(_ event: MakerVenueEvent, _ time: EngineTime, _ reaction: inout EngineReaction) {
        switch event {
        case .book(let top):
            makerBook = top
            makerBookMs = time.wallMs
        case .health(let health):
            if health != makerHealth, !health.isHealthy {
                reaction.alert(.warning, "Maker venue \(health): quoting paused", at: time.wallMs)
            }
            makerHealth = health
        case .reconciling(let running):
            makerReconciling = running
        case .accepted(let id, let venueOrderID):
            guard var maker = makerOrders[id] else { return }
            maker.order.venueOrderID = venueOrderID
            if maker.order.status == .created || maker.order.status == .unknown { maker.order.status = .accepted }
            maker.order.updatedMs = time.wallMs
            store(maker)
            reaction.ledger.append(.order(maker.order))
            if quote == .placing(clientOrderID: id) { quote = .live(clientOrderID: id) }
        case .rejected(let id, let reason, let wouldTake):
            guard var maker = makerOrders[id], !maker.order.status.isFinal else { return }
            maker.order.status = .rejected
            maker.order.reason = reason
            maker.order.updatedMs = time.wallMs
            store(maker)
            reaction.ledger.append(.order(maker.order))
            closed(makerOrder: id, time)
            if !wouldTake { reaction.alert(.warning, "Maker order \(id) refused: \(reason)", at: time.wallMs) }
        case .fill(let fill):
            makerFill(fill, time, &reaction)
        case .orderUpdate(let id, let status, let executed):
            guard makerOrders[id] != nil else { return }
            report(executed: executed, of: id, time, &reaction)
            if status.isFinal {
                finishMaker(id, status: status == .filled ? .filled : (status == .expired ? .expired : .canceled),
                            executed: executed, reason: nil, time, &reaction)
            } else if quote == .placing(clientOrderID: id) {
                quote = .live(clientOrderID: id)
            }
        case .cancelResult(let id, let result):
            guard var maker = makerOrders[id] else { return }
            switch result {
            case .closed(let executed):
                report(executed: executed, of: id, time, &reaction)
                let filled = max(executed, makerOrders[id]?.counted ?? executed) >= maker.order.quantity
                finishMaker(id, status: filled ? .filled : .canceled, executed: executed, reason: maker.order.reason,
                            time, &reaction)
            case .failed(let reason):
                maker.cancelRetryAtMs = time.wallMs + configuration.cancelRetryMs
                store(maker)
                reaction.alert(.warning, "Cancel of maker order \(id) failed (\(reason)); trying again", at: time.wallMs)
            }
        case .position(let venuePosition):
            checkPosition(.maker, venue: venuePosition, ledger: makerPosition, time, &reaction)
        }
    }

    mutating func handleHedge(_ event: HedgeVenueEvent, _ time: EngineTime, _ reaction: inout EngineReaction) {
        switch event {
        case .book(let top):
            hedgeBook = top
            hedgeBookMs = time.wallMs
        case .health(let health):
            if health != hedgeHealth, !health.isHealthy {
                reaction.alert(.warning, "Hedge venue \(health): quoting paused", at: time.wallMs)
            }
            hedgeHealth = health
        case .reconciling(let running):
            hedgeReconciling = running
        case .accepted(let id, let reference):
            guard var hedge = hedgeOrders[id] else { return }
            hedge.order.venueOrderID = reference
            if hedge.order.status == .created || hedge.order.status == .unknown { hedge.order.status = .accepted }
            hedge.order.updatedMs = time.wallMs
            hedgeOrders[id] = hedge
            reaction.ledger.append(.order(hedge.order))
        case .sendUnknown(let id, let reason):
            guard var hedge = hedgeOrders[id], !hedge.order.status.isFinal else { return }
            hedge.order.status = .unknown
            hedge.order.reason = reason
            hedge.order.updatedMs = time.wallMs
            hedgeOrders[id] = hedge
            reaction.ledger.append(.order(hedge.order))
            reaction.alert(.warning, "Hedge \(id): no answer from the venue (\(reason)); its quantity stays reserved until the venue says what became of it",
                           at: time.wallMs)
        case .fill(let fill):
            hedgeFill(fill, time, &reaction)
        case .outcome(let id, let outcome):
            hedgeOutcome(id, outcome, time, &reaction)
        case .position(let venuePosition):
            checkPosition(.hedge, venue: venuePosition, ledger: hedgePosition, time, &reaction)
        }
    }

    // MARK: - Maker fills

    mutating func makerFill(_ fill: VenueFill, _ time: EngineTime, _ reaction: inout EngineReaction) {
        let key = FillKey(venue: .maker, fillID: fill.fillID)
        guard seenFills.insert(key).inserted, fill.quantity > .zero else { return }
        var counted = fill.quantity
        var role = LedgerFill.Role.foreign
        if var maker = makerOrders[fill.clientOrderID] {
            role = maker.order.role == .flatten ? .flatten : .quote
            let absorbed = min(counted, maker.provisional)
            maker.provisional -= absorbed
            counted -= absorbed
            maker.fillsSeen += fill.quantity
            if !maker.order.status.isFinal, maker.counted >= maker.order.quantity { maker.order.status = .filled }
            else if !maker.order.status.isFinal, maker.order.status != .canceling { maker.order.status = .partiallyFilled }
            maker.order.executed = max(maker.order.executed, maker.counted)
            maker.order.updatedMs = time.wallMs
            store(maker)
            reaction.ledger.append(.order(maker.order))
        } else {
            reaction.alert(.warning, "Maker fill \(fill.fillID) of an order the engine did not send (\(fill.side) \(fill.quantity)): hedged as exposure",
                           at: time.wallMs)
        }
        let record = LedgerFill(venue: .maker, fillID: fill.fillID, clientOrderID: fill.clientOrderID, role: role,
                                side: fill.side, price: fill.price, quantity: fill.quantity, counted: counted, fee: fill.fee,
                                feeAsset: fill.feeAsset, venueTimeMs: fill.venueTimeMs, receivedMs: time.wallMs)
        reaction.ledger.append(.fill(record))
        count(record, time, &reaction)
        if let maker = makerOrders[fill.clientOrderID] {
            progress(maker.order, by: counted, time)
            if maker.order.status == .filled { closed(makerOrder: fill.clientOrderID, time) }
        }
    }

    /// The venue says the order executed `executed` in all: what runs ahead of its fill events
    /// is counted (and hedged) now; those fills, when they come, are not counted again.
    mutating func report(executed: FixedDecimal, of id: Int64, _ time: EngineTime, _ reaction: inout EngineReaction) {
        guard var maker = makerOrders[id], executed > maker.counted else { return }
        let extra = executed - maker.counted
        maker.provisional += extra
        maker.order.executed = executed
        maker.order.updatedMs = time.wallMs
        store(maker)
        let record = LedgerFill(venue: .maker, fillID: "executed:\(id):\(executed.units)", clientOrderID: id,
                                role: .reported, side: maker.order.side, price: maker.order.price, quantity: extra,
                                counted: extra, receivedMs: time.wallMs)
        guard seenFills.insert(record.key).inserted else { return }
        reaction.ledger.append(.order(maker.order))
        reaction.ledger.append(.fill(record))
        reaction.alert(.warning, "Maker order \(id) executed \(executed) but only \(maker.fillsSeen) was seen as fills: hedging the \(extra) at once",
                       at: time.wallMs)
        count(record, time, &reaction)
        progress(maker.order, by: extra, time)
    }

    mutating func finishMaker(_ id: Int64, status: LedgerOrder.Status, executed: FixedDecimal, reason: String?,
                              _ time: EngineTime, _ reaction: inout EngineReaction) {
        guard var maker = makerOrders[id] else { return }
        if !maker.order.status.isFinal {
            maker.order.status = status
            maker.order.executed = max(executed, maker.counted)
            maker.order.reason = reason ?? maker.order.reason
            maker.order.updatedMs = time.wallMs
            maker.cancelRetryAtMs = nil
            store(maker)
            reaction.ledger.append(.order(maker.order))
        }
        closed(makerOrder: id, time)
    }

    /// The order can no longer fill: it is no longer the quote or the flatten order.
    mutating func closed(makerOrder id: Int64, _ time: EngineTime) {
        if quote.clientOrderID == id {
            quote = .none
            nextQuoteMs = max(nextQuoteMs, time.wallMs + (makerOrders[id]?.order.status == .rejected ? configuration.quoteRetryMs : 0))
        }
        if flattenOrder == id { flattenOrder = nil }
    }

    /// A quote's fill moves its round on.
    mutating func progress(_ order: LedgerOrder, by quantity: FixedDecimal, _ time: EngineTime) {
        guard order.role == .quote, order.round == roundsDone, let target = roundTarget else { return }
        roundFilled += quantity
        if target - roundFilled < minimumQuote {
            roundsDone += 1
            roundTarget = nil
            roundSide = nil
            roundFilled = .zero
            nextQuoteMs = max(nextQuoteMs, time.wallMs + configuration.pauseBetweenRoundsMs)
        }
    }

    // MARK: - Hedge fills and outcomes

    mutating func hedgeFill(_ fill: VenueFill, _ time: EngineTime, _ reaction: inout EngineReaction) {
        let key = FillKey(venue: .hedge, fillID: fill.fillID)
        guard seenFills.insert(key).inserted, fill.quantity > .zero else { return }
        var role = LedgerFill.Role.foreign
        if var hedge = hedgeOrders[fill.clientOrderID] {
            role = .hedge
            hedge.fillsSeen += fill.quantity
            hedge.order.executed = max(hedge.order.executed, hedge.fillsSeen)
            if !hedge.order.status.isFinal { hedge.order.status = hedge.fillsSeen >= hedge.order.quantity ? .filled : .partiallyFilled }
            hedge.order.updatedMs = time.wallMs
            hedgeOrders[fill.clientOrderID] = hedge
            if hedge.reserve.isZero && hedge.order.status.isFinal { openHedges.remove(fill.clientOrderID) }
            reaction.ledger.append(.order(hedge.order))
        } else {
            reaction.alert(.warning, "Hedge venue fill \(fill.fillID) of an order the engine did not send (\(fill.side) \(fill.quantity))",
                           at: time.wallMs)
        }
        let latency = exposures.oldest?.receivedNs.map { Self.micros(from: $0, to: time.monotonicNs) }
        let record = LedgerFill(venue: .hedge, fillID: fill.fillID, clientOrderID: fill.clientOrderID, role: role,
                                side: fill.side, price: fill.price, quantity: fill.quantity, counted: fill.quantity,
                                fee: fill.fee, feeAsset: fill.feeAsset, venueTimeMs: fill.venueTimeMs,
                                receivedMs: time.wallMs, latencyMicros: latency)
        reaction.ledger.append(.fill(record))
        count(record, time, &reaction)
    }

    mutating func hedgeOutcome(_ id: Int64, _ outcome: HedgeOutcome, _ time: EngineTime, _ reaction: inout EngineReaction) {
        guard var hedge = hedgeOrders[id], hedge.reported == nil else { return }
        hedge.reported = outcome.filledQuantity
        hedge.order.executed = max(hedge.fillsSeen, outcome.filledQuantity)
        hedge.order.status = switch outcome.status {
        case .filled: .filled
        case .canceled: .canceled
        case .rejected: .rejected
        case .notFound: .notFound
        }
        hedge.order.reason = outcome.text
        hedge.order.updatedMs = time.wallMs
        hedgeOrders[id] = hedge
        if hedge.reserve.isZero { openHedges.remove(id) }
        reaction.ledger.append(.order(hedge.order))
        if outcome.filledQuantity < hedge.order.quantity {
            episode?.shortfalls += 1
            let left = hedge.order.quantity - outcome.filledQuantity
            reaction.alert(.warning, "Hedge \(id) \(outcome.text) with \(outcome.filledQuantity) of \(hedge.order.quantity) filled: \(left) to hedge again",
                           at: time.wallMs)
        }
    }

    // MARK: - Positions

    /// Counts a fill into its venue's position and the naked exposure, and links it to the lots
    /// it offsets.
    mutating func count(_ fill: LedgerFill, _ time: EngineTime, _ reaction: inout EngineReaction) {
        guard fill.counted > .zero else { return }
        let signed = fill.side.signed(fill.counted)
        switch fill.venue {
        case .maker: makerPosition += signed
        case .hedge: hedgePosition += signed
        }
        for (lot, quantity) in exposures.add(fill.key, signed: signed, receivedNs: time.monotonicNs) {
            reaction.ledger.append(.link(PairLink(exposure: lot.key, offset: fill.key, quantity: quantity)))
        }
    }

    /// A venue's own position against the ledger's: more than one lot apart stops quoting until
    /// they agree again.
    mutating func checkPosition(_ venue: VenueRole, venue venuePosition: FixedDecimal, ledger: FixedDecimal,
                                _ time: EngineTime, _ reaction: inout EngineReaction) {
        let gap = venuePosition - ledger
        if ExposureBook.magnitude(gap) > lot {
            if positionMismatch[venue] != gap {
                reaction.alert(.critical, "The \(venue.rawValue) venue reports a position of \(venuePosition), the ledger \(ledger): \(gap) apart; quoting stopped until they agree",
                               at: time.wallMs)
            }
            positionMismatch[venue] = gap
        } else if positionMismatch.removeValue(forKey: venue) != nil {
            reaction.alert(.info, "The \(venue.rawValue) venue's position agrees with the ledger again", at: time.wallMs)
        }
    }

    static func micros(from start: UInt64, to end: UInt64) -> Int64 {
        end >= start ? Int64(clamping: (end - start) / 1_000) : 0
    }
}
