import LighterProtocol

/// One side of a fill.
enum Party {
    /// A client order, by exchange order index.
    case client(Int64)
    /// Synthetic liquidity (a level of the book, or synthetic flow hitting a resting order).
    case synthetic
}

/// Why a taker stopped before its limit was exhausted.
enum TakeStop {
    case filled
    case noLiquidity
    /// The next liquidity was the taker account's own resting order.
    case selfTrade
    /// A fault switch or a reduce-only limit capped the fill.
    case capped
    case reduceOnlyLimit
}

extension ExchangeEngine {
    // MARK: - Fill limits

    /// How many more lots `record` may fill under the fault switches and reduce-only limit.
    func fillAllowance(_ record: ClientOrderRecord) -> Int64 {
        if neverFill { return 0 }
        var allowance = record.remainingLots
        if partialFillsOnly { allowance = min(allowance, record.initialLots * 60 / 100 - record.filledLots) }
        if let limit = record.reduceOnlyLimitLots { allowance = min(allowance, limit - record.filledLots) }
        return max(0, allowance)
    }

    // MARK: - Taking liquidity

    /// Matches a client taker against the book up to `limitTicks`: synthetic levels and other
    /// accounts' resting orders, best price first, resting client orders ahead of synthetic
    /// liquidity at the same price (they were there first).
    func take(orderIndex: Int64, book: MarketBook, limitTicks: Int64, nowMs: Int64, txHash: String,
              events: inout [ExchangeEvent]) -> TakeStop {
        let market = book.market
        while let taker = records[orderIndex] {
            if taker.remainingLots == 0 { return .filled }
            let allowance = fillAllowance(taker)
            if allowance == 0 {
                if let limit = taker.reduceOnlyLimitLots, taker.filledLots >= limit { return .reduceOnlyLimit }
                return .capped
            }
            let isBuy = !taker.order.isAsk
            let crosses: (Int64) -> Bool = { isBuy ? $0 <= limitTicks : $0 >= limitTicks }
            let better: (Int64, Int64) -> Bool = { isBuy ? $0 < $1 : $0 > $1 }

            let synthetic = isBuy ? book.asks.keys.min() : book.bids.keys.max()
            var maker: (index: Int64, record: ClientOrderRecord)?
            for index in resting[market.id] ?? [] {
                guard let candidate = records[index], candidate.order.isAsk == isBuy,
                      crosses(candidate.priceTicks), fillAllowance(candidate) > 0 else { continue }
                if let current = maker, !better(candidate.priceTicks, current.record.priceTicks) { continue }
                maker = (index, candidate)
            }

            if let maker, synthetic.map({ !better($0, maker.record.priceTicks) }) ?? true {
                if maker.record.order.ownerAccountIndex == taker.order.ownerAccountIndex { return .selfTrade }
                let lots = min(allowance, fillAllowance(maker.record))
                // A fill that cannot be booked exactly ends the matching (the bounds make this unreachable).
                guard executeFill(market: market, priceTicks: maker.record.priceTicks, lots: lots,
                                  maker: .client(maker.index), taker: .client(orderIndex), nowMs: nowMs, txHash: txHash,
                                  events: &events) else { return .noLiquidity }
                continue
            }
            guard let price = synthetic, crosses(price) else { return .noLiquidity }
            let available = (isBuy ? book.asks[price] : book.bids[price]) ?? 0
            let lots = min(allowance, available)
            guard executeFill(market: market, priceTicks: price, lots: lots, maker: .synthetic, taker: .client(orderIndex),
                              nowMs: nowMs, txHash: txHash, events: &events) else { return .noLiquidity }
            if isBuy {
                book.asks[price] = available - lots == 0 ? nil : available - lots
            } else {
                book.bids[price] = available - lots == 0 ? nil : available - lots
            }
        }
        return .filled
    }

    // MARK: - Synthetic flow against resting orders

    /// Fills resting client orders that the synthetic market reached: crossed outright, or
    /// (by chance) hit while sitting at the touch. Each hit fills a chunk of 30-100% of the
    /// initial size, so partial fills happen.
    func fillRestingFromFlow(market: SimMarket, book: MarketBook, nowMs: Int64, events: inout [ExchangeEvent]) {
        let touchBid = book.publishedBestBid
        let touchAsk = book.publishedBestAsk
        for index in resting[market.id] ?? [] {
            guard let record = records[index], record.remainingLots > 0 else { continue }
            let crossed: Bool
            let atTouch: Bool
            if record.order.isAsk {
                crossed = book.rawBestBid >= record.priceTicks
                atTouch = touchAsk.map { record.priceTicks <= $0 } ?? true
            } else {
                crossed = book.rawBestAsk <= record.priceTicks
                atTouch = touchBid.map { record.priceTicks >= $0 } ?? true
            }
            // Draw even when the order is not at the touch, so the random stream does not
            // depend on where client orders sit (keeps book paths comparable across runs).
            let touchHit = book.rng.chance(permille: touchFillPermille)
            let chunkPercent = book.rng.int(in: 30...100)
            guard crossed || (atTouch && touchHit) else { continue }
            let chunk = max(1, record.initialLots * chunkPercent / 100)
            let lots = min(chunk, fillAllowance(record))
            guard lots > 0 else { continue }
            let hash = placeholderTxHash(txInfo: "synthetic-taker:\(market.id):\(lastTradeID):\(index)")
            executeFill(market: market, priceTicks: record.priceTicks, lots: lots, maker: .client(index),
                        taker: .synthetic, nowMs: nowMs, txHash: hash, events: &events)
        }
    }

    /// Cancels resting orders whose `OrderExpiry` has passed.
    func expireOrders(market: Int, nowMs: Int64, events: inout [ExchangeEvent]) {
        for index in resting[market] ?? [] {
            guard let record = records[index], record.order.orderExpiry > 0, nowMs >= record.order.orderExpiry else {
                continue
            }
            finish(orderIndex: index, status: .canceledExpired, nowMs: nowMs, events: &events)
        }
    }

    // MARK: - Fills

    /// Books one fill: a `Trade`, the client orders' cumulative amounts and statuses, and
    /// positions. Emits the trade, then each changed client order. Every new value is computed,
    /// checked, before anything changes: a fill that cannot be booked exactly is not booked at
    /// all and the result is false.
    @discardableResult
    func executeFill(market: SimMarket, priceTicks: Int64, lots: Int64, maker: Party, taker: Party, nowMs: Int64,
                     txHash: String, events: inout [ExchangeEvent]) -> Bool {
        guard lots > 0 else { return false }
        let makerIsAsk: Bool
        switch (maker, taker) {
        case (.client(let index), _): makerIsAsk = records[index]?.order.isAsk ?? false
        case (.synthetic, .client(let index)): makerIsAsk = !(records[index]?.order.isAsk ?? true)
        case (.synthetic, .synthetic): return false
        }
        guard let size = market.checkedSize(lots: lots), let price = market.checkedPrice(ticks: priceTicks),
              let quote = market.checkedQuote(lots: lots, ticks: priceTicks) else { return false }

        var booked: [(index: Int64, record: ClientOrderRecord)] = []
        var positions: [(account: Int64, state: AccountPosition)] = []
        for party in [maker, taker] {
            guard case .client(let index) = party, var record = records[index] else { continue }
            let (filled, overflow) = record.filledLots.addingReportingOverflow(lots)
            guard !overflow, filled <= record.initialLots,
                  let filledBase = market.checkedSize(lots: filled),
                  let remaining = market.checkedSize(lots: record.initialLots - filled),
                  let filledQuote = record.order.filledQuoteAmount.checkedAdding(quote) else { return false }
            record.filledLots = filled
            record.order.filledBaseAmount = filledBase
            record.order.filledQuoteAmount = filledQuote
            record.order.remainingBaseAmount = remaining
            record.order.baseSize = record.initialLots - filled
            let account = record.order.ownerAccountIndex
            // The same account on both sides is a self-trade and never matches; read the latest state anyway.
            let current = positions.last { $0.account == account }?.state
                ?? positionStates[account]?[market.id] ?? AccountPosition()
            guard let next = Self.position(current, afterFillOf: lots, quote: quote, isBuy: !record.order.isAsk) else {
                return false
            }
            positions.append((account, next))
            booked.append((index, record))
        }

        let (askParty, bidParty) = makerIsAsk ? (maker, taker) : (taker, maker)
        func ids(_ party: Party) -> (order: Int64, client: Int64, account: Int64) {
            switch party {
            case .client(let index):
                let order = records[index]?.order
                return (index, order?.clientOrderIndex ?? 0, order?.ownerAccountIndex ?? 0)
            case .synthetic:
                return (allocateOrderIndex(), 0, Self.syntheticAccount)
            }
        }
        let ask = ids(askParty)
        let bid = ids(bidParty)
        let trade = Trade(tradeID: allocateTradeID(), txHash: txHash, marketID: market.id, size: size, price: price,
                          usdAmount: quote.floored(decimals: 6), askID: ask.order, bidID: bid.order,
                          askClientID: ask.client, bidClientID: bid.client, askAccountID: ask.account,
                          bidAccountID: bid.account, isMakerAsk: makerIsAsk, blockHeight: blockHeight,
                          timestamp: nowMs, takerFee: 0, makerFee: 0, transactionTime: nowMs &* 1000)
        events.append(.trade(trade))
        appendTrade(trade, market: market.id, accounts: Set(booked.map(\.record.order.ownerAccountIndex)))
        for (account, state) in positions { positionStates[account, default: [:]][market.id] = state }
        for (index, var record) in booked {
            touch(&record.order, nowMs: nowMs)
            if record.filledLots >= record.initialLots { record.order.status = .filled }
            records[index] = record
            if record.order.status == .filled { retire(orderIndex: index) }
            events.append(.orderUpdated(record.order))
        }
        return true
    }

    /// Ends a live order with a final status (its unfilled rest is gone) and emits it.
    func finish(orderIndex: Int64, status: OrderStatus, nowMs: Int64, events: inout [ExchangeEvent]) {
        guard var record = records[orderIndex], !record.order.status.isFinal else { return }
        record.order.status = status
        record.order.remainingBaseAmount = .zero
        record.order.baseSize = 0
        touch(&record.order, nowMs: nowMs)
        records[orderIndex] = record
        retire(orderIndex: orderIndex)
        events.append(.orderUpdated(record.order))
    }

    func touch(_ order: inout Order, nowMs: Int64) {
        order.updatedAt = nowMs
        order.timestamp = nowMs
        order.transactionTime = nowMs &* 1000
        order.blockHeight = blockHeight
    }

    /// Moves a just-finished order out of the book and into the account's history.
    func retire(orderIndex: Int64) {
        guard let record = records[orderIndex] else { return }
        let market = record.order.marketIndex
        resting[market]?.removeAll { $0 == orderIndex }
        let account = record.order.ownerAccountIndex
        finishSequence += 1
        accountFinished[account, default: []].append(FinishedOrder(sequence: finishSequence, orderIndex: orderIndex))
        // Forget the oldest finished orders once the history is twice the limit (amortised).
        if let finished = accountFinished[account], finished.count > 2 * historyLimit {
            let dropped = Set(finished.prefix(finished.count - historyLimit).map(\.orderIndex))
            accountFinished[account] = Array(finished.suffix(historyLimit))
            accountOrderIDs[account]?.removeAll { dropped.contains($0) }
            for index in dropped { records[index] = nil }
        }
    }

    /// Records a trade for the market and for the client accounts in it (not by account id:
    /// a client may use the synthetic account's number).
    func appendTrade(_ trade: Trade, market: Int, accounts: Set<Int64>) {
        marketTrades[market, default: []].append(trade)
        if let count = marketTrades[market]?.count, count > 2 * historyLimit {
            marketTrades[market]?.removeFirst(count - historyLimit)
        }
        for account in accounts {
            accountTotals[account, default: TradeTotals()].add(trade)
            accountTrades[account, default: []].append(trade)
            if let count = accountTrades[account]?.count, count > 2 * historyLimit {
                accountTrades[account]?.removeFirst(count - historyLimit)
            }
        }
    }
}
