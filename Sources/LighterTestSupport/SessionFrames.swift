import LighterProtocol
import LighterSimulator

/// The frames a client subscribed to every market's book and an account's orders and trades
/// would receive from the simulator, made by its engine without a socket: snapshots, then each
/// tick's book updates, the account script's orders as they fill, its fills and the public
/// trades. Deterministic for a seed: a test's input that the test did not write.
public enum SessionFrames {
    /// The markets of every session, and how the server encodes their frames.
    public static let markets = SimMarket.defaults(symbols: ["ETH", "BTC", "SOL"])
    /// The encoder the frames are written with.
    public static let encoder: FrameEncoder = {
        var decimals: [Int: MarketDecimals] = [:]
        for market in markets { decimals[market.id] = MarketDecimals(size: market.sizeDecimals, price: market.priceDecimals) }
        return FrameEncoder(decimals: decimals)
    }()

    /// The frames in the order sent, with the time (ms since 1970) each was sent at.
    public static func frames(seed: UInt64, ticks: Int, levelsPerSide: Int = 10, account: Int64 = 5,
                              scriptIntervalMs: Int64 = 300) -> [(timeMs: Int64, frame: ServerFrame)] {
        let engine = ExchangeEngine(markets: markets, seed: seed, levelsPerSide: levelsPerSide)
        var frames: [(timeMs: Int64, frame: ServerFrame)] = []
        var now: Int64 = 1_790_000_000_000
        for market in markets where !market.isSpot {
            if let snapshot = engine.snapshot(market: market.id, nowMs: now) { frames.append((now, .orderBook(snapshot))) }
        }
        var script = AccountScript(settings: AccountScriptSettings(account: account, market: 0, intervalMs: scriptIntervalMs),
                                   engine: engine)
        for _ in 0..<ticks {
            now += 100
            var events: [ExchangeEvent] = []
            for market in markets where !market.isSpot { events += engine.tick(market: market.id, nowMs: now) }
            for tx in script.due(nowMs: now, engine: engine) {
                if case .success(let accepted) = engine.submit(txType: tx.txType, txInfoJSON: tx.txInfoJSON, nowMs: now) {
                    events += accepted.events
                }
            }
            for event in events {
                switch event {
                case .book(let book):
                    frames.append((now, .orderBook(book)))
                case .orderUpdated(let order):
                    frames.append((now, .accountOrders(AccountOrdersFrame(
                        source: .accountOrders, isSnapshot: false, channel: "account_orders:\(order.marketIndex)",
                        account: order.ownerAccountIndex, nonce: now, orders: [String(order.marketIndex): [order]]))))
                case .trade(let trade):
                    frames.append((now, .accountTrades(AccountTradesFrame(
                        isSnapshot: false, channel: "account_all_trades:\(account)", trades: [String(trade.marketID): [trade]]))))
                    frames.append((now, .trades(TradesFrame(market: trade.marketID, isSnapshot: false, nonce: now, trades: [trade]))))
                }
            }
        }
        return frames
    }

    /// `frames`, encoded as the server sends them.
    public static func make(seed: UInt64, ticks: Int, levelsPerSide: Int = 10,
                            account: Int64 = 5) -> [(timeMs: Int64, text: String)] {
        frames(seed: seed, ticks: ticks, levelsPerSide: levelsPerSide, account: account).map { ($0.timeMs, encoder.encode($0.frame)) }
    }
}
