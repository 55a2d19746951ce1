import BackpackProtocol
import LighterProtocol

/// Sort order of the history endpoints.
public enum BackpackSortDirection: String, Sendable {
    case ascending = "Asc"
    case descending = "Desc"
}

/// The filters and page of `GET /wapi/v1/history/fills`.
public struct BackpackFillQuery: Sendable, Hashable {
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String?
    /// The order the fill belongs to.
    public var orderID: String?
    /// Milliseconds, inclusive.
    public var fromMs: Int64?
    /// Milliseconds, exclusive.
    public var toMs: Int64?
    /// Page size (1-1000).
    public var limit: Int = 100
    /// Rows to skip.
    public var offset: Int = 0
    /// UNCONFIRMED on the venue; newest first, as the reference sample lists them.
    public var direction: BackpackSortDirection = .descending

    /// Creates a value from its parts.
    public init(symbol: String? = nil, orderID: String? = nil, fromMs: Int64? = nil, toMs: Int64? = nil, limit: Int = 100,
                offset: Int = 0, direction: BackpackSortDirection = .descending) {
        self.symbol = symbol; self.orderID = orderID; self.fromMs = fromMs; self.toMs = toMs; self.limit = limit
        self.offset = offset; self.direction = direction
    }
}

extension BackpackEngine {
    /// `GET /api/v1/orders`: the account's resting orders, oldest first.
    public func openOrders(account key: String, symbol: String?) -> [BackpackOrder] {
        records.values.filter { $0.account == key && !$0.order.status.isFinal && (symbol == nil || $0.order.symbol == symbol) }
            .map(\.order).sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// `GET /api/v1/order`: only an order still on the book is found.
    public func restingOrder(account key: String, symbol: String, orderID: String?, clientID: UInt32?) -> BackpackOrder? {
        restingOrderID(account: key, symbol: symbol, orderID: orderID, clientID: clientID).flatMap { records[$0]?.order }
    }

    /// `GET /wapi/v1/history/orders`: orders that left the book (and, as the venue does, those
    /// still on it), newest first unless asked otherwise.
    public func orderHistory(account key: String, symbol: String?, orderID: String?, limit: Int, offset: Int,
                             direction: BackpackSortDirection = .descending) -> [BackpackOrder] {
        let finished = account(key).finished.compactMap { records[$0]?.order }
        var all = (finished + openOrders(account: key, symbol: nil)).filter {
            (symbol == nil || $0.symbol == symbol) && (orderID == nil || $0.id == orderID)
        }
        all.sort { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        if direction == .descending { all.reverse() }
        return Array(all.dropFirst(max(0, offset)).prefix(max(0, limit)))
    }

    /// `GET /wapi/v1/history/fills`, filtered and paged.
    public func fills(account key: String, query: BackpackFillQuery) -> [BackpackFill] {
        var rows = account(key).fills.filter { fill in
            (query.symbol == nil || fill.symbol == query.symbol) && (query.orderID == nil || fill.orderID == query.orderID)
                && (query.fromMs.map { fill.timestamp >= $0 } ?? true) && (query.toMs.map { fill.timestamp < $0 } ?? true)
        }
        if query.direction == .descending { rows.reverse() }
        return Array(rows.dropFirst(max(0, query.offset)).prefix(max(0, query.limit)))
    }

    /// Every fill of the account, oldest first: the exchange's side of an audit.
    public func fills(account key: String) -> [BackpackFill] { account(key).fills }

    /// Every order of the account the engine still remembers, oldest first.
    public func orders(account key: String) -> [BackpackOrder] {
        records.values.filter { $0.account == key }.map(\.order).sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// `GET /api/v1/position`: open positions; an empty list when there are none (the venue
    /// documents a 404 "Position not found." without saying when, UNCONFIRMED).
    public func positions(account key: String, symbol: String? = nil) -> [BackpackPosition] {
        account(key).positions.compactMap { entry -> BackpackPosition? in
            guard entry.value.lots != 0, symbol == nil || entry.key == symbol, let sim = market(entry.key) else { return nil }
            return restView(symbol: entry.key, entry.value, sim)
        }.sorted { $0.symbol < $1.symbol }
    }

    /// The subscribe snapshot of `account.positionUpdate`: one message per open position, no `e`.
    public func positionSnapshots(account key: String, symbol: String?, nowUs: Int64) -> [BackpackPositionUpdate] {
        account(key).positions.sorted { $0.key < $1.key }.compactMap { entry in
            guard entry.value.lots != 0, symbol == nil || entry.key == symbol else { return nil }
            return positionUpdate(symbol: entry.key, entry.value, event: .snapshot, nowUs: nowUs)
        }
    }

    /// Net equity: collateral plus unrealised PnL.
    func equity(account key: String) -> (equity: FixedDecimal, unrealized: FixedDecimal, exposure: FixedDecimal) {
        var unrealized = FixedDecimal.zero
        var exposure = FixedDecimal.zero
        for position in positions(account: key) {
            unrealized += position.pnlUnrealized
            exposure += position.netExposureNotional
        }
        return (account(key).collateral + unrealized, unrealized, exposure)
    }

    /// `GET /api/v1/capital`: USDC only (perps settle in it).
    public func capital(account key: String) -> [String: BackpackBalance] {
        ["USDC": BackpackBalance(available: account(key).collateral)]
    }

    /// `GET /api/v1/capital/collateral`.
    public func collateral(account key: String) -> BackpackCollateral {
        let (equity, unrealized, exposure) = equity(account: key)
        let cash = account(key).collateral
        let locked = exposure.multiplied(by: FixedDecimal("0.02") ?? .zero)
        let asset = BackpackCollateral.Asset(symbol: "USDC", assetMarkPrice: 1, totalQuantity: cash, balanceNotional: cash,
                                             collateralWeight: 1, collateralValue: cash, openOrderQuantity: .zero,
                                             lendQuantity: .zero, availableQuantity: cash)
        return BackpackCollateral(assetsValue: equity, borrowLiability: .zero, collateral: [asset],
                                  imf: FixedDecimal("0.02") ?? .zero, mmf: FixedDecimal("0.0125") ?? .zero,
                                  marginFraction: exposure.isZero ? nil : equity.divided(by: exposure), netEquity: equity,
                                  netEquityAvailable: equity - locked, netEquityLocked: locked, netExposureFutures: exposure,
                                  pnlUnrealized: unrealized, liabilitiesValue: .zero, unsettledEquity: .zero)
    }

    /// `GET /api/v1/account`.
    public func settings(account key: String) -> BackpackAccountSettings {
        BackpackAccountSettings(futuresMakerFee: FixedDecimal(Self.makerFeeBps) ?? 2,
                                futuresTakerFee: FixedDecimal(Self.takerFeeBps) ?? 5,
                                leverageLimit: FixedDecimal(Self.leverage) ?? 10,
                                limitOrders: openOrders(account: key, symbol: nil).count)
    }

    /// `GET /api/v1/ticker`.
    public func ticker(symbol: String) -> BackpackTicker? {
        guard market(symbol) != nil else { return nil }
        let mark = markPrice(symbol)
        let stats = tradeStats[symbol] ?? TradeStats(price: mark)
        let change = stats.last - stats.first
        return BackpackTicker(symbol: symbol, firstPrice: stats.first, lastPrice: stats.last, priceChange: change,
                              priceChangePercent: stats.first.isZero ? .zero : (change.divided(by: stats.first) ?? .zero),
                              high: stats.high, low: stats.low, volume: stats.volume, quoteVolume: stats.quoteVolume,
                              trades: String(stats.count))
    }

    /// `GET /api/v1/markPrices`: the mid as mark and index, no funding.
    public func markPrices(symbol: String?, nowMs: Int64) -> [BackpackMarkPrice] {
        markets.filter { symbol == nil || $0.symbol == symbol }.map {
            let mark = markPrice($0.symbol)
            return BackpackMarkPrice(symbol: $0.symbol, markPrice: mark, indexPrice: mark, fundingRate: .zero,
                                     nextFundingTimestamp: (nowMs / 3_600_000 + 1) * 3_600_000)
        }
    }
}
