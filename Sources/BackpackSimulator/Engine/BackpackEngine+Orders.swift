import BackpackProtocol
import LighterProtocol

extension BackpackEngine {
    // MARK: - Order intake

    /// `POST /api/v1/order`: validates like the venue, then rests, matches or refuses the
    /// order. Returns the order's state after matching and what happened, in order:
    /// `orderAccepted`, then each fill (order, position, public trade), then `orderExpired`
    /// for an IOC/FOK/market remainder, then the book.
    ///
    /// `rejectPostOnly` is the post-only-reject fault: every post-only order is refused.
    public func execute(_ request: BackpackOrderRequest, account key: String, nowUs: Int64,
                        rejectPostOnly: Bool = false) -> Result<(order: BackpackOrder, events: [BackpackEngineEvent]), BackpackRejection> {
        guard let sim = market(request.symbol) else { return .failure(.unknownSymbolPayload) }
        let tif = request.orderType == .market ? BackpackTimeInForce.immediateOrCancel
            : request.timeInForce ?? .goodTillCancelled
        let postOnly = request.postOnly ?? false
        var limitTicks: Int64?
        if request.orderType == .limit {
            guard let price = request.price else { return .failure(BackpackRejection(BackpackAPIError(code: "INVALID_ORDER", message: "Invalid order"))) }
            switch checkPrice(price, sim) {
            case .success(let ticks): limitTicks = ticks
            case .failure(let rejection): return .failure(rejection)
            }
        } else if postOnly {
            return .failure(BackpackRejection(BackpackAPIError(code: "INVALID_ORDER", message: "Invalid order")))
        }
        let lots: Int64
        switch orderLots(request, sim) {
        case .success(let value): lots = value
        case .failure(let rejection): return .failure(rejection)
        }
        if postOnly, rejectPostOnly || wouldTake(isBuy: request.side == .bid, limitTicks: limitTicks, symbol: sim.symbol) {
            // The venue answers synchronously and the order never exists, so no stream event follows.
            return .failure(BackpackRejection(.postOnlyWouldTake))
        }
        if !(request.reduceOnly ?? false), !hasMargin(account: key, adding: lots, at: limitTicks ?? midTicks(sim.symbol) ?? 0, sim) {
            return .failure(BackpackRejection(.insufficientFunds))
        }

        let id = nextOrderID()
        let order = BackpackOrder(
            id: id, clientID: request.clientId, createdAt: nowUs / 1000, symbol: sim.symbol, side: request.side,
            orderType: request.orderType, price: request.orderType == .limit ? request.price : nil,
            quantity: sim.quantity(lots: lots), quoteQuantity: request.orderType == .market ? request.quoteQuantity : nil,
            status: .new, timeInForce: tif.rawValue, selfTradePrevention: request.selfTradePrevention ?? "RejectTaker",
            postOnly: request.orderType == .limit ? postOnly : nil, reduceOnly: request.reduceOnly ?? false)
        records[id] = OrderRecord(order: order, account: key, priceTicks: limitTicks, quantityLots: lots)
        accounts[key] = account(key)
        var events: [BackpackEngineEvent] = [.order(account: key, update(id, .orderAccepted, nowUs: nowUs))]

        var stop = TakeOutcome.filled
        if !postOnly {
            if tif == .fillOrKill, available(isBuy: request.side == .bid, limitTicks: limitTicks, account: key, symbol: sim.symbol) < lots {
                stop = .noLiquidity
            } else {
                let bound = limitTicks ?? marketBound(isBuy: request.side == .bid, symbol: sim.symbol)
                stop = take(orderID: id, limitTicks: bound, nowUs: nowUs, events: &events)
            }
        }
        if let record = records[id], record.remainingLots > 0 {
            if tif == .goodTillCancelled, request.orderType == .limit, stop != .selfTrade {
                resting[sim.symbol, default: []].append(id)
            } else {
                let reason = stop == .selfTrade ? "SelfTradePrevention" : tif == .fillOrKill ? "FillOrKill" : "ImmediateOrCancel"
                finish(id, status: .expired, event: .orderExpired, reason: reason, nowUs: nowUs, events: &events)
            }
        }
        republish(symbol: sim.symbol, nowUs: nowUs, relay: false, events: &events)
        return .success((records[id]?.order ?? order, events))
    }

    /// The price's tick count, or the venue's refusal.
    private func checkPrice(_ price: FixedDecimal, _ sim: BackpackSimMarket) -> Result<Int64, BackpackRejection> {
        guard BackpackDecimal.fractionDigits(of: price) <= sim.market.priceDecimals else {
            return .failure(BackpackRejection(.priceDecimalTooLong))
        }
        // UNCONFIRMED whether the venue rounds or refuses a price off a coarser tick (0.05):
        // refused here, so a client that does not round finds out before the venue does.
        guard price.units > 0, let ticks = sim.ticks(price) else {
            return .failure(BackpackRejection(BackpackAPIError(code: "INVALID_PRICE", message: "Price is not a multiple of the tick size")))
        }
        if let mid = midTicks(sim.symbol), ticks * 4 < mid * 3 || ticks * 4 > mid * 5 {
            return .failure(BackpackRejection(.priceTooFar))
        }
        return .success(ticks)
    }

    /// The order's size in lots (a quote-sized market order at the touch), or the refusal.
    private func orderLots(_ request: BackpackOrderRequest, _ sim: BackpackSimMarket) -> Result<Int64, BackpackRejection> {
        var quantity = request.quantity
        if quantity == nil, request.orderType == .market, let quote = request.quoteQuantity,
           let touch = request.side == .bid ? books[sim.symbol]?.shownBestAsk : books[sim.symbol]?.shownBestBid,
           let raw = quote.divided(by: sim.price(ticks: touch)) {
            quantity = raw.floored(decimals: sim.market.quantityDecimals)
        }
        guard let quantity else { return .failure(BackpackRejection(BackpackAPIError(code: "INVALID_ORDER", message: "Invalid order"))) }
        guard BackpackDecimal.fractionDigits(of: quantity) <= sim.market.quantityDecimals else {
            return .failure(BackpackRejection(.quantityDecimalTooLong))
        }
        // UNCONFIRMED texts: the venue's codes exist, its messages for these cases were not seen.
        guard let lots = sim.lots(quantity) else {
            return .failure(BackpackRejection(BackpackAPIError(code: "INVALID_QUANTITY", message: "Quantity is not a multiple of the step size")))
        }
        guard quantity >= sim.market.minQuantity, lots > 0 else {
            return .failure(BackpackRejection(BackpackAPIError(code: "INVALID_QUANTITY", message: "Quantity is below the minimum allowed value")))
        }
        return .success(lots)
    }

    /// True when a post-only order at `limitTicks` would match something on the book.
    func wouldTake(isBuy: Bool, limitTicks: Int64?, symbol: String) -> Bool {
        guard let limit = limitTicks, let book = books[symbol] else { return true }
        let top = clientTop(symbol)
        if isBuy {
            let best = [book.asks.keys.min(), top.ask].compactMap { $0 }.min()
            return best.map { limit >= $0 } ?? false
        }
        let best = [book.bids.keys.max(), top.bid].compactMap { $0 }.max()
        return best.map { limit <= $0 } ?? false
    }

    /// Whether the account's collateral, levered, covers its open orders, its position and
    /// `lots` more at `ticks`.
    private func hasMargin(account key: String, adding lots: Int64, at ticks: Int64, _ sim: BackpackSimMarket) -> Bool {
        var notional = sim.quote(lots: lots, ticks: ticks)
        for (_, record) in records where record.account == key && !record.order.status.isFinal {
            guard let other = market(record.order.symbol) else { continue }
            notional += other.quote(lots: record.remainingLots, ticks: record.priceTicks ?? midTicks(other.symbol) ?? 0)
        }
        for (symbol, position) in account(key).positions {
            guard let other = market(symbol), let mid = midTicks(symbol) else { continue }
            notional += other.quote(lots: abs(position.lots), ticks: mid)
        }
        let equity = account(key).collateral
        return notional <= FixedDecimal(units: equity.units.multipliedReportingOverflow(by: Self.leverage).partialValue)
    }

    /// How far a market order may sweep: 5% through the touch (the venue's impact band is wider).
    private func marketBound(isBuy: Bool, symbol: String) -> Int64 {
        let mid = midTicks(symbol) ?? 0
        return isBuy ? mid + mid / 20 : max(1, mid - mid / 20)
    }

    /// Lots a taker could fill within `limitTicks` (for fill-or-kill), own orders excluded.
    private func available(isBuy: Bool, limitTicks: Int64?, account key: String, symbol: String) -> Int64 {
        guard let book = books[symbol] else { return 0 }
        let bound = limitTicks ?? marketBound(isBuy: isBuy, symbol: symbol)
        let crosses: (Int64) -> Bool = { isBuy ? $0 <= bound : $0 >= bound }
        var total = (isBuy ? book.asks : book.bids).filter { crosses($0.key) }.reduce(0) { $0 + $1.value }
        for id in resting[symbol] ?? [] {
            guard let record = records[id], record.isBuy != isBuy, record.account != key,
                  let ticks = record.priceTicks, crosses(ticks) else { continue }
            total += record.remainingLots
        }
        return total
    }

    // MARK: - Cancels

    /// `DELETE /api/v1/order`: by order id or client id (exactly one). A cancelled order keeps
    /// what it filled (`executedQuantity`).
    public func cancel(account key: String, symbol: String, orderID: String?, clientID: UInt32?,
                       nowUs: Int64) -> Result<(order: BackpackOrder, events: [BackpackEngineEvent]), BackpackRejection> {
        guard market(symbol) != nil else { return .failure(BackpackRejection(.invalidMarketSymbol)) }
        guard (orderID == nil) != (clientID == nil) else {
            return .failure(BackpackRejection(BackpackAPIError(code: "INVALID_CLIENT_REQUEST",
                                                               message: "Must specify exactly one of orderId and clientId")))
        }
        guard let id = restingOrderID(account: key, symbol: symbol, orderID: orderID, clientID: clientID) else {
            return .failure(BackpackRejection(.orderNotFound))
        }
        var events: [BackpackEngineEvent] = []
        finish(id, status: .cancelled, event: .orderCancelled, reason: nil, nowUs: nowUs, events: &events)
        republish(symbol: symbol, nowUs: nowUs, relay: false, events: &events)
        guard let order = records[id]?.order else { return .failure(BackpackRejection(.orderNotFound)) }
        return .success((order, events))
    }

    /// `DELETE /api/v1/orders`: every resting order of the account in the market.
    public func cancelAll(account key: String, symbol: String, nowUs: Int64) -> (orders: [BackpackOrder], events: [BackpackEngineEvent]) {
        var events: [BackpackEngineEvent] = []
        var orders: [BackpackOrder] = []
        for id in resting[symbol] ?? [] where records[id]?.account == key {
            finish(id, status: .cancelled, event: .orderCancelled, reason: nil, nowUs: nowUs, events: &events)
            if let order = records[id]?.order { orders.append(order) }
        }
        republish(symbol: symbol, nowUs: nowUs, relay: false, events: &events)
        return (orders, events)
    }

    /// The resting order an id or client id names. Client ids are not required to be unique
    /// (UNCONFIRMED on the venue); the newest resting order with that client id is taken.
    func restingOrderID(account key: String, symbol: String, orderID: String?, clientID: UInt32?) -> String? {
        (resting[symbol] ?? []).last { id in
            guard let record = records[id], record.account == key else { return false }
            return orderID.map { $0 == id } ?? (record.order.clientID == clientID)
        }
    }

    /// Ends an order (its unfilled rest is gone), emits its event and moves it to the history.
    func finish(_ id: String, status: BackpackOrderStatus, event: BackpackOrderEvent, reason: String?, nowUs: Int64,
                events: inout [BackpackEngineEvent]) {
        guard var record = records[id], !record.order.status.isFinal else { return }
        record.order.status = status
        record.order.expiryReason = reason
        records[id] = record
        events.append(.order(account: record.account, update(id, event, nowUs: nowUs, reason: reason)))
        retire(id)
    }

    /// Takes a finished order off the book and into its account's history.
    func retire(_ id: String) {
        guard let record = records[id] else { return }
        resting[record.order.symbol]?.removeAll { $0 == id }
        var state = account(record.account)
        state.finished.append(id)
        if state.finished.count > 2 * Self.historyLimit {
            let dropped = state.finished.prefix(state.finished.count - Self.historyLimit)
            for old in dropped { records[old] = nil }
            state.finished.removeFirst(dropped.count)
        }
        accounts[record.account] = state
    }

    /// The stream view of an order as it is now.
    func update(_ id: String, _ event: BackpackOrderEvent, nowUs: Int64, reason: String? = nil,
                fill: BackpackFillDetail? = nil) -> BackpackOrderUpdate {
        guard let record = records[id] else {
            return BackpackOrderUpdate(event: event, eventTime: nowUs, engineTime: nowUs, symbol: "", orderID: id, side: .bid,
                                       orderType: .limit, timeInForce: "GTC", quantity: nil, price: nil, status: .new,
                                       executedQuantity: .zero, executedQuoteQuantity: .zero)
        }
        let order = record.order
        let quote = order.price.map { (order.quantity ?? .zero).multiplied(by: $0) } ?? order.quoteQuantity
        return BackpackOrderUpdate(
            event: event, eventTime: nowUs + 180, engineTime: nowUs, symbol: order.symbol, orderID: id,
            clientID: order.clientID, side: order.side, orderType: order.orderType, timeInForce: order.timeInForce,
            quantity: order.quantity, quoteQuantity: quote, price: order.price, status: order.status, expiryReason: reason,
            executedQuantity: order.executedQuantity, executedQuoteQuantity: order.executedQuoteQuantity, fill: fill,
            selfTradePrevention: order.selfTradePrevention, origin: "USER", reduceOnly: order.reduceOnly ?? false,
            postOnly: order.postOnly)
    }
}
