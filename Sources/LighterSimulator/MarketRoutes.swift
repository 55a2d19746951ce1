import Hummingbird
import LighterProtocol

/// The public market endpoints: the root status, `orderBooks`, `orderBookDetails`,
/// `orderBookOrders`, `recentTrades`, `assetDetails` and `exchangeStats`, in the venue's shapes.
/// Spot markets are listed but not traded: their books and trades are empty.
extension SimulatorServer {
    func addMarketRoutes(to router: Router<BasicRequestContext>) {
        let exchange = self.exchange
        let venue = exchange.venue
        let markets = configuration.markets

        router.get("/") { _, _ in
            var w = JSONWriter()
            w.beginObject()
            w.field("status", 200)
            w.field("network_id", 1)
            w.field("timestamp", SimulatedExchange.nowMs() / 1000)
            w.endObject()
            return Self.json(w.text)
        }
        router.get("/api/v1/orderBooks") { request, _ in
            switch Self.marketSelection(request, markets: markets) {
            case .failure(let refusal): return Self.error(refusal.code, refusal.message)
            case .success(let selected):
                var w = JSONWriter(capacity: 512 * selected.count)
                w.beginObject()
                w.field("code", 200)
                w.key("order_books"); w.beginArray()
                for market in selected {
                    w.arrayElement()
                    venue.orderBook(market, stats: nil, details: false, into: &w)
                }
                w.endArray()
                w.endObject()
                return Self.json(w.text)
            }
        }
        router.get("/api/v1/orderBookDetails") { request, _ in
            switch Self.marketSelection(request, markets: markets) {
            case .failure(let refusal): return Self.error(refusal.code, refusal.message)
            case .success(let selected):
                let stats = Dictionary(uniqueKeysWithValues: await exchange.allMarketStats().map { ($0.marketID, $0) })
                var w = JSONWriter(capacity: 1024 * selected.count)
                w.beginObject()
                w.field("code", 200)
                for (key, spot) in [("order_book_details", false), ("spot_order_book_details", true)] {
                    w.key(key); w.beginArray()
                    for market in selected where market.isSpot == spot {
                        w.arrayElement()
                        venue.orderBook(market, stats: stats[market.id], details: true, into: &w)
                    }
                    w.endArray()
                }
                w.endObject()
                return Self.json(w.text)
            }
        }
        router.get("/api/v1/orderBookOrders") { request, _ in
            let query = request.uri.queryParameters
            guard let id = query.get("market_id", as: Int.self), let market = markets.first(where: { $0.id == id }) else {
                return Self.error(.invalidMarketIndex, "invalid market index")
            }
            guard let limit = query.get("limit", as: Int.self), (1...250).contains(limit) else {
                return Self.error(.invalidParam, "invalid param : limit must be 1 to 250")
            }
            let book = await exchange.bookOrders(market: id, limit: limit) ?? ([], [])
            var w = JSONWriter(capacity: 256 * (book.asks.count + book.bids.count + 1))
            w.beginObject()
            w.field("code", 200)
            for (name, orders) in [("asks", book.asks), ("bids", book.bids)] {
                w.field("total_\(name)", orders.count)
                w.key(name); w.beginArray()
                for order in orders {
                    w.arrayElement()
                    venue.bookOrder(order, market: market, into: &w)
                }
                w.endArray()
            }
            w.endObject()
            return Self.json(w.text)
        }
        router.get("/api/v1/recentTrades") { request, _ in
            let query = request.uri.queryParameters
            guard let id = query.get("market_id", as: Int.self), markets.contains(where: { $0.id == id }) else {
                return Self.error(.invalidMarketIndex, "invalid market index")
            }
            guard let limit = query.get("limit", as: Int.self), (1...100).contains(limit) else {
                return Self.error(.invalidParam, "invalid param : limit must be 1 to 100")
            }
            let trades = await exchange.recentTrades(market: id, limit: limit)
            return Self.listResponse("trades", trades, nextCursor: nil, list: .trades, encode: exchange.encoder.encode)
        }
        router.get("/api/v1/assetDetails") { request, _ in
            let wanted = request.uri.queryParameters.get("asset_id", as: Int.self)
            let assets = VenueWriter.assets.filter { wanted == nil || $0.id == wanted }
            guard !assets.isEmpty else { return Self.error(.invalidParam, "invalid param : asset_id") }
            // ETH is priced by the perp named ETH, else by the spot market's start price.
            let ethMarket = markets.first { $0.symbol == "ETH" && !$0.isSpot }
            var ethPrice = markets.first { $0.isSpot }?.startPrice ?? .zero
            if let ethMarket, let mid = await exchange.midPrice(market: ethMarket.id) { ethPrice = mid }
            var w = JSONWriter(capacity: 512)
            w.beginObject()
            w.field("code", 200)
            w.key("asset_details"); w.beginArray()
            for asset in assets {
                w.arrayElement()
                venue.assetDetail(asset, indexPrice: asset.id == VenueWriter.usdcAssetID ? 1 : ethPrice, into: &w)
            }
            w.endArray()
            w.endObject()
            return Self.json(w.text)
        }
        router.get("/api/v1/exchangeStats") { _, _ in
            let stats = await exchange.allMarketStats()
            var volume = FixedDecimal.zero
            var count: Int64 = 0
            var w = JSONWriter(capacity: 256 * (stats.count + 1))
            w.beginObject()
            w.field("code", 200)
            w.field("total", stats.count)
            w.key("order_book_stats"); w.beginArray()
            for entry in stats {
                volume = volume.checkedAdding(entry.dailyQuoteVolume) ?? volume
                count = count &+ entry.dailyTrades
                w.arrayElement(); w.beginObject()
                w.field("symbol", entry.symbol)
                venue.number("last_trade_price", entry.lastTradePrice, into: &w)
                w.field("daily_trades_count", entry.dailyTrades)
                venue.number("daily_base_token_volume", entry.dailyBaseVolume, into: &w)
                venue.number("daily_quote_token_volume", entry.dailyQuoteVolume, into: &w)
                venue.number("daily_price_change", entry.dailyChangePercent, into: &w)
                w.endObject()
            }
            w.endArray()
            venue.number("daily_usd_volume", volume, into: &w)
            w.field("daily_trades_count", count)
            w.endObject()
            return Self.json(w.text)
        }
    }

    /// The markets `market_id` (absent or 255: all) and `filter` (`all`, `perp`, `spot`) pick.
    static func marketSelection(_ request: Request, markets: [SimMarket]) -> Result<[SimMarket], Refusal> {
        let query = request.uri.queryParameters
        var selected = markets
        if let text = query.get("market_id") {
            guard let id = Int(text) else { return .failure(Self.refusal(.invalidParam, "invalid param : market_id")) }
            if id != 255 {
                selected = markets.filter { $0.id == id }
                guard !selected.isEmpty else {
                    return .failure(Self.refusal(.invalidMarketIndex, "invalid market index"))
                }
            }
        }
        switch query.get("filter") ?? "all" {
        case "all": break
        case "perp": selected = selected.filter { !$0.isSpot }
        case "spot": selected = selected.filter(\.isSpot)
        default: return .failure(Self.refusal(.invalidParam, "invalid param : filter is all, perp or spot"))
        }
        return .success(selected)
    }
}
