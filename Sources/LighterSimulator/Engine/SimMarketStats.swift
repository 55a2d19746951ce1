import LighterProtocol

/// One market's ticker, as `market_stats/{m}`, `orderBookDetails` and `exchangeStats` report it.
/// Every figure comes from the simulator's own book and fills.
package struct SimMarketStats: Sendable, Hashable {
    /// The market's id and symbol.
    package var marketID: Int
    package var symbol: String
    /// Mid of the displayed touch (the start price for an empty book): the simulator has no
    /// oracle, so mark and index are both the mid.
    package var markPrice: FixedDecimal
    package var indexPrice: FixedDecimal
    /// The last fill's price, or the mark before the first fill.
    package var lastTradePrice: FixedDecimal
    /// Fills of the last 24 hours.
    package var dailyTrades: Int64
    /// The day's fills' size in the base asset and value in USDC.
    package var dailyBaseVolume: FixedDecimal
    package var dailyQuoteVolume: FixedDecimal
    /// The day's lowest and highest fill prices (the last price without fills).
    package var dailyLow: FixedDecimal
    package var dailyHigh: FixedDecimal
    /// Percent change from the day's first fill to its last (0 without fills).
    package var dailyChangePercent: FixedDecimal
    /// The larger of the accounts' long and short sizes, in the base asset.
    package var openInterest: FixedDecimal

    /// A ticker with every figure given.
    package init(marketID: Int, symbol: String, markPrice: FixedDecimal, indexPrice: FixedDecimal,
                lastTradePrice: FixedDecimal, dailyTrades: Int64, dailyBaseVolume: FixedDecimal,
                dailyQuoteVolume: FixedDecimal, dailyLow: FixedDecimal, dailyHigh: FixedDecimal,
                dailyChangePercent: FixedDecimal, openInterest: FixedDecimal) {
        self.marketID = marketID; self.symbol = symbol; self.markPrice = markPrice; self.indexPrice = indexPrice
        self.lastTradePrice = lastTradePrice; self.dailyTrades = dailyTrades; self.dailyBaseVolume = dailyBaseVolume
        self.dailyQuoteVolume = dailyQuoteVolume; self.dailyLow = dailyLow; self.dailyHigh = dailyHigh
        self.dailyChangePercent = dailyChangePercent; self.openInterest = openInterest
    }
}

extension ExchangeEngine {
    /// The ticker of a perp market now; nil for unknown and spot markets.
    package func marketStats(market id: Int, nowMs: Int64) -> SimMarketStats? {
        guard let market = marketsByID[id], !market.isSpot else { return nil }
        let mark = midPrice(market: id) ?? market.startPrice
        var stats = SimMarketStats(marketID: id, symbol: market.symbol, markPrice: mark, indexPrice: mark,
                                   lastTradePrice: marketTrades[id]?.last?.price ?? mark, dailyTrades: 0,
                                   dailyBaseVolume: .zero, dailyQuoteVolume: .zero, dailyLow: .zero, dailyHigh: .zero,
                                   dailyChangePercent: .zero, openInterest: openInterest(market: market))
        var first: FixedDecimal?
        // Trades are kept oldest first: walk back from the newest until a day has passed.
        for trade in (marketTrades[id] ?? []).reversed() {
            guard nowMs &- trade.timestamp < Self.dayMs else { break }
            stats.dailyTrades = stats.dailyTrades &+ 1
            stats.dailyBaseVolume = stats.dailyBaseVolume.checkedAdding(trade.size) ?? stats.dailyBaseVolume
            stats.dailyQuoteVolume = stats.dailyQuoteVolume.checkedAdding(trade.usdAmount) ?? stats.dailyQuoteVolume
            stats.dailyLow = first == nil ? trade.price : min(stats.dailyLow, trade.price)
            stats.dailyHigh = first == nil ? trade.price : max(stats.dailyHigh, trade.price)
            first = trade.price
        }
        if let first {
            stats.dailyChangePercent = stats.lastTradePrice.checkedSubtracting(first)?.multiplied(by: 100).divided(by: first) ?? .zero
        } else {
            stats.dailyLow = stats.lastTradePrice
            stats.dailyHigh = stats.lastTradePrice
        }
        return stats
    }

    /// The tickers of every perp market, in market order.
    package func allMarketStats(nowMs: Int64) -> [SimMarketStats] {
        markets.compactMap { marketStats(market: $0.id, nowMs: nowMs) }
    }

    /// Open interest in the base asset: what the accounts hold long (equal to what they hold
    /// short, unless synthetic flow is the other side, which counts as one more account).
    func openInterest(market: SimMarket) -> FixedDecimal {
        var long: Int128 = 0
        var short: Int128 = 0
        for (_, positions) in positionStates {
            guard let lots = positions[market.id]?.lots else { continue }
            if lots > 0 { long += Int128(lots) } else { short += Int128(lots.magnitude) }
        }
        return market.checkedSize(lots: Int64(clamping: max(long, short))) ?? .zero
    }
}
