import Journaling
import LighterProtocol

/// Turns order and trade reports into fills, each exactly once.
///
/// Lighter reports the same fill up to four ways: cumulative amounts on `account_orders`
/// and `account_all_orders` (repeated in full-set frames, sometimes stale), individual
/// trades on `account_all_trades`, and REST order lists after a reconnect. The tracker keeps,
/// per order, the cumulative base and quote already emitted; any source that reports more
/// than that emits only the excess. Emitted amounts only grow, so no interleaving of the
/// sources can emit a fill twice.
///
/// A value type with no I/O: the client owns one, journals what it returns, and can persist
/// `state`.
package struct FillTracker: Sendable {
    /// Trade ids remembered for de-duplication; older ones are forgotten.
    package static let seenTradeLimit = 10_000

    package let account: Int64
    /// Only this market's orders and trades; nil for all markets.
    package let market: Int?

    var records: [Int64: FillTrackerState.OrderRecord] = [:]
    var seenTrades: Set<Int64> = []
    /// Ring of seen trade ids in arrival order, so the oldest can be evicted.
    var seenRing: [Int64] = []
    var ringHead = 0

    /// The newest venue time seen on one of our orders or trades: the "since" for REST
    /// reconciliation after a reconnect.
    package private(set) var lastEventTimeMs: Int64?

    package init(account: Int64, market: Int? = nil) {
        self.account = account
        self.market = market
    }

    package init(account: Int64, market: Int? = nil, state: FillTrackerState) {
        self.init(account: account, market: market)
        for record in state.orders { records[record.orderIndex] = record }
        // Keep only the newest `seenTradeLimit`, oldest first, as `remember` expects.
        for id in state.seenTradeIDs.suffix(Self.seenTradeLimit) { remember(tradeID: id) }
        lastEventTimeMs = state.lastEventTimeMs
    }

    /// A snapshot to persist: per-order emitted and trade-derived cumulatives, and the
    /// newest seen trade ids (oldest first).
    package var state: FillTrackerState {
        let ordered: [Int64]
        if seenRing.count < Self.seenTradeLimit {
            ordered = seenRing
        } else {
            ordered = Array(seenRing[ringHead...] + seenRing[..<ringHead])
        }
        return FillTrackerState(orders: records.values.sorted { $0.orderIndex < $1.orderIndex },
                                seenTradeIDs: ordered, lastEventTimeMs: lastEventTimeMs)
    }

    /// The cumulative base amount emitted so far for an order (zero when unknown).
    package func emittedBase(orderIndex: Int64) -> FixedDecimal { records[orderIndex]?.emittedBase ?? .zero }

    // MARK: - Orders

    /// Emits one fill per order whose cumulative filled base exceeds what was emitted.
    /// `recovered` marks fills found through REST after the stream was down.
    package mutating func ingest(orders: [Order], source: FillEvent.Source, recovered: Bool,
                                nowMs: Int64) -> [FillEvent] {
        var events: [FillEvent] = []
        for order in orders {
            // 0 means the venue left the owner out; the channel is already per-account.
            guard order.ownerAccountIndex == account || order.ownerAccountIndex == 0 else { continue }
            if let market, order.marketIndex != market { continue }
            let venueTime = order.timestampMilliseconds
            if let venueTime { noteTime(venueTime) }

            var record = records[order.orderIndex] ?? FillTrackerState.OrderRecord(
                orderIndex: order.orderIndex, market: order.marketIndex, isAsk: order.isAsk)
            record.market = order.marketIndex
            record.isAsk = order.isAsk
            if order.clientOrderIndex != 0 { record.clientOrderIndex = order.clientOrderIndex }
            let status = Self.statusText(order.status)
            record.status = status ?? record.status
            if !order.initialBaseAmount.isZero { record.initialBase = order.initialBaseAmount }

            // Equal or smaller: a repeated full-set frame, a stale frame, or a source that
            // lags one that already reported.
            // Checked arithmetic: a hostile amount must not trap the client.
            if order.filledBaseAmount > record.emittedBase,
               let size = Self.difference(order.filledBaseAmount, record.emittedBase),
               let quote = Self.difference(order.filledQuoteAmount, record.emittedQuote) {
                events.append(FillEvent(
                    orderIndex: order.orderIndex, clientOrderIndex: record.clientOrderIndex,
                    market: order.marketIndex, isAsk: order.isAsk, size: size,
                    price: quote.divided(by: size) ?? .zero, cumulativeFilled: order.filledBaseAmount,
                    cumulativeQuote: order.filledQuoteAmount, status: status,
                    timeMs: venueTime ?? nowMs, source: source, recovered: recovered))
                record.emittedBase = order.filledBaseAmount
                record.emittedQuote = order.filledQuoteAmount
            }
            records[order.orderIndex] = record
        }
        return events
    }

    // MARK: - Trades

    /// Emits, per trade of ours not seen before, the part of the order's trade-derived
    /// cumulative that no source has emitted yet. A self-trade counts for both orders.
    package mutating func ingest(trades: [Trade], nowMs: Int64) -> [FillEvent] {
        var events: [FillEvent] = []
        for trade in trades {
            if let market, trade.marketID != market { continue }
            guard !seenTrades.contains(trade.tradeID) else { continue }
            let bidIsOurs = isOurs(accountID: trade.bidAccountID, orderIndex: trade.bidID)
            let askIsOurs = isOurs(accountID: trade.askAccountID, orderIndex: trade.askID)
            guard bidIsOurs || askIsOurs else { continue }
            remember(tradeID: trade.tradeID)
            let venueTime = trade.timestamp > 0 ? Timestamps.milliseconds(trade.timestamp) : nil
            if let venueTime { noteTime(venueTime) }
            if bidIsOurs {
                if let event = attribute(trade, orderIndex: trade.bidID, clientID: trade.bidClientID, isAsk: false,
                                         timeMs: venueTime ?? nowMs) { events.append(event) }
            }
            if askIsOurs {
                if let event = attribute(trade, orderIndex: trade.askID, clientID: trade.askClientID, isAsk: true,
                                         timeMs: venueTime ?? nowMs) { events.append(event) }
            }
        }
        return events
    }

    /// A side is ours when its account is ours; with the account left out (0), when the
    /// order is one we have seen as ours.
    private func isOurs(accountID: Int64, orderIndex: Int64) -> Bool {
        accountID == account || (accountID == 0 && records[orderIndex] != nil)
    }

    private mutating func attribute(_ trade: Trade, orderIndex: Int64, clientID: Int64, isAsk: Bool,
                                    timeMs: Int64) -> FillEvent? {
        var record = records[orderIndex] ?? FillTrackerState.OrderRecord(
            orderIndex: orderIndex, market: trade.marketID, isAsk: isAsk)
        if record.clientOrderIndex == 0 { record.clientOrderIndex = clientID }
        guard let tradeBase = Self.sum(record.tradeBase, trade.size),
              let tradeQuote = Self.sum(record.tradeQuote, trade.price.multiplied(by: trade.size)) else {
            records[orderIndex] = record
            return nil
        }
        record.tradeBase = tradeBase
        record.tradeQuote = tradeQuote
        defer { records[orderIndex] = record }

        let cumulative = record.tradeBase
        let cumulativeQuote = record.tradeQuote
        // More traded than the order's size means a trade was counted twice (replayed after
        // its id left the window): trust only the order frames for this order from here.
        if let initial = record.initialBase, cumulative > initial { return nil }
        guard cumulative > record.emittedBase,
              let size = Self.difference(cumulative, record.emittedBase),
              let quote = Self.difference(cumulativeQuote, record.emittedQuote) else { return nil }
        record.emittedBase = cumulative
        record.emittedQuote = cumulativeQuote
        // A trade frame carries no status: the last one seen, unless the trades fill the order.
        let status = record.initialBase.map { cumulative == $0 } == true ? OrderStatus.filled.wire : record.status
        return FillEvent(orderIndex: orderIndex, clientOrderIndex: record.clientOrderIndex, market: record.market,
                         isAsk: isAsk, size: size, price: quote.divided(by: size) ?? .zero,
                         cumulativeFilled: cumulative, cumulativeQuote: cumulativeQuote, status: status,
                         timeMs: timeMs, source: .accountAllTrades, recovered: false)
    }

    private mutating func remember(tradeID: Int64) {
        guard seenTrades.insert(tradeID).inserted else { return }
        if seenRing.count < Self.seenTradeLimit {
            seenRing.append(tradeID)
        } else {
            seenTrades.remove(seenRing[ringHead])
            seenRing[ringHead] = tradeID
            ringHead = (ringHead + 1) % Self.seenTradeLimit
        }
    }

    private static func sum(_ a: FixedDecimal, _ b: FixedDecimal) -> FixedDecimal? {
        let (value, overflow) = a.units.addingReportingOverflow(b.units)
        return overflow ? nil : FixedDecimal(units: value)
    }

    private static func difference(_ a: FixedDecimal, _ b: FixedDecimal) -> FixedDecimal? {
        let (value, overflow) = a.units.subtractingReportingOverflow(b.units)
        return overflow ? nil : FixedDecimal(units: value)
    }

    private mutating func noteTime(_ ms: Int64) {
        if ms > (lastEventTimeMs ?? .min) { lastEventTimeMs = ms }
    }

    /// The wire spelling of one of the venue's statuses; `unknown` for any other text, which
    /// must never reach a log line or the journal as it came (it could hold a line break);
    /// nil when the field was absent (it decodes as an empty unknown).
    static func statusText(_ status: OrderStatus) -> String? {
        if case .unknown(let text) = status { return text.isEmpty ? nil : "unknown" }
        return status.wire
    }

    // MARK: - Restart

    /// Restores from a journal: its fills, and what orders open at its origin had already
    /// filled (history, never reported).
    package mutating func restore(from contents: FillJournalContents) {
        restore(from: contents.fills)
        for baseline in contents.baselines {
            var record = records[baseline.orderIndex] ?? FillTrackerState.OrderRecord(
                orderIndex: baseline.orderIndex, market: baseline.market, isAsk: baseline.isAsk)
            if baseline.filled > record.emittedBase {
                record.emittedBase = baseline.filled
                record.emittedQuote = baseline.quote
            }
            records[baseline.orderIndex] = record
        }
    }

    /// Rebuilds emitted cumulatives from journalled events (the largest per order), so that
    /// frames and REST lists seen again after a restart emit nothing already reported.
    /// Trade-derived totals are left alone: replayed trades rebuild them from zero and stay
    /// at or under what was emitted.
    package mutating func restore(from events: [FillEvent]) {
        for event in events {
            var record = records[event.orderIndex] ?? FillTrackerState.OrderRecord(
                orderIndex: event.orderIndex, market: event.market, isAsk: event.isAsk)
            if event.cumulativeFilled > record.emittedBase {
                record.emittedBase = event.cumulativeFilled
                record.emittedQuote = event.cumulativeQuote
                record.status = event.status ?? record.status
            }
            if record.clientOrderIndex == 0 { record.clientOrderIndex = event.clientOrderIndex }
            records[event.orderIndex] = record
            noteTime(event.timeMs)
        }
    }
}
