import LighterProtocol

extension ExchangeEngine {
    /// Whether an order of `lots` at `ticks` can be booked exactly whatever becomes of it: its
    /// own size, price and quote fit, and so would the account's position, cost basis and PnL
    /// and the market's displayed sizes if it and every other live order filled in full.
    /// Orders that fail are refused on arrival, so no fill ever has to be clamped or trapped on.
    func fitsBounds(account: Int64, market: SimMarket, lots: Int64, ticks: Int64, isAsk: Bool) -> Bool {
        guard market.checkedSize(lots: lots) != nil, market.checkedPrice(ticks: ticks) != nil else { return false }
        let book = books[market.id]
        let client = clientLevels(market: market.id)
        // An ask may take bids above its limit on arrival, so its quote is bounded by the best bid.
        let worstTicks = isAsk
            ? max(ticks, book?.bids.keys.max() ?? 0, client.bids.keys.max() ?? 0)
            : ticks
        guard let ownQuote = market.checkedQuote(lots: lots, ticks: worstTicks) else { return false }

        // 128-bit sums: the check itself must not overflow.
        var accountLots = Int128(lots)
        var accountQuote = Int128(ownQuote.units)
        var marketLots = Int128(lots)
        for index in resting[market.id] ?? [] {
            guard let record = records[index], record.remainingLots > 0 else { continue }
            marketLots += Int128(record.remainingLots)
            guard record.order.ownerAccountIndex == account else { continue }
            accountLots += Int128(record.remainingLots)
            // Resting orders fill at their own price.
            guard let quote = market.checkedQuote(lots: record.remainingLots, ticks: record.priceTicks) else { return false }
            accountQuote += Int128(quote.units)
        }
        for size in (book?.asks.values).map(Array.init) ?? [] { marketLots += Int128(size) }
        for size in (book?.bids.values).map(Array.init) ?? [] { marketLots += Int128(size) }
        let state = positionStates[account]?[market.id] ?? AccountPosition()
        accountLots += Int128(state.lots.magnitude)
        accountQuote += Int128(state.entryQuote.units.magnitude) + Int128(state.realized.units.magnitude)
        let maxLots = Int128(market.maxLots)
        return accountLots <= maxLots && marketLots <= maxLots && accountQuote <= Int128(Int64.max)
    }

    /// The position after a fill: adds to the cost basis when growing, realises PnL pro rata
    /// when shrinking, and opens the rest on the other side when the fill flips it. Nil when a
    /// value would not fit (the fill is then not booked).
    static func position(_ state: AccountPosition, afterFillOf lots: Int64, quote: FixedDecimal,
                         isBuy: Bool) -> AccountPosition? {
        guard lots > 0 else { return nil }
        var state = state
        let signedLots = isBuy ? lots : -lots
        let opposing = state.lots != 0 && (state.lots > 0) != isBuy
        if !opposing {
            let (newLots, overflow) = state.lots.addingReportingOverflow(signedLots)
            guard !overflow, let entry = state.entryQuote.checkedAdding(quote) else { return nil }
            state.lots = newLots
            state.entryQuote = entry
            return state
        }
        let open = state.lots.magnitude
        let closing = min(UInt64(lots), open)
        // Share of the cost basis and of this fill's quote that belong to the closed size.
        guard let basisClosed = Int64(exactly: Int128(state.entryQuote.units) * Int128(closing) / Int128(open)),
              let quoteClosed = Int64(exactly: Int128(quote.units) * Int128(closing) / Int128(lots)) else { return nil }
        // Closing a long sells: proceeds − basis. Closing a short buys: basis − cost.
        let gain = isBuy ? Int128(basisClosed) - Int128(quoteClosed) : Int128(quoteClosed) - Int128(basisClosed)
        guard let realized = Int64(exactly: Int128(state.realized.units) + gain),
              let entry = Int64(exactly: Int128(state.entryQuote.units) - Int128(basisClosed)),
              let newLots = Int64(exactly: Int128(state.lots) + Int128(signedLots)) else { return nil }
        state.realized = FixedDecimal(units: realized)
        state.entryQuote = FixedDecimal(units: entry)
        state.lots = newLots
        if UInt64(lots) > closing {
            guard let flipped = quote.checkedSubtracting(FixedDecimal(units: quoteClosed)) else { return nil }
            state.entryQuote = flipped
        }
        if state.lots == 0 { state.entryQuote = .zero }
        return state
    }
}

/// `a + b`, or `Int64.max` when it does not fit: for displayed sums that the bounds keep in range.
func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? (b > 0 ? .max : .min) : sum
}
