import LighterProtocol

/// Hedging, the budget, the kill switch and the policy when they run out.
extension HedgeCore {
    /// What happens next, after any event.
    mutating func evaluate(_ time: EngineTime, _ reaction: inout EngineReaction) {
        guard started, !phase.isTerminal else { return }
        hedgeStep(time, &reaction)
        if phase == .flattening { flattenStep(time, &reaction) }
        quoteStep(time, &reaction)
        finishStep(time, &reaction)
    }

    /// Naked exposure if every open hedge filled in full: what a new hedge must cover.
    var projectedExposure: FixedDecimal {
        var projected = exposures.net
        for id in openHedges {
            guard let hedge = hedgeOrders[id] else { continue }
            projected += hedge.order.side.signed(hedge.reserve)
        }
        return projected
    }

    mutating func hedgeStep(_ time: EngineTime, _ reaction: inout EngineReaction) {
        let naked = exposures.net
        let exposed = hedgeable(naked)
        if exposed {
            if episode == nil { episode = Episode(startedMs: time.wallMs) }
        } else if openHedges.isEmpty, phase != .flattening {
            episode = nil
        }
        guard phase == .running || phase == .closing || phase == .stopping else { return }
        if let reason = killSwitch(naked: naked, time) {
            applyPolicy("Kill switch: \(reason)", time, &reaction)
            return
        }
        guard let current = episode else { return }
        // Checked with hedges still out too: two naked amounts hedged in turn would otherwise
        // always leave one order open, and a venue that never fills would never spend the budget.
        if exposed {
            let spentTime = time.wallMs - current.startedMs >= configuration.hedgeMaxMs
            if current.shortfalls >= configuration.hedgeMaxAttempts || spentTime {
                let why = spentTime ? "not hedged within \(configuration.hedgeMaxMs) ms"
                    : "\(current.shortfalls) hedge orders ended short"
                applyPolicy("Hedge budget spent: \(why)", time, &reaction)
                return
            }
        }
        sendHedge(time, &reaction)
    }

    /// Over the naked-exposure limit, or naked for too long.
    func killSwitch(naked: FixedDecimal, _ time: EngineTime) -> String? {
        if ExposureBook.magnitude(naked) > configuration.maxNakedQuantity {
            return "naked exposure \(naked) above the limit \(configuration.maxNakedQuantity)"
        }
        if let current = episode, time.wallMs - current.startedMs > configuration.maxNakedMs {
            return "naked for \(time.wallMs - current.startedMs) ms, above the limit \(configuration.maxNakedMs) ms"
        }
        return nil
    }

    /// An immediate-or-cancel order for what is naked and not already being hedged, priced from
    /// the live hedge book within the slippage cap. Nothing when the book is stale: the budget's
    /// clock runs meanwhile.
    mutating func sendHedge(_ time: EngineTime, _ reaction: inout EngineReaction) {
        let need = projectedExposure
        let quantity = hedgeRules.floorQuantity(ExposureBook.magnitude(need))
        guard quantity >= hedgeRules.minQuantity, let book = freshBook(.hedge, nowMs: time.wallMs) else { return }
        let side = TradeSide.reducing(need)
        guard let price = hedgePrice(side: side, book: book, rules: hedgeRules, cap: configuration.slippage) else { return }
        let id = ids.next(nowMs: time.wallMs)
        let latency = exposures.oldest?.receivedNs.map { Self.micros(from: $0, to: time.monotonicNs) }
        let order = LedgerOrder(venue: .hedge, clientOrderID: id, role: .hedge, side: side, price: price, quantity: quantity,
                                round: roundsDone, createdMs: time.wallMs, latencyMicros: latency)
        hedgeOrders[id] = HedgeState(order: order)
        openHedges.insert(id)
        reaction.ledger.append(.order(order))
        reaction.actions.append(.placeHedge(HedgeOrder(clientOrderID: id, side: side, price: price, quantity: quantity)))
    }

    /// The worst price a taker order may pay: the best opposite price moved by the cap, on the
    /// tick and inside the cap.
    func hedgePrice(side: TradeSide, book: BookTop, rules: MarketRules, cap: FixedDecimal) -> FixedDecimal? {
        let one = FixedDecimal(units: FixedDecimal.unitScale)
        switch side {
        case .buy:
            guard let ask = book.ask else { return nil }
            let price = rules.floorPrice(ask.multiplied(by: one + cap))
            return price > .zero ? price : nil
        case .sell:
            guard let bid = book.bid else { return nil }
            let price = rules.ceilPrice(bid.multiplied(by: one - cap))
            return price > .zero ? price : nil
        }
    }

    /// The book, when it is usable and recent.
    func freshBook(_ venue: VenueRole, nowMs: Int64) -> BookTop? {
        let (book, at) = venue == .maker ? (makerBook, makerBookMs) : (hedgeBook, hedgeBookMs)
        guard let book, let at, book.isUsable, nowMs - at <= configuration.bookStaleMs else { return nil }
        return book
    }

    /// Budget spent or kill switch: cancel the quote, then flatten or stop.
    mutating func applyPolicy(_ reason: String, _ time: EngineTime, _ reaction: inout EngineReaction) {
        cancelQuote(reason, time, &reaction)
        switch configuration.policy {
        case .flatten:
            phase = .flattening
            if episode == nil { episode = Episode(startedMs: time.wallMs) }
            reaction.alert(.critical, "\(reason): flattening the naked leg (\(exposures.net)) on the maker venue", at: time.wallMs)
        case .stop:
            stop(reason, time, &reaction)
        }
    }

    /// Closes the naked leg on the maker venue with immediate-or-cancel orders, once no hedge is
    /// open; stops when it is closed or when the attempts run out.
    mutating func flattenStep(_ time: EngineTime, _ reaction: inout EngineReaction) {
        // Once the quote is off the book and no hedge is open: the order then covers everything.
        guard flattenOrder == nil, openHedges.isEmpty, quote == .none else { return }
        let naked = exposures.net
        let quantity = makerRules.floorQuantity(ExposureBook.magnitude(naked))
        if quantity < makerRules.minQuantity {
            if awaitingReportedFills(time) { return }
            phase = .stopped
            stopReason = "hedging failed past its budget; the naked leg was flattened on the maker venue (left: \(naked))"
            reaction.alert(.critical, "Engine stopped: \(stopReason ?? "")", at: time.wallMs)
            return
        }
        let attempts = episode?.flattenAttempts ?? 0
        if attempts >= configuration.hedgeMaxAttempts {
            stop("Flattening failed after \(attempts) orders", time, &reaction)
            return
        }
        if placeFlatten(naked, quantity: quantity, time, &reaction) { episode?.flattenAttempts += 1 }
    }

    /// An immediate-or-cancel order on the maker venue that closes `quantity` of the naked leg,
    /// priced from the live maker book within the flatten cap. False when the book is stale.
    mutating func placeFlatten(_ naked: FixedDecimal, quantity: FixedDecimal, _ time: EngineTime,
                               _ reaction: inout EngineReaction) -> Bool {
        guard let book = freshBook(.maker, nowMs: time.wallMs) else { return false }
        let side = TradeSide.reducing(naked)
        guard let price = hedgePrice(side: side, book: book, rules: makerRules, cap: configuration.flattenSlippage) else { return false }
        let id = ids.next(nowMs: time.wallMs)
        let order = LedgerOrder(venue: .maker, clientOrderID: id, role: .flatten, side: side, price: price, quantity: quantity,
                                round: roundsDone, createdMs: time.wallMs)
        store(MakerState(order: order))
        flattenOrder = id
        reaction.ledger.append(.order(order))
        reaction.actions.append(.placeMaker(MakerOrder(clientOrderID: id, side: side, price: price, quantity: quantity,
                                                       kind: .immediateOrCancel)))
        return true
    }
}
