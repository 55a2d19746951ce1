import LighterProtocol

/// Quotes: rounds, prices one tick inside the spread, cancel-replace, pauses.
extension HedgeCore {
    mutating func quoteStep(_ time: EngineTime, _ reaction: inout EngineReaction) {
        let now = time.wallMs
        switch quote {
        case .live(let id):
            if let reason = cancelReason(for: id, nowMs: now) { cancelQuote(reason, time, &reaction) }
        case .placing:
            // Canceled once the venue has it: a cancel racing the placement could miss it.
            break
        case .canceling(let id):
            // A cancel that failed is sent again; one unanswered waits for its answer.
            guard var maker = makerOrders[id], let retry = maker.cancelRetryAtMs, now >= retry else { return }
            maker.cancelRetryAtMs = nil
            store(maker)
            reaction.actions.append(.cancelMaker(clientOrderID: id))
        case .none:
            placeQuote(time, &reaction)
        }
    }

    /// Why the live quote must go, or nil.
    func cancelReason(for id: Int64, nowMs: Int64) -> String? {
        guard let maker = makerOrders[id] else { return nil }
        if phase != .running && phase != .closing { return "stopping" }
        if let pause = pauseReason(nowMs: nowMs) { return pause }
        let age = nowMs - quotePlacedMs
        if age >= configuration.quoteMaxAgeMs { return "quote aged \(age) ms" }
        if age >= configuration.quoteMinLifeMs, let book = makerBook, let wanted = quotePrice(side: maker.order.side, book: book),
           wanted != maker.order.price {
            return "price moved (\(maker.order.price) → \(wanted))"
        }
        return nil
    }

    /// Why no quote may rest now (either venue unhealthy, a book stale, a reconciliation
    /// running, positions disagreeing), or nil.
    func pauseReason(nowMs: Int64) -> String? {
        if !makerHealth.isHealthy { return "maker venue \(makerHealth)" }
        if !hedgeHealth.isHealthy { return "hedge venue \(hedgeHealth)" }
        if makerReconciling { return "maker venue reconciling" }
        if hedgeReconciling { return "hedge venue reconciling" }
        if freshBook(.maker, nowMs: nowMs) == nil { return "maker book stale or missing" }
        if freshBook(.hedge, nowMs: nowMs) == nil { return "hedge book stale or missing" }
        if let unchecked = positionsUnchecked.sorted(by: { $0.rawValue > $1.rawValue }).first {
            return "waiting for the \(venueNames[unchecked] ?? unchecked.rawValue) position check"
        }
        if let mismatch = positionMismatch.first { return "\(venueNames[mismatch.key] ?? mismatch.key.rawValue) position \(mismatch.value) off the ledger" }
        return nil
    }

    mutating func cancelQuote(_ reason: String, _ time: EngineTime, _ reaction: inout EngineReaction) {
        guard case .live(let id) = quote, var maker = makerOrders[id] else { return }
        if !maker.order.status.isFinal { maker.order.status = .canceling }
        maker.order.reason = reason
        maker.order.updatedMs = time.wallMs
        store(maker)
        quote = .canceling(clientOrderID: id)
        reaction.ledger.append(.order(maker.order))
        reaction.actions.append(.cancelMaker(clientOrderID: id))
    }

    /// A buy one tick under the best ask, a sell one tick over the best bid: inside the spread,
    /// still a maker.
    func quotePrice(side: TradeSide, book: BookTop) -> FixedDecimal? {
        guard book.isUsable, let bid = book.bid, let ask = book.ask else { return nil }
        let price = side == .buy ? ask - makerRules.tickSize : bid + makerRules.tickSize
        return price > .zero ? makerRules.floorPrice(price) : nil
    }

    /// A new quote when nothing holds it back: no naked exposure or open hedge (no new risk
    /// while the last is not covered), no order of unknown fate, healthy venues, fresh books.
    mutating func placeQuote(_ time: EngineTime, _ reaction: inout EngineReaction) {
        let now = time.wallMs
        guard phase == .running || phase == .closing, now >= nextQuoteMs, openHedges.isEmpty, !hedgeable(exposures.net),
              flattenOrder == nil, pauseReason(nowMs: now) == nil,
              openMakers.isEmpty else { return }
        guard let round = roundRemaining(now), let book = makerBook, let price = quotePrice(side: round.side, book: book) else {
            return
        }
        let side = round.side
        let quantity = MarketRules.floor(round.remaining, to: lot)
        guard quantity >= minimumQuote else { return }
        let id = ids.next(nowMs: now)
        let order = LedgerOrder(venue: .maker, clientOrderID: id, role: .quote, side: side, price: price, quantity: quantity,
                                round: roundsDone, createdMs: now)
        store(MakerState(order: order))
        quote = .placing(clientOrderID: id)
        quotePlacedMs = now
        reaction.ledger.append(.order(order))
        reaction.actions.append(.placeMaker(MakerOrder(clientOrderID: id, side: side, price: price, quantity: quantity,
                                                       kind: .postOnly)))
    }

    /// The round in progress (starting one when none is): its side and what is left of it.
    /// Rounds build toward `maxPosition` on the current side and turn at the limit; once
    /// `iterations` are done, rounds bring the position back to flat.
    mutating func roundRemaining(_ now: Int64) -> (side: TradeSide, remaining: FixedDecimal)? {
        if let side = roundSide, let target = roundTarget { return (side, target - roundFilled) }
        if phase == .running && roundsDone >= configuration.iterations { phase = .closing }
        let target: FixedDecimal
        let side: TradeSide
        if phase == .closing {
            side = TradeSide.reducing(makerPosition)
            target = min(configuration.size, ExposureBook.magnitude(makerPosition))
        } else {
            var room = self.room(direction)
            if room < minimumQuote {
                direction = direction.opposite
                room = self.room(direction)
            }
            side = direction
            target = min(configuration.size, room)
        }
        let quantity = MarketRules.floor(target, to: lot)
        guard quantity >= minimumQuote else { return nil }
        roundSide = side
        roundTarget = quantity
        roundFilled = .zero
        return (side, quantity)
    }

    /// Executions the venue reported ahead of their fills: the fills are on their way, and the
    /// ledger should hold them before the run ends. True while waiting (a bounded while).
    mutating func awaitingReportedFills(_ time: EngineTime) -> Bool {
        guard makerOrders.values.contains(where: { $0.provisional > .zero }) else { return false }
        let since = finishWaitSinceMs ?? time.wallMs
        finishWaitSinceMs = since
        return time.wallMs - since < Self.fillCatchUpMs
    }

    /// How far the maker position may still go on `side`.
    func room(_ side: TradeSide) -> FixedDecimal {
        let room = side == .buy ? configuration.maxPosition - makerPosition : configuration.maxPosition + makerPosition
        return room.isNegative ? .zero : room
    }

    /// The end: closing complete, or a stop request carried out, with nothing naked or open.
    mutating func finishStep(_ time: EngineTime, _ reaction: inout EngineReaction) {
        guard phase == .closing || phase == .stopping, quote == .none, openHedges.isEmpty, flattenOrder == nil,
              !hedgeable(exposures.net), openMakers.isEmpty else { return }
        if phase == .closing {
            guard roundTarget == nil, MarketRules.floor(ExposureBook.magnitude(makerPosition), to: lot) < minimumQuote else { return }
        }
        if awaitingReportedFills(time) { return }
        // A remainder below the hedge venue's minimum (partial fills leave them) cannot be hedged:
        // it is closed where it was made, so that the run ends with nothing naked.
        let naked = exposures.net
        let dust = makerRules.floorQuantity(ExposureBook.magnitude(naked))
        if !naked.isZero, dust >= makerRules.minQuantity {
            // The budget is for attempts that change nothing: a flatten that closed part of the
            // remainder (a venue filling IOCs only partly) gives the next one a fresh count.
            if naked != dustNaked {
                dustNaked = naked
                dustAttempts = 0
            }
            if dustAttempts < configuration.hedgeMaxAttempts {
                if placeFlatten(naked, quantity: dust, time, &reaction) { dustAttempts += 1 }
                return
            }
        }
        let how = phase == .stopping ? "Stopped on request" : "All \(configuration.iterations) rounds done and the position closed"
        phase = .done
        reaction.alert(.info, "\(how): maker \(makerPosition), hedge \(hedgePosition), naked \(exposures.net)", at: time.wallMs)
    }
}
