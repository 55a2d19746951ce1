import LighterProtocol

/// Writes the venue's JSON for what the frame encoder does not cover: positions, balances,
/// account stats, tickers, market details and resting orders, shared by the REST answers and
/// the account and market channels so that both say the same thing the same way. Field names
/// and value types follow the live captures in the reference (decimal strings for amounts,
/// bare numbers where the venue writes numbers).
struct VenueWriter: Sendable {
    /// An asset of the simulated venue: USDC (the collateral) and the spot market's base.
    struct Asset: Sendable, Hashable {
        var id: Int
        var symbol: String
        var decimals: Int
        var l1Decimals: Int
        var minTransfer: FixedDecimal
        var l1Address: String
    }

    /// The venue's asset ids for ETH and USDC.
    static let assets: [Asset] = [
        Asset(id: 1, symbol: "ETH", decimals: 8, l1Decimals: 18, minTransfer: FixedDecimal(units: 100_000),
              l1Address: "0x0000000000000000000000000000000000000000"),
        Asset(id: 3, symbol: "USDC", decimals: 6, l1Decimals: 6, minTransfer: 1,
              l1Address: "0x95Fd23d5110f9D89A4b0B7d63D78F5B5Ea5074D1"),
    ]
    static let usdcAssetID = 3

    let markets: [SimMarket]
    private let byID: [Int: SimMarket]

    init(markets: [SimMarket]) {
        self.markets = markets
        var byID: [Int: SimMarket] = [:]
        for market in markets { byID[market.id] = market }
        self.byID = byID
    }

    func market(_ id: Int) -> SimMarket? { byID[id] }

    // MARK: Accounts

    /// One position object (`account.positions[]`, `account_all_positions.positions{}`).
    func position(_ p: SimPosition, into w: inout JSONWriter) {
        let size = byID[p.marketID]?.sizeDecimals ?? 4
        let price = byID[p.marketID]?.priceDecimals ?? 2
        w.beginObject()
        w.field("market_id", p.marketID); w.field("symbol", p.symbol)
        w.field("initial_margin_fraction", p.initialMarginFraction, decimals: 2)
        w.field("open_order_count", p.openOrderCount); w.field("pending_order_count", 0)
        w.field("position_tied_order_count", 0); w.field("sign", p.sign)
        w.field("position", p.position, decimals: size)
        w.field("avg_entry_price", p.avgEntryPrice, decimals: price)
        w.field("position_value", p.positionValue, decimals: MarketDecimals.quote)
        w.field("unrealized_pnl", p.unrealizedPnl, decimals: MarketDecimals.quote)
        w.field("realized_pnl", p.realizedPnl, decimals: MarketDecimals.quote)
        // No liquidation engine: the venue writes "0" for a position it would never liquidate.
        w.field("liquidation_price", "0")
        w.field("total_funding_paid_out", FixedDecimal.zero, decimals: MarketDecimals.quote)
        w.field("margin_mode", p.marginMode)
        w.field("allocated_margin", p.allocatedMargin, decimals: MarketDecimals.quote)
        w.field("total_discount", FixedDecimal.zero, decimals: MarketDecimals.quote)
        w.field("margin_set_flag", 0)
        w.endObject()
    }

    /// `{"<market>": position, …}`; `shift` moves the keys as the wrong-market-keys fault does.
    func positionMap(_ positions: [SimPosition], shift: Int = 0, into w: inout JSONWriter) {
        w.beginObject()
        for p in positions.sorted(by: { $0.marketID < $1.marketID }) {
            w.key(String(p.marketID + shift))
            position(p, into: &w)
        }
        w.endObject()
    }

    /// One balance object; USDC holds the collateral, the spot base asset nothing (the
    /// simulator trades perps only).
    func asset(_ asset: Asset, summary: SimAccountSummary, into w: inout JSONWriter) {
        let balance = asset.id == Self.usdcAssetID ? summary.collateral : .zero
        w.beginObject()
        w.field("symbol", asset.symbol)
        w.field("asset_id", asset.id)
        w.field("balance", balance, decimals: asset.decimals)
        w.field("locked_balance", FixedDecimal.zero, decimals: asset.decimals)
        w.field("margin_balance", balance, decimals: asset.decimals)
        w.field("margin_mode", asset.id == Self.usdcAssetID ? "enabled" : "disabled")
        w.endObject()
    }

    /// `user_stats.stats`: the account's figures, with the cross and total breakdowns (one
    /// cross-margin account here, so all three agree).
    func stats(_ summary: SimAccountSummary, into w: inout JSONWriter) {
        func figures(_ w: inout JSONWriter) {
            w.field("collateral", summary.collateral, decimals: MarketDecimals.quote)
            w.field("portfolio_value", summary.portfolioValue, decimals: MarketDecimals.quote)
            w.field("leverage", summary.leverage, decimals: 2)
            w.field("available_balance", summary.availableBalance, decimals: MarketDecimals.quote)
            w.field("margin_usage", summary.marginUsage, decimals: 2)
            w.field("buying_power", summary.buyingPower, decimals: MarketDecimals.quote)
        }
        w.beginObject()
        figures(&w)
        w.field("account_trading_mode", 0)
        w.key("cross_stats"); w.beginObject(); figures(&w); w.endObject()
        w.key("total_stats"); w.beginObject(); figures(&w); w.endObject()
        w.endObject()
    }

    // MARK: Markets

    /// One `market_stats` object.
    func marketStats(_ s: SimMarketStats, nowMs: Int64, into w: inout JSONWriter) {
        let price = byID[s.marketID]?.priceDecimals ?? 2
        let size = byID[s.marketID]?.sizeDecimals ?? 4
        w.beginObject()
        w.field("market_id", s.marketID)
        w.field("index_price", s.indexPrice, decimals: price)
        w.field("mark_price", s.markPrice, decimals: price)
        w.field("open_interest", s.openInterest.multiplied(by: s.markPrice), decimals: MarketDecimals.quote)
        w.field("open_interest_limit", "72057594037927936.000000")
        w.field("funding_clamp_small", "0.0500")
        w.field("funding_clamp_big", "4.0000")
        w.field("last_trade_price", s.lastTradePrice, decimals: price)
        // No funding is charged: the rate is zero and the next round is on the hour.
        w.field("current_funding_rate", "0.0000")
        w.field("funding_rate", "0.0000")
        w.field("funding_timestamp", (nowMs / 3_600_000 + 1) * 3_600_000)
        number("daily_base_token_volume", s.dailyBaseVolume.floored(decimals: size), into: &w)
        number("daily_quote_token_volume", s.dailyQuoteVolume.floored(decimals: MarketDecimals.quote), into: &w)
        number("daily_price_low", s.dailyLow, into: &w)
        number("daily_price_high", s.dailyHigh, into: &w)
        number("daily_price_change", s.dailyChangePercent, into: &w)
        w.endObject()
    }

    /// One `orderBooks` / `orderBookDetails` entry; `details` adds what only the latter has.
    func orderBook(_ market: SimMarket, stats: SimMarketStats?, details: Bool, into w: inout JSONWriter) {
        w.beginObject()
        w.field("symbol", market.symbol)
        w.field("market_id", market.id)
        w.field("market_type", market.isSpot ? "spot" : "perp")
        w.field("base_asset_id", market.isSpot ? 1 : 0)
        w.field("quote_asset_id", market.isSpot ? Self.usdcAssetID : 0)
        w.field("status", "active")
        w.field("taker_fee", "0.0000"); w.field("is_taker_fee_enabled", true)
        w.field("maker_fee", "0.0000"); w.field("is_maker_fee_enabled", true)
        w.field("liquidation_fee", market.isSpot ? "0.0000" : "1.0000")
        w.field("min_base_amount", market.minBaseAmount, decimals: market.sizeDecimals)
        w.field("min_quote_amount", market.minQuoteAmount, decimals: MarketDecimals.quote)
        w.field("order_quote_limit", "281474976.710655")
        w.field("supported_size_decimals", market.sizeDecimals)
        w.field("supported_price_decimals", market.priceDecimals)
        w.field("supported_quote_decimals", MarketDecimals.quote)
        if details {
            w.field("size_decimals", market.sizeDecimals)
            w.field("price_decimals", market.priceDecimals)
            if !market.isSpot {
                w.field("quote_multiplier", 1)
                w.field("default_initial_margin_fraction", 500)
                w.field("min_initial_margin_fraction", 200)
                w.field("maintenance_margin_fraction", 120)
                w.field("closeout_margin_fraction", 80)
            }
            let last = stats?.lastTradePrice ?? market.startPrice
            number("last_trade_price", last, into: &w)
            w.field("daily_trades_count", stats?.dailyTrades ?? 0)
            number("daily_base_token_volume", stats?.dailyBaseVolume ?? .zero, into: &w)
            number("daily_quote_token_volume", stats?.dailyQuoteVolume ?? .zero, into: &w)
            number("daily_price_low", stats?.dailyLow ?? last, into: &w)
            number("daily_price_high", stats?.dailyHigh ?? last, into: &w)
            number("daily_price_change", stats?.dailyChangePercent ?? .zero, into: &w)
            number("open_interest", stats?.openInterest ?? .zero, into: &w)
            w.key("daily_chart"); w.beginObject(); w.endObject()
            if !market.isSpot {
                w.field("mark_price", stats?.markPrice ?? last, decimals: market.priceDecimals)
                w.field("index_price", stats?.indexPrice ?? last, decimals: market.priceDecimals)
                w.key("market_config"); w.beginObject()
                w.field("market_margin_mode", 0)
                w.field("insurance_fund_account_index", 281_474_976_710_655)
                w.field("liquidation_mode", 0)
                w.field("force_reduce_only", false)
                w.field("trading_hours", "")
                w.field("funding_fee_discounts_enabled", false)
                w.field("hidden", false)
                w.field("rfq_enabled", false)
                w.endObject()
                w.field("strategy_index", 0)
            }
        }
        w.endObject()
    }

    /// One `orderBookOrders` entry (the venue's `SimpleOrder`).
    func bookOrder(_ order: SimBookOrder, market: SimMarket, into w: inout JSONWriter) {
        w.beginObject()
        w.field("order_index", order.orderIndex)
        w.field("order_id", String(order.orderIndex))
        w.field("owner_account_index", order.ownerAccountIndex)
        w.field("initial_base_amount", order.initialBaseAmount, decimals: market.sizeDecimals)
        w.field("remaining_base_amount", order.remainingBaseAmount, decimals: market.sizeDecimals)
        w.field("price", order.price, decimals: market.priceDecimals)
        w.field("order_expiry", order.orderExpiry)
        w.field("transaction_time", order.transactionTime)
        w.endObject()
    }

    /// One `assetDetails` entry; `indexPrice` is the asset's price in USDC.
    func assetDetail(_ asset: Asset, indexPrice: FixedDecimal, into w: inout JSONWriter) {
        w.beginObject()
        w.field("asset_id", asset.id)
        w.field("symbol", asset.symbol)
        w.field("l1_decimals", asset.l1Decimals)
        w.field("decimals", asset.decimals)
        w.field("min_transfer_amount", asset.minTransfer, decimals: asset.decimals)
        w.field("min_withdrawal_amount", asset.minTransfer, decimals: asset.decimals)
        w.field("margin_mode", asset.id == Self.usdcAssetID ? "enabled" : "disabled")
        w.field("index_price", indexPrice, decimals: MarketDecimals.quote)
        w.field("l1_address", asset.l1Address)
        w.endObject()
    }

    /// `"name": 12.5`: a bare JSON number with the value's shortest exact digits.
    func number(_ name: String, _ value: FixedDecimal, into w: inout JSONWriter) {
        w.key(name)
        w.raw(value.description)
    }
}
