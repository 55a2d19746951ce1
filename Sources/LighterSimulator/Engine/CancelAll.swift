import LighterProtocol

/// `L2TxAttributes` key of CancelAllMarketIndex: cancel one market's orders only.
let cancelAllMarketAttributeKey = "5"

extension ExchangeEngine {
    static let minCancelAllDelayMs: Int64 = 5 * 60_000
    static let maxCancelAllDelayMs: Int64 = 15 * dayMs

    /// Checks and executes a cancel-all; the market attribute (5) narrows an immediate one to a
    /// market (the venue allows it on immediate cancels only).
    func cancelAll(_ envelope: TxEnvelope, _ tx: CancelAllFields, txInfoJSON: String, nowMs: Int64) -> Result<TxAccepted, ErrorFrame> {
        let marketAttribute = envelope.attributes?[cancelAllMarketAttributeKey]
        var market: Int?
        if let value = marketAttribute, value != 255 {
            guard let id = Int(exactly: value), books[id] != nil else {
                return .failure(ErrorFrame(.invalidMarketIndex, "invalid market index"))
            }
            market = id
        }
        switch tx.timeInForce {
        case 0 where tx.time == 0:
            break
        case 1 where marketAttribute == nil
            && (nowMs &+ Self.minCancelAllDelayMs...nowMs &+ Self.maxCancelAllDelayMs).contains(tx.time):
            break
        case 2 where tx.time == 0 && marketAttribute == nil:
            break
        default:
            return .failure(ErrorFrame(.invalidTxInfo, "invalid tx info"))
        }
        consumeNonce(envelope)
        blockHeight += 1
        let account = envelope.accountIndex
        var events: [ExchangeEvent] = []
        switch tx.timeInForce {
        case 0: cancelEverything(account: account, market: market, nowMs: nowMs, events: &events)
        case 1: scheduledCancelAll[account] = tx.time
        default: scheduledCancelAll[account] = nil
        }
        return .success(TxAccepted(txHash: placeholderTxHash(txInfo: txInfoJSON), events: events))
    }

    /// Runs the scheduled cancel-alls that are due.
    package func runScheduledCancels(nowMs: Int64) -> [ExchangeEvent] {
        var events: [ExchangeEvent] = []
        for (account, deadline) in scheduledCancelAll where nowMs >= deadline {
            scheduledCancelAll[account] = nil
            cancelEverything(account: account, market: nil, nowMs: nowMs, events: &events)
        }
        return events
    }

    /// When the account's scheduled cancel-all happens (ms); 0 when none is scheduled.
    package func cancelAllTime(account: Int64) -> Int64 { scheduledCancelAll[account] ?? 0 }

    /// Cancels every live order of the account (in one market, or all), then publishes the books.
    private func cancelEverything(account: Int64, market: Int?, nowMs: Int64, events: inout [ExchangeEvent]) {
        let live = activeOrders(account: account, market: market)
        for order in live { finish(orderIndex: order.orderIndex, status: .canceled, nowMs: nowMs, events: &events) }
        for id in Set(live.map(\.marketIndex)).sorted() {
            if let book = books[id], let frame = publish(book: book, nowMs: nowMs) { events.append(.book(frame)) }
        }
    }
}
