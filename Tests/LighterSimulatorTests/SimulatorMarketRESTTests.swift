import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// The public market endpoints in the venue's shapes (the live captures in the reference):
/// field names, which values are decimal strings and which bare numbers, and what the
/// simulator's own book and fills put in them.
@Suite(.serialized) struct SimulatorMarketRESTTests {
    @Test func rootStatusAndUnknownPaths() async throws {
        try await withSimulator { endpoints, _ in
            let status = try await VenueJSON.request(endpoints.httpURL + "/")
            #expect(status.status == 200)
            #expect(status.json["status"]?.int == 200 && status.json["network_id"]?.int == 1)
            let now = Int64(Date().timeIntervalSince1970)
            #expect(abs((status.json["timestamp"]?.int ?? 0) - now) <= 5, "seconds, not milliseconds")

            for path in ["/api/v1/noSuchThing", "/api/v2/orderBooks", "/elsewhere"] {
                let response = try await httpRequest(endpoints.httpURL + path)
                #expect(response.status == 404, "\(path)")
                #expect(response.body == "404 page not found\n", "\(path)")
            }
        }
    }

    @Test func orderBooksAndDetailsListEveryMarket() async throws {
        try await withSimulator { endpoints, _ in
            let books = try await VenueJSON.request(endpoints.httpURL + "/api/v1/orderBooks")
            #expect(books.json["code"]?.int == 200)
            let list = books.json["order_books"]?.array ?? []
            #expect(list.compactMap { $0["market_id"]?.int } == [0, 1, 2, 2048])
            let eth = list.first
            #expect(eth?.missing(["symbol", "market_type", "base_asset_id", "quote_asset_id", "status", "taker_fee",
                                  "maker_fee", "min_base_amount", "min_quote_amount", "order_quote_limit",
                                  "supported_size_decimals", "supported_price_decimals", "supported_quote_decimals"]) == [])
            #expect(eth?["min_base_amount"]?.string == "0.0050" && eth?["supported_size_decimals"]?.int == 4)

            let details = try await VenueJSON.request(endpoints.httpURL + "/api/v1/orderBookDetails")
            #expect(details.json["code"]?.int == 200)
            let perps = details.json["order_book_details"]?.array ?? []
            let spots = details.json["spot_order_book_details"]?.array ?? []
            #expect(perps.compactMap { $0["symbol"]?.string } == ["ETH", "BTC", "SOL"])
            #expect(spots.compactMap { $0["symbol"]?.string } == ["ETH/USDC"])
            guard let detail = perps.first else { return }
            #expect(detail.missing(["size_decimals", "price_decimals", "quote_multiplier", "default_initial_margin_fraction",
                                    "maintenance_margin_fraction", "daily_chart", "market_config", "strategy_index"]) == [])
            // The live capture's value types: decimal strings for limits, bare numbers for statistics.
            for key in ["last_trade_price", "daily_base_token_volume", "daily_quote_token_volume", "daily_price_low",
                        "daily_price_high", "daily_price_change", "open_interest"] {
                #expect(detail[key]?.isNumber == true, "\(key)")
            }
            #expect(detail["size_decimals"]?.int == 4 && detail["price_decimals"]?.int == 2)
            #expect(detail["market_config"]?["insurance_fund_account_index"]?.int == 281_474_976_710_655)

            // One market, a filter, and the refusals.
            let one = try await VenueJSON.request(endpoints.httpURL + "/api/v1/orderBookDetails?market_id=1")
            #expect((one.json["order_book_details"]?.array ?? []).compactMap { $0["market_id"]?.int } == [1])
            #expect(one.json["spot_order_book_details"]?.array?.isEmpty == true)
            let perpOnly = try await VenueJSON.request(endpoints.httpURL + "/api/v1/orderBooks?filter=perp")
            #expect((perpOnly.json["order_books"]?.array ?? []).count == 3)
            let unknown = try await VenueJSON.request(endpoints.httpURL + "/api/v1/orderBooks?market_id=77")
            #expect(unknown.status == 400 && unknown.json["code"]?.int == 21602)
            let badFilter = try await VenueJSON.request(endpoints.httpURL + "/api/v1/orderBooks?filter=options")
            #expect(badFilter.status == 400 && badFilter.json["code"]?.int == 20001)
        }
    }

    @Test func orderBookOrdersListTheDisplayedBookBestFirst() async throws {
        try await withSimulator({ $0.updatesPerSecond = 2 }) { endpoints, _ in
            // A resting bid of account 3 far below the touch shows up as its own order.
            let tx = createOrderTx(account: 3, market: 0, clientOrderIndex: 42, baseAmount: 70, price: 150_000, isAsk: false,
                                   timeInForce: 1, nonce: 0, orderExpiry: Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000)
            let sent = try await httpRequest(endpoints.httpURL + "/api/v1/sendTx", method: "POST",
                                             body: formEncode([("tx_type", "14"), ("tx_info", tx)]))
            #expect(sent.status == 200, "\(sent.body)")

            let response = try await VenueJSON.request(endpoints.httpURL + "/api/v1/orderBookOrders?market_id=0&limit=250")
            #expect(response.json["code"]?.int == 200)
            let asks = response.json["asks"]?.array ?? []
            let bids = response.json["bids"]?.array ?? []
            #expect(response.json["total_asks"]?.int == Int64(asks.count) && response.json["total_bids"]?.int == Int64(bids.count))
            #expect(asks.count >= 10 && bids.count >= 11)
            let askPrices = asks.compactMap { $0["price"]?.decimal }
            let bidPrices = bids.compactMap { $0["price"]?.decimal }
            #expect(askPrices == askPrices.sorted() && bidPrices == bidPrices.sorted(by: >))
            if let bestAsk = askPrices.first, let bestBid = bidPrices.first { #expect(bestBid < bestAsk) }
            let first = asks.first
            #expect(first?.missing(["order_index", "order_id", "owner_account_index", "initial_base_amount",
                                    "remaining_base_amount", "price", "order_expiry", "transaction_time"]) == [])
            #expect(first?["order_id"]?.string == first?["order_index"]?.int.map(String.init))
            let mine = bids.first { $0["owner_account_index"]?.int == 3 }
            #expect(mine?["price"]?.string == "1500.00" && mine?["remaining_base_amount"]?.string == "0.0070")

            let limited = try await VenueJSON.request(endpoints.httpURL + "/api/v1/orderBookOrders?market_id=0&limit=2")
            #expect(limited.json["asks"]?.array?.count == 2 && limited.json["total_bids"]?.int == 2)
            let spot = try await VenueJSON.request(endpoints.httpURL + "/api/v1/orderBookOrders?market_id=2048&limit=5")
            #expect(spot.status == 200 && spot.json["asks"]?.array?.isEmpty == true)
            for query in ["market_id=0", "market_id=0&limit=0", "market_id=0&limit=251", "limit=5", "market_id=9&limit=5"] {
                let refused = try await httpRequest(endpoints.httpURL + "/api/v1/orderBookOrders?" + query)
                #expect(refused.status == 400, "\(query)")
            }
        }
    }

    @Test func tradesTickersAndAssetsFollowTheFills() async throws {
        try await withSimulator({ $0.updatesPerSecond = 2 }) { endpoints, _ in
            try await VenueJSON.crossing(endpoints, account: 4, client: 1, base: 100, nonce: 0)
            try await VenueJSON.crossing(endpoints, account: 4, client: 2, base: 50, nonce: 1, isAsk: true)

            let recent = try await VenueJSON.request(endpoints.httpURL + "/api/v1/recentTrades?market_id=0&limit=10")
            let trades = recent.json["trades"]?.array ?? []
            #expect(trades.count >= 2)
            #expect(trades.first?.missing(["trade_id", "tx_hash", "type", "market_id", "size", "price", "usd_amount",
                                           "ask_id", "bid_id", "ask_account_id", "bid_account_id", "is_maker_ask",
                                           "block_height", "timestamp"]) == [])
            // Newest first: the sell came last.
            #expect(trades.first?["ask_account_id"]?.int == 4)
            let ids = trades.compactMap { $0["trade_id"]?.int }
            #expect(ids == ids.sorted(by: >))
            for query in ["market_id=0&limit=101", "market_id=0", "limit=5"] {
                #expect(try await httpRequest(endpoints.httpURL + "/api/v1/recentTrades?" + query).status == 400, "\(query)")
            }

            // The same trades through `trades` without an account: public, paged.
            let page = try await VenueJSON.request(endpoints.httpURL + "/api/v1/trades?market_id=0&limit=1")
            #expect(page.json["trades"]?.array?.count == 1 && page.json["next_cursor"]?.string != nil)

            let stats = try await VenueJSON.request(endpoints.httpURL + "/api/v1/exchangeStats")
            #expect(stats.json["code"]?.int == 200 && stats.json["total"]?.int == 3)
            let eth = stats.json["order_book_stats"]?[0]
            #expect(eth?["symbol"]?.string == "ETH")
            #expect((eth?["daily_trades_count"]?.int ?? 0) >= 2)
            for key in ["last_trade_price", "daily_base_token_volume", "daily_quote_token_volume", "daily_price_change"] {
                #expect(eth?[key]?.isNumber == true, "\(key)")
            }
            #expect(stats.json["daily_usd_volume"]?.isNumber == true && (stats.json["daily_trades_count"]?.int ?? 0) >= 2)

            let assets = try await VenueJSON.request(endpoints.httpURL + "/api/v1/assetDetails")
            let list = assets.json["asset_details"]?.array ?? []
            #expect(list.compactMap { $0["symbol"]?.string } == ["ETH", "USDC"])
            #expect(list.last?.missing(["asset_id", "l1_decimals", "decimals", "min_transfer_amount", "min_withdrawal_amount",
                                        "margin_mode", "index_price", "l1_address"]) == [])
            #expect(list.last?["asset_id"]?.int == 3 && list.last?["decimals"]?.int == 6 && list.last?["index_price"]?.string == "1.000000")
            let usdc = try await VenueJSON.request(endpoints.httpURL + "/api/v1/assetDetails?asset_id=3")
            #expect(usdc.json["asset_details"]?.array?.count == 1)
        }
    }
}
