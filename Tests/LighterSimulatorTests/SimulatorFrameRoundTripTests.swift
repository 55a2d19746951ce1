import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// Frames the simulator writes decode back to the values it meant.
@Suite struct SimulatorFrameRoundTripTests {
    @Test func engineEventsSurviveEncodeAndDecode() throws {
        let markets = SimMarket.defaults(symbols: ["ETH", "BTC", "SOL"])
        let engine = ExchangeEngine(markets: markets, seed: 9)
        var decimals: [Int: MarketDecimals] = [:]
        for market in markets { decimals[market.id] = MarketDecimals(size: market.sizeDecimals, price: market.priceDecimals) }
        let encoder = FrameEncoder(decimals: decimals)
        var frames: [ServerFrame] = []
        var now: Int64 = 1_790_000_000_000
        for market in markets where !market.isSpot {
            if let snapshot = engine.snapshot(market: market.id, nowMs: now) { frames.append(.orderBook(snapshot)) }
        }
        var script = AccountScript(settings: AccountScriptSettings(account: 5, market: 0, intervalMs: 200), engine: engine)
        for _ in 0..<300 {
            now += 100
            var events: [EngineEvent] = []
            for market in markets where !market.isSpot { events += engine.tick(market: market.id, nowMs: now) }
            for tx in script.due(nowMs: now, engine: engine) {
                if case .success(let accepted) = engine.submit(txType: tx.txType, txInfoJSON: tx.txInfoJSON, nowMs: now) {
                    events += accepted.events
                }
            }
            for event in events {
                switch event {
                case .book(let book): frames.append(.orderBook(book))
                case .orderUpdated(let order):
                    frames.append(.accountOrders(AccountOrdersFrame(source: .accountOrders, isSnapshot: false,
                        channel: "account_orders:\(order.marketIndex)", account: order.ownerAccountIndex, nonce: now,
                        orders: [String(order.marketIndex): [order]])))
                case .trade(let trade):
                    frames.append(.accountTrades(AccountTradesFrame(isSnapshot: false, channel: "account_all_trades:5",
                                                                    trades: [String(trade.marketID): [trade]])))
                    frames.append(.trades(TradesFrame(market: trade.marketID, isSnapshot: false, nonce: now, trades: [trade])))
                }
            }
        }
        #expect(frames.count > 500)
        #expect(frames.contains { if case .accountOrders = $0 { true } else { false } })
        #expect(frames.contains { if case .trades = $0 { true } else { false } })
        for frame in frames {
            let text = encoder.encode(frame)
            #expect(try FrameDecoder.decode(text) == frame, "\(text)")
        }
    }
}
