import Foundation
import LighterProtocol

/// An account that trades by itself so the simulator has fills with no client attached.
/// Every `intervalMs` it emits the next order of a four-step cycle (full IOC, partial IOC,
/// resting GTT, market), alternating the main side each cycle so the position stays small.
/// tx_info strings have the official signer's key order; `Sig` is 80 zero bytes, which the
/// exchange replaces by signing with the script's own key (`SignedTransactions.resign`).
/// Deterministic: it reads only the engine's book and the time it is given.
package struct AccountScript: Sendable {
    package let account: Int64
    package let apiKeyIndex: Int
    package let market: Int
    package let intervalMs: Int64

    private var nextDueMs: Int64?
    private var step = 0
    private var cycle = 0
    private var nonce: Int64
    private var nextClientOrderIndex: Int64 = 700_000_001
    /// The last GTT's client index, canceled at the next cycle if still open.
    private var restingClientIndex: Int64?

    /// Stand-in signature until the exchange signs: 80 zero bytes, base64 (the venue's signature length).
    static let placeholderSig = Data(count: 80).base64EncodedString()
    /// Scripted orders at most this many steps per `due` call, so a stalled caller does not
    /// get a burst.
    static let maxStepsPerCall = 4

    package init(account: Int64, apiKeyIndex: Int, market: Int, intervalMs: Int64, engine: ExchangeEngine) {
        self.account = account
        self.apiKeyIndex = apiKeyIndex
        self.market = market
        self.intervalMs = max(1, intervalMs)
        self.nonce = engine.nextNonce(account: account, apiKeyIndex: apiKeyIndex)
    }

    /// After a refused tx: take the engine's nonce again.
    package mutating func resync(engine: ExchangeEngine) {
        nonce = engine.nextNonce(account: account, apiKeyIndex: apiKeyIndex)
    }

    /// The transactions due at `nowMs`, in submission order (consecutive nonces). The first
    /// call schedules the first order one interval later.
    package mutating func due(nowMs: Int64, engine: ExchangeEngine) -> [ScriptTx] {
        guard let dueAt = nextDueMs else {
            nextDueMs = nowMs + intervalMs
            return []
        }
        guard nowMs >= dueAt else { return [] }
        var txs: [ScriptTx] = []
        var stepsTaken = 0
        while let dueAt = nextDueMs, nowMs >= dueAt, stepsTaken < Self.maxStepsPerCall {
            txs += runStep(nowMs: nowMs, engine: engine)
            nextDueMs = dueAt + intervalMs
            stepsTaken += 1
        }
        // Far behind: skip the backlog rather than replay it.
        if let dueAt = nextDueMs, nowMs >= dueAt { nextDueMs = nowMs + intervalMs }
        return txs
    }

    private mutating func runStep(nowMs: Int64, engine: ExchangeEngine) -> [ScriptTx] {
        defer {
            step = (step + 1) % 4
            if step == 0 { cycle += 1 }
        }
        guard let sim = engine.market(id: market), !sim.isSpot else { return [] }
        let top = engine.topOfBook(market: market)
        guard let bid = top.bid, let ask = top.ask,
              let bidTicks = bid.price.scaledInteger(decimals: sim.priceDecimals),
              let askTicks = ask.price.scaledInteger(decimals: sim.priceDecimals),
              let bidLots = bid.size.scaledInteger(decimals: sim.sizeDecimals),
              let askLots = ask.size.scaledInteger(decimals: sim.sizeDecimals) else { return [] }
        let mainIsBuy = cycle % 2 == 0
        var txs: [ScriptTx] = []

        switch step {
        case 0:
            if let client = restingClientIndex {
                restingClientIndex = nil
                if engine.activeOrders(account: account, market: market).contains(where: { $0.clientOrderIndex == client }) {
                    txs.append(cancelTx(index: client, nowMs: nowMs))
                }
            }
            // Small, with a limit 10 bps through the touch: fills completely.
            let touchTicks = mainIsBuy ? askTicks : bidTicks
            let touchLots = mainIsBuy ? askLots : bidLots
            let lots = max(minimumLots(sim, ticks: touchTicks), min(touchLots / 4, sim.minLots * 20))
            let limit = mainIsBuy ? touchTicks + touchTicks / 1000 + 1 : max(1, touchTicks - touchTicks / 1000 - 1)
            txs.append(orderTx(.fullFillIOC, isBuy: mainIsBuy, lots: lots, ticks: limit, type: 0, tif: 0, expiry: 0,
                               nowMs: nowMs))
        case 1:
            // The other side, more than the touch holds, limit exactly at the touch.
            let isBuy = !mainIsBuy
            let touchTicks = isBuy ? askTicks : bidTicks
            let touchLots = isBuy ? askLots : bidLots
            let lots = touchLots + max(minimumLots(sim, ticks: touchTicks), touchLots / 2)
            txs.append(orderTx(.partialIOC, isBuy: isBuy, lots: lots, ticks: touchTicks, type: 0, tif: 0, expiry: 0,
                               nowMs: nowMs))
        case 2:
            // A third of the way into the spread (at the touch when the spread is one tick).
            let inside = max(1, (askTicks - bidTicks) / 3)
            let price = mainIsBuy
                ? (askTicks - bidTicks >= 2 ? bidTicks + inside : bidTicks)
                : (askTicks - bidTicks >= 2 ? askTicks - inside : askTicks)
            let tx = orderTx(.restingGTT, isBuy: mainIsBuy, lots: 2 * minimumLots(sim, ticks: price), ticks: price,
                             type: 0, tif: 1, expiry: nowMs + 3_600_000, nowMs: nowMs)
            restingClientIndex = tx.clientOrderIndex
            txs.append(tx)
        default:
            // Market order on the main side; its price is the worst acceptable (1% away).
            let touchTicks = mainIsBuy ? askTicks : bidTicks
            let worst = mainIsBuy ? touchTicks + touchTicks / 100 + 1 : max(1, touchTicks - touchTicks / 100 - 1)
            txs.append(orderTx(.marketOrder, isBuy: mainIsBuy, lots: minimumLots(sim, ticks: touchTicks), ticks: worst,
                               type: 1, tif: 0, expiry: 0, nowMs: nowMs))
        }
        return txs
    }

    /// The market minimum, raised so the notional is at least 1.5× `min_quote_amount`.
    private func minimumLots(_ sim: SimMarket, ticks: Int64) -> Int64 {
        let price = max(1, sim.price(ticks: ticks).units)
        let quoteUnits = Int128(sim.minQuoteAmount.units) * 3 / 2
        let lots = (quoteUnits * Int128(pow10(sim.sizeDecimals)) + Int128(price) - 1) / Int128(price)
        return max(sim.minLots, Int64(clamping: lots))
    }

    /// Deadline the official signer uses by default: now + 10 min − 1 s.
    private func expiredAt(_ nowMs: Int64) -> Int64 { nowMs + 599_000 }

    private mutating func orderTx(_ kind: ScriptTx.Kind, isBuy: Bool, lots: Int64, ticks: Int64, type: Int, tif: Int,
                                  expiry: Int64, nowMs: Int64) -> ScriptTx {
        let client = nextClientOrderIndex
        nextClientOrderIndex += 1
        let json = "{\"AccountIndex\":\(account),\"ApiKeyIndex\":\(apiKeyIndex),\"MarketIndex\":\(market),"
            + "\"ClientOrderIndex\":\(client),\"BaseAmount\":\(lots),\"Price\":\(ticks),\"IsAsk\":\(isBuy ? 0 : 1),"
            + "\"Type\":\(type),\"TimeInForce\":\(tif),\"ReduceOnly\":0,\"TriggerPrice\":0,\"OrderExpiry\":\(expiry),"
            + "\"ExpiredAt\":\(expiredAt(nowMs)),\"Nonce\":\(takeNonce()),\"Sig\":\"\(Self.placeholderSig)\","
            + "\"L2TxAttributes\":null}"
        return ScriptTx(kind: kind, txType: SimTxType.createOrder, txInfoJSON: json, clientOrderIndex: client)
    }

    private mutating func cancelTx(index: Int64, nowMs: Int64) -> ScriptTx {
        let json = "{\"AccountIndex\":\(account),\"ApiKeyIndex\":\(apiKeyIndex),\"MarketIndex\":\(market),"
            + "\"Index\":\(index),\"ExpiredAt\":\(expiredAt(nowMs)),\"Nonce\":\(takeNonce()),"
            + "\"Sig\":\"\(Self.placeholderSig)\",\"L2TxAttributes\":null}"
        return ScriptTx(kind: .cancel, txType: SimTxType.cancelOrder, txInfoJSON: json, clientOrderIndex: index)
    }

    private mutating func takeNonce() -> Int64 {
        defer { nonce += 1 }
        return nonce
    }
}

extension AccountScript {
    /// The script the server configuration asks for.
    package init(settings: AccountScriptSettings, engine: ExchangeEngine) {
        self.init(account: settings.account, apiKeyIndex: settings.apiKeyIndex, market: settings.market,
                  intervalMs: settings.intervalMs, engine: engine)
    }
}
