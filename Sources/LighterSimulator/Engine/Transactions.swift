import Foundation
import LighterProtocol

/// `L2TxAttributes` key of the SkipNonce attribute (value 1 = on).
let skipNonceAttributeKey = "4"

extension ExchangeEngine {
    /// Validates and executes one signed transaction. Accepted txs return their hash (the
    /// engine's `placeholderTxHash`) and the events they caused; rejections return the venue's
    /// error code and message and consume no nonce.
    package func submit(txType: Int, txInfoJSON: String, nowMs: Int64) -> Result<TxAccepted, ErrorFrame> {
        let data = Data(txInfoJSON.utf8)
        let decoder = JSONDecoder()
        guard let envelope = try? decoder.decode(TxEnvelope.self, from: data) else {
            return .failure(ErrorFrame(.invalidTxInfo, "invalid tx info"))
        }
        switch txType {
        case SimTxType.createOrder:
            guard let tx = try? decoder.decode(CreateOrderFields.self, from: data) else {
                return .failure(ErrorFrame(.invalidTxInfo, "invalid tx info"))
            }
            return checkEnvelope(envelope, nowMs: nowMs).flatMap {
                createOrder(envelope, tx, txInfoJSON: txInfoJSON, nowMs: nowMs)
            }
        case SimTxType.cancelOrder:
            guard let tx = try? decoder.decode(CancelOrderFields.self, from: data) else {
                return .failure(ErrorFrame(.invalidTxInfo, "invalid tx info"))
            }
            return checkEnvelope(envelope, nowMs: nowMs).flatMap {
                cancelOrder(envelope, tx, txInfoJSON: txInfoJSON, nowMs: nowMs)
            }
        case SimTxType.cancelAllOrders:
            guard let tx = try? decoder.decode(CancelAllFields.self, from: data) else {
                return .failure(ErrorFrame(.invalidTxInfo, "invalid tx info"))
            }
            return checkEnvelope(envelope, nowMs: nowMs).flatMap {
                cancelAll(envelope, tx, txInfoJSON: txInfoJSON, nowMs: nowMs)
            }
        default:
            return .failure(ErrorFrame(.unsupportedTxType, "unsupported tx type"))
        }
    }

    /// Account, key, nonce and deadline checks shared by every tx type.
    private func checkEnvelope(_ envelope: TxEnvelope, nowMs: Int64) -> Result<Void, ErrorFrame> {
        guard (0...((Int64(1) << 48) - 2)).contains(envelope.accountIndex) else {
            return .failure(ErrorFrame(.invalidAccountIndex, "invalid account index"))
        }
        guard (0...254).contains(envelope.apiKeyIndex) else {
            return .failure(ErrorFrame(.invalidAPIKeyIndex, "invalid api key index"))
        }
        let expected = nextNonce(account: envelope.accountIndex, apiKeyIndex: Int(envelope.apiKeyIndex))
        // SkipNonce lets a key jump ahead (never back); otherwise exactly the next nonce.
        let nonceOK = envelope.skipNonce
            ? envelope.nonce >= expected && envelope.nonce < (Int64(1) << 47) - 1
            : envelope.nonce == expected
        guard nonceOK else { return .failure(ErrorFrame(.invalidNonce, "invalid nonce")) }
        guard envelope.expiredAt > nowMs, envelope.expiredAt <= (Int64(1) << 48) - 1 else {
            return .failure(ErrorFrame(.invalidExpiredTime, "invalid expired time"))
        }
        return .success(())
    }

    func consumeNonce(_ envelope: TxEnvelope) {
        lastNonces[NonceKey(account: envelope.accountIndex, apiKeyIndex: Int(envelope.apiKeyIndex))] = envelope.nonce
    }

    // MARK: - CreateOrder

    private func validate(_ tx: CreateOrderFields, account: Int64, nowMs: Int64) -> Result<SimMarket, ErrorFrame> {
        guard let id = Int(exactly: tx.marketIndex), let market = marketsByID[id] else {
            return .failure(ErrorFrame(.invalidMarketIndex, "invalid market index"))
        }
        guard !market.isSpot, books[id] != nil else {
            return .failure(ErrorFrame(.invalidMarketType, "invalid market type"))
        }
        guard (0..<(Int64(1) << 48)).contains(tx.clientOrderIndex) else {
            return .failure(ErrorFrame(.invalidClientOrderIndex, "invalid client order index"))
        }
        guard (1..<(Int64(1) << 48)).contains(tx.baseAmount) else {
            return .failure(ErrorFrame(.invalidBaseAmount, "invalid base amount"))
        }
        guard (1...Int64(UInt32.max)).contains(tx.price) else {
            return .failure(ErrorFrame(.invalidPrice, "invalid price"))
        }
        guard tx.isAsk == 0 || tx.isAsk == 1 else { return .failure(ErrorFrame(.invalidIsAsk, "invalid isAsk")) }
        guard (0...8).contains(tx.orderType) else { return .failure(ErrorFrame(.invalidOrderType, "invalid OrderType")) }
        guard tx.orderType <= 1 else { return .failure(ErrorFrame(.unsupportedOrderType, "unsupported order type")) }
        guard (0...2).contains(tx.timeInForce) else {
            return .failure(ErrorFrame(.invalidTimeInForce, "invalid OrderTimeInForce"))
        }
        guard tx.reduceOnly == 0 || tx.reduceOnly == 1 else {
            return .failure(ErrorFrame(.invalidTxInfo, "invalid tx info"))
        }
        guard tx.triggerPrice == 0 else {
            return .failure(ErrorFrame(.invalidTriggerPrice, "invalid order trigger price"))
        }
        // Market ⇒ IOC; IOC ⇒ no expiry; GTT / post-only ⇒ an expiry in the future.
        if tx.orderType == 1 && tx.timeInForce != 0 {
            return .failure(ErrorFrame(.invalidTimeInForce, "invalid OrderTimeInForce"))
        }
        if tx.timeInForce == 0 ? tx.orderExpiry != 0 : tx.orderExpiry <= nowMs {
            return .failure(ErrorFrame(.invalidOrderExpiry, "invalid expiry"))
        }
        // Values the engine could not book exactly, at once or when they fill, are refused here
        // rather than clamped or trapped on later.
        guard fitsBounds(account: account, market: market, lots: tx.baseAmount, ticks: tx.price, isAsk: tx.isAsk == 1) else {
            return .failure(ErrorFrame(.invalidTxInfo, "invalid tx info"))
        }
        let lots = tx.baseAmount
        if lots < market.minLots || market.quote(lots: lots, ticks: tx.price) < market.minQuoteAmount {
            return .failure(ErrorFrame(.belowMinimum, "invalid order base or quote amount"))
        }
        if tx.clientOrderIndex != 0 && liveOrder(account: account, clientOrderIndex: tx.clientOrderIndex) != nil {
            return .failure(ErrorFrame(.clientOrderIndexExists, "client order index already exists"))
        }
        return .success(market)
    }

    private func createOrder(_ envelope: TxEnvelope, _ tx: CreateOrderFields, txInfoJSON: String,
                             nowMs: Int64) -> Result<TxAccepted, ErrorFrame> {
        let account = envelope.accountIndex
        let market: SimMarket
        switch validate(tx, account: account, nowMs: nowMs) {
        case .success(let valid): market = valid
        case .failure(let error): return .failure(error)
        }
        guard let book = books[market.id] else {
            return .failure(ErrorFrame(.invalidMarketIndex, "invalid market index"))
        }
        consumeNonce(envelope)
        blockHeight += 1
        let txHash = placeholderTxHash(txInfo: txInfoJSON)
        let isAsk = tx.isAsk == 1
        let isIOC = tx.timeInForce == 0
        let index = allocateOrderIndex()
        var order = Order(
            orderIndex: index, clientOrderIndex: tx.clientOrderIndex, marketIndex: market.id,
            ownerAccountIndex: account, initialBaseAmount: market.size(lots: tx.baseAmount),
            price: market.price(ticks: tx.price), nonce: envelope.nonce,
            remainingBaseAmount: market.size(lots: tx.baseAmount), isAsk: isAsk, baseSize: tx.baseAmount,
            basePrice: tx.price, side: isAsk ? "sell" : "buy", type: tx.orderType == 1 ? "market" : "limit",
            timeInForce: ["immediate-or-cancel", "good-till-time", "post-only"][Int(tx.timeInForce)],
            reduceOnly: tx.reduceOnly == 1, triggerPrice: .zero, orderExpiry: tx.orderExpiry, status: .open,
            blockHeight: blockHeight, timestamp: nowMs, createdAt: nowMs, updatedAt: nowMs,
            transactionTime: nowMs &* 1000)
        var record = ClientOrderRecord(order: order, priceTicks: tx.price, initialLots: tx.baseAmount)
        var events: [ExchangeEvent] = []

        // Orders that die on arrival are reported once, in their final state.
        var arrivalStatus: OrderStatus?
        if tx.timeInForce == 2 {
            let opposite = isAsk ? book.publishedBestBid : book.publishedBestAsk
            if let opposite, isAsk ? tx.price <= opposite : tx.price >= opposite { arrivalStatus = .canceledPostOnly }
        }
        if tx.reduceOnly == 1 {
            let position = positionStates[account]?[market.id]?.lots ?? 0
            let reducible = isAsk ? max(0, position) : max(0, -position)
            if reducible == 0 { arrivalStatus = .canceledReduceOnly } else { record.reduceOnlyLimitLots = reducible }
        }
        accountOrderIDs[account, default: []].append(index)
        if let arrivalStatus {
            order.status = arrivalStatus
            order.remainingBaseAmount = .zero
            order.baseSize = 0
            record.order = order
            records[index] = record
            retire(orderIndex: index)
            events.append(.orderUpdated(order))
            return .success(TxAccepted(txHash: txHash, events: events))
        }

        records[index] = record
        events.append(.orderUpdated(order))
        let stop = take(orderIndex: index, book: book, limitTicks: tx.price, nowMs: nowMs, txHash: txHash,
                        events: &events)
        if let after = records[index], !after.order.status.isFinal {
            switch stop {
            case .selfTrade:
                finish(orderIndex: index, status: .canceledSelfTrade, nowMs: nowMs, events: &events)
            case .reduceOnlyLimit:
                finish(orderIndex: index, status: .canceledReduceOnly, nowMs: nowMs, events: &events)
            case .filled, .noLiquidity, .capped:
                if isIOC {
                    finish(orderIndex: index, status: .canceledNotEnoughLiquidity, nowMs: nowMs, events: &events)
                } else {
                    resting[market.id, default: []].append(index)
                }
            }
        }
        let client = clientLevels(market: market.id)
        book.hideCrossing(clientBestBid: client.bids.keys.max(), clientBestAsk: client.asks.keys.min())
        if let frame = publish(book: book, nowMs: nowMs) { events.append(.book(frame)) }
        return .success(TxAccepted(txHash: txHash, events: events))
    }

    /// The account's live order with this client order index, in any market.
    func liveOrder(account: Int64, clientOrderIndex: Int64, market: Int? = nil) -> Int64? {
        for (id, indexes) in resting where market == nil || id == market {
            for index in indexes {
                guard let record = records[index], record.order.ownerAccountIndex == account,
                      record.order.clientOrderIndex == clientOrderIndex, !record.order.status.isFinal else { continue }
                return index
            }
        }
        return nil
    }

    // MARK: - CancelOrder

    private func cancelOrder(_ envelope: TxEnvelope, _ tx: CancelOrderFields, txInfoJSON: String,
                             nowMs: Int64) -> Result<TxAccepted, ErrorFrame> {
        guard let marketID = Int(exactly: tx.marketIndex), let book = books[marketID] else {
            return .failure(ErrorFrame(.invalidMarketIndex, "invalid market index"))
        }
        let account = envelope.accountIndex
        let target: Int64?
        if tx.index < Self.orderIndexBase {
            target = tx.index > 0 ? liveOrder(account: account, clientOrderIndex: tx.index, market: marketID) : nil
        } else if let record = records[tx.index], record.order.ownerAccountIndex == account,
                  record.order.marketIndex == marketID, !record.order.status.isFinal {
            target = tx.index
        } else {
            target = nil
        }
        guard let target else {
            return .failure(ErrorFrame(.inactiveCancel, "given order is not an active limit order"))
        }
        consumeNonce(envelope)
        blockHeight += 1
        var events: [ExchangeEvent] = []
        finish(orderIndex: target, status: .canceled, nowMs: nowMs, events: &events)
        if let frame = publish(book: book, nowMs: nowMs) { events.append(.book(frame)) }
        return .success(TxAccepted(txHash: placeholderTxHash(txInfo: txInfoJSON), events: events))
    }
}
