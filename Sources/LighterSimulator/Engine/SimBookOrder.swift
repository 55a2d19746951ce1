import LighterProtocol

/// One resting order as `orderBookOrders` lists it (the venue's `SimpleOrder`).
package struct SimBookOrder: Sendable, Hashable {
    /// The exchange order index.
    package var orderIndex: Int64
    package var ownerAccountIndex: Int64
    /// Size when placed.
    package var initialBaseAmount: FixedDecimal
    /// Size still resting.
    package var remainingBaseAmount: FixedDecimal
    package var price: FixedDecimal
    /// Milliseconds.
    package var orderExpiry: Int64
    /// Microseconds.
    package var transactionTime: Int64

    /// An order as listed.
    package init(orderIndex: Int64, ownerAccountIndex: Int64, initialBaseAmount: FixedDecimal,
                remainingBaseAmount: FixedDecimal, price: FixedDecimal, orderExpiry: Int64, transactionTime: Int64) {
        self.orderIndex = orderIndex; self.ownerAccountIndex = ownerAccountIndex
        self.initialBaseAmount = initialBaseAmount; self.remainingBaseAmount = remainingBaseAmount
        self.price = price; self.orderExpiry = orderExpiry; self.transactionTime = transactionTime
    }
}

extension ExchangeEngine {
    /// Synthetic orders' indexes live above every client order's (which start at 2^48 and
    /// grow slowly), one per market, side and price, so a level keeps its id while it rests.
    static let syntheticOrderIndexBase: Int64 = 3 << 48

    /// The displayed book as individual orders, best price first, at most `limit` a side:
    /// client orders at a price in time priority, then the synthetic rest of the level as one
    /// order of the synthetic account. Nil for unknown and spot markets.
    package func bookOrders(market id: Int, limit: Int, nowMs: Int64) -> (asks: [SimBookOrder], bids: [SimBookOrder])? {
        guard let book = books[id] else { return nil }
        let limit = max(0, limit)
        var clientOrders: [Bool: [Int64: [ClientOrderRecord]]] = [:]
        for index in resting[id] ?? [] {
            guard let record = records[index], record.remainingLots > 0 else { continue }
            clientOrders[record.order.isAsk, default: [:]][record.priceTicks, default: []].append(record)
        }
        // 28 days, as the official SDK's default expiry for resting orders.
        let expiry = nowMs &+ 28 * Self.dayMs
        let updatedAt = (book.lastUpdateMs == 0 ? nowMs : book.lastUpdateMs) &* 1000
        func side(_ levels: [Int64: Int64], isAsk: Bool) -> [SimBookOrder] {
            var orders: [SimBookOrder] = []
            for (ticks, displayed) in levels.sorted(by: { isAsk ? $0.key < $1.key : $0.key > $1.key }) {
                let price = book.market.price(ticks: ticks)
                var synthetic = displayed
                for record in clientOrders[isAsk]?[ticks] ?? [] {
                    guard orders.count < limit else { return orders }
                    synthetic -= record.remainingLots
                    orders.append(SimBookOrder(orderIndex: record.order.orderIndex,
                                               ownerAccountIndex: record.order.ownerAccountIndex,
                                               initialBaseAmount: record.order.initialBaseAmount,
                                               remainingBaseAmount: record.order.remainingBaseAmount, price: price,
                                               orderExpiry: record.order.orderExpiry,
                                               transactionTime: record.order.transactionTime ?? updatedAt))
                }
                guard synthetic > 0 else { continue }
                guard orders.count < limit else { return orders }
                let size = book.market.size(lots: synthetic)
                let index = Self.syntheticOrderIndexBase + (Int64(id) << 33) + (isAsk ? 1 << 32 : 0) + (ticks & 0xFFFF_FFFF)
                orders.append(SimBookOrder(orderIndex: index, ownerAccountIndex: Self.syntheticAccount,
                                           initialBaseAmount: size, remainingBaseAmount: size, price: price,
                                           orderExpiry: expiry, transactionTime: updatedAt))
            }
            return orders
        }
        return (side(book.publishedAsks, isAsk: true), side(book.publishedBids, isAsk: false))
    }
}
