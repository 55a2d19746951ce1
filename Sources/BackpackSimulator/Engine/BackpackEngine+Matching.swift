import BackpackProtocol
import LighterProtocol

extension BackpackEngine {
    /// Lots `record` may still fill under the partial-fills fault.
    func allowance(_ record: OrderRecord) -> Int64 {
        var lots = record.remainingLots
        // At most 60 %, but one lot at least: an order of one lot cannot fill partly, and one
        // that could never fill would leave a client's last lot open for ever.
        if partialFillsOnly { lots = min(lots, max(1, record.quantityLots * 6 / 10) - record.filledLots) }
        return max(0, lots)
    }

    /// Matches a taker against the book up to `limitTicks`: the ladder and other accounts'
    /// resting orders, best price first, resting orders ahead of the ladder at one price
    /// (they were there first).
    func take(orderID: String, limitTicks: Int64, nowUs: Int64, events: inout [BackpackEngineEvent]) -> TakeOutcome {
        while let taker = records[orderID], taker.remainingLots > 0 {
            guard let book = books[taker.order.symbol] else { return .noLiquidity }
            let lots = allowance(taker)
            guard lots > 0 else { return .capped }
            let isBuy = taker.isBuy
            let crosses: (Int64) -> Bool = { isBuy ? $0 <= limitTicks : $0 >= limitTicks }
            let better: (Int64, Int64) -> Bool = { isBuy ? $0 < $1 : $0 > $1 }
            var maker: (id: String, ticks: Int64)?
            for id in resting[taker.order.symbol] ?? [] {
                guard let candidate = records[id], candidate.isBuy != isBuy, let ticks = candidate.priceTicks,
                      crosses(ticks), allowance(candidate) > 0 else { continue }
                if let best = maker, !better(ticks, best.ticks) { continue }
                maker = (id, ticks)
            }
            let ladder = isBuy ? book.asks.keys.min() : book.bids.keys.max()
            if let maker, ladder.map({ !better($0, maker.ticks) }) ?? true {
                guard let makerRecord = records[maker.id] else { return .noLiquidity }
                if makerRecord.account == taker.account { return .selfTrade }
                fill(symbol: taker.order.symbol, ticks: maker.ticks, lots: min(lots, allowance(makerRecord)),
                     maker: .client(maker.id), taker: .client(orderID), nowUs: nowUs, events: &events)
                continue
            }
            guard let price = ladder, crosses(price) else { return .noLiquidity }
            let size = (isBuy ? book.asks[price] : book.bids[price]) ?? 0
            let taken = min(lots, size)
            if isBuy { book.asks[price] = size == taken ? nil : size - taken } else { book.bids[price] = size == taken ? nil : size - taken }
            fill(symbol: taker.order.symbol, ticks: price, lots: taken, maker: .synthetic, taker: .client(orderID),
                 nowUs: nowUs, events: &events)
        }
        return .filled
    }

    /// Fills resting orders the market reached: the ladder moved through them, or (by chance)
    /// flow hit them at the touch. Each hit takes 30-100% of the order's quantity, so partial
    /// fills happen; the order is the maker.
    func fillRestingFromFlow(book: SyntheticDepth, nowUs: Int64, events: inout [BackpackEngineEvent]) {
        let symbol = book.sim.symbol
        for id in resting[symbol] ?? [] {
            guard let record = records[id], let ticks = record.priceTicks else { continue }
            let crossed = record.isBuy ? book.ladderAsk <= ticks : book.ladderBid >= ticks
            let atTouch = record.isBuy ? book.shownBestBid.map { ticks >= $0 } ?? true : book.shownBestAsk.map { ticks <= $0 } ?? true
            // Drawn for every order, so where orders sit does not shift the random stream.
            let hit = book.random.chance(permille: touchFillPermille)
            let share = book.random.int(in: 30...100)
            guard crossed || (atTouch && hit) else { continue }
            let lots = min(max(1, record.quantityLots * share / 100), allowance(record))
            guard lots > 0 else { continue }
            fill(symbol: symbol, ticks: ticks, lots: lots, maker: .client(id), taker: .synthetic, nowUs: nowUs, events: &events)
        }
    }

    /// Books one fill: each client order's cumulative amounts, status, fee, fill history and
    /// position, then the public trade. Emits, per client side, `orderFill` then the position
    /// update, then the trade.
    func fill(symbol: String, ticks: Int64, lots: Int64, maker: FillParty, taker: FillParty, nowUs: Int64,
              events: inout [BackpackEngineEvent]) {
        guard lots > 0, let sim = market(symbol) else { return }
        let makerIsBuy: Bool
        switch (maker, taker) {
        case (.client(let id), _): makerIsBuy = records[id]?.isBuy ?? false
        case (.synthetic, .client(let id)): makerIsBuy = !(records[id]?.isBuy ?? false)
        case (.synthetic, .synthetic): return
        }
        let tradeID = (lastTradeID[symbol] ?? 0) + 1
        lastTradeID[symbol] = tradeID
        let price = sim.price(ticks: ticks)
        let quantity = sim.quantity(lots: lots)
        let quote = sim.quote(lots: lots, ticks: ticks)
        var partyIDs: [String] = []
        for (party, isMaker) in [(maker, true), (taker, false)] {
            guard case .client(let id) = party, var record = records[id] else {
                partyIDs.append(nextOrderID())
                continue
            }
            partyIDs.append(id)
            record.filledLots += lots
            record.order.executedQuantity = sim.quantity(lots: record.filledLots)
            record.order.executedQuoteQuantity += quote
            record.order.status = record.remainingLots == 0 ? .filled : .partiallyFilled
            records[id] = record
            let fee = FixedDecimal(units: Int64(clamping: Int128(quote.units) * Int128(isMaker ? Self.makerFeeBps : Self.takerFeeBps)
                                                / 10_000)).floored(decimals: BackpackPadding.quote)
            var state = account(record.account)
            state.collateral -= fee
            state.fills.append(BackpackFill(tradeID: tradeID, orderID: id, clientID: record.order.clientID.map { String($0) },
                                            symbol: symbol, side: record.order.side, price: price, quantity: quantity, fee: fee,
                                            feeSymbol: "USDC", isMaker: isMaker, timestamp: nowUs / 1000))
            if state.fills.count > 2 * Self.historyLimit { state.fills.removeFirst(state.fills.count - Self.historyLimit) }
            accounts[record.account] = state
            let detail = BackpackFillDetail(tradeID: tradeID, quantity: quantity, price: price, isMaker: isMaker, fee: fee,
                                            feeSymbol: "USDC")
            events.append(.order(account: record.account, update(id, .orderFill, nowUs: nowUs, fill: detail)))
            if let position = applyFill(account: record.account, symbol: symbol, isBuy: record.isBuy, lots: lots, quote: quote,
                                        nowUs: nowUs) {
                events.append(.position(account: record.account, position))
            }
            if record.remainingLots == 0 { retire(id) }
        }
        var stats = tradeStats[symbol] ?? TradeStats(price: price)
        stats.add(price: price, quantity: quantity, quote: quote)
        tradeStats[symbol] = stats
        let (makerID, takerID) = (partyIDs[0], partyIDs[1])
        events.append(.trade(BackpackTrade(symbol: symbol, price: price, quantity: quantity,
                                           buyerOrderID: makerIsBuy ? makerID : takerID, sellerOrderID: makerIsBuy ? takerID : makerID,
                                           tradeID: tradeID, buyerIsMaker: makerIsBuy, eventTime: nowUs + 120, engineTime: nowUs)))
    }

    // MARK: - Positions

    /// Applies a fill to a position: growing adds to the cost basis, shrinking realises PnL
    /// pro rata, and a fill through zero opens the rest on the other side. Returns the
    /// stream's view of the change.
    func applyFill(account key: String, symbol: String, isBuy: Bool, lots: Int64, quote: FixedDecimal,
                   nowUs: Int64) -> BackpackPositionUpdate? {
        var state = account(key)
        var position = state.positions[symbol] ?? PositionState(id: { lastPositionID += 1; return String(lastPositionID) }())
        let before = position.lots
        let sign: Int64 = isBuy ? 1 : -1
        if position.lots == 0 || (position.lots > 0) == isBuy {
            position.lots += sign * lots
            position.cost += quote
        } else {
            let open = abs(position.lots)
            let closing = min(lots, open)
            let basis = FixedDecimal(units: Int64(clamping: Int128(position.cost.units) * Int128(closing) / Int128(open)))
            let proceeds = FixedDecimal(units: Int64(clamping: Int128(quote.units) * Int128(closing) / Int128(lots)))
            // Selling out of a long earns proceeds - basis; buying back a short earns basis - proceeds.
            let pnl = isBuy ? basis - proceeds : proceeds - basis
            position.realized += pnl
            state.collateral += pnl
            position.cost -= basis
            position.lots += sign * closing
            if lots > closing {
                position.lots += sign * (lots - closing)
                position.cost = quote - proceeds
            }
            if position.lots == 0 { position.cost = .zero }
        }
        state.positions[symbol] = position
        accounts[key] = state
        let event: BackpackPositionEvent = before == 0 ? .positionOpened : position.lots == 0 ? .positionClosed : .positionAdjusted
        return positionUpdate(symbol: symbol, position, event: event, nowUs: nowUs)
    }

    /// The stream view of a position.
    func positionUpdate(symbol: String, _ position: PositionState, event: BackpackPositionEvent,
                        nowUs: Int64) -> BackpackPositionUpdate? {
        guard let sim = market(symbol) else { return nil }
        let view = restView(symbol: symbol, position, sim)
        return BackpackPositionUpdate(
            event: event, eventTime: nowUs + 200, engineTime: nowUs, symbol: symbol, netQuantity: view.netQuantity,
            netExposureQuantity: view.netQuantity, netExposureNotional: view.netExposureNotional, entryPrice: view.entryPrice,
            breakEvenPrice: view.breakEvenPrice, markPrice: view.markPrice, unrealizedPnl: view.pnlUnrealized,
            realizedPnl: view.pnlRealized, initialMarginFraction: view.imf, maintenanceMarginFraction: view.mmf,
            positionID: view.positionID)
    }

    /// The REST view of a position, marked at the displayed mid.
    func restView(symbol: String, _ position: PositionState, _ sim: BackpackSimMarket) -> BackpackPosition {
        let quantity = sim.quantity(lots: position.lots)
        let size = sim.quantity(lots: abs(position.lots))
        let entry = size.isZero ? .zero : position.cost.divided(by: size) ?? .zero
        let mark = markPrice(symbol)
        let value = size.multiplied(by: mark)
        let unrealized = position.lots >= 0 ? value - position.cost : position.cost - value
        return BackpackPosition(
            symbol: symbol, netQuantity: quantity, netCost: position.lots >= 0 ? position.cost : -position.cost,
            entryPrice: entry, breakEvenPrice: entry, markPrice: mark, pnlRealized: position.realized,
            pnlUnrealized: unrealized, netExposureQuantity: quantity, netExposureNotional: value,
            imf: FixedDecimal("0.02") ?? .zero, mmf: FixedDecimal("0.0125") ?? .zero, positionID: position.id)
    }
}
