import LighterProtocol

/// The public channels beyond books and trades: `market_stats/{m}`, `market_stats/all` (every
/// perp in one map keyed by market id) and `height`. Tickers go out on the stats timer, the
/// height whenever a book tick made new blocks.
extension SimulatedExchange {
    /// The `subscribed/…` frame of a market channel handled here; nil for other channels.
    func marketChannelSnapshot(for channel: StreamChannel) -> String? {
        let now = Self.nowMs()
        switch channel {
        case .marketStats(let market):
            return marketStatsFrame(market: market, snapshot: true, nowMs: now)
        case .height:
            return heightFrame(snapshot: true, nowMs: now)
        default:
            return nil
        }
    }

    /// The stats timer: tickers to `market_stats` subscribers, account figures to `user_stats`.
    func publishStats() {
        let now = Self.nowMs()
        var texts: [Int?: String] = [:]
        for (id, session) in sessions {
            for case .marketStats(let market) in session.subscriptions {
                if texts[market] == nil { texts[market] = marketStatsFrame(market: market, snapshot: false, nowMs: now) }
                if let text = texts[market] { send(text, to: id) }
            }
        }
        publishUserStats()
    }

    /// Sends the block height to `height` subscribers when it moved since the last one sent.
    func publishHeight(nowMs: Int64) {
        guard engine.blockHeight != publishedHeight else { return }
        let listeners = sessions.filter { $0.value.subscriptions.contains(.height) }.map(\.key)
        guard !listeners.isEmpty else { return }
        publishedHeight = engine.blockHeight
        let text = heightFrame(snapshot: false, nowMs: nowMs)
        for id in listeners { send(text, to: id) }
    }

    /// One market's ticker, or every perp's keyed by market id when `market` is nil.
    func marketStatsFrame(market: Int?, snapshot: Bool, nowMs: Int64) -> String? {
        let stats = market.map { engine.marketStats(market: $0, nowMs: nowMs).map { [$0] } ?? [] }
            ?? engine.allMarketStats(nowMs: nowMs)
        guard market == nil || !stats.isEmpty else { return nil }
        var w = JSONWriter(capacity: 512 * max(1, stats.count))
        w.beginObject()
        w.field("channel", StreamChannel.marketStats(market: market).frameName)
        w.key("market_stats")
        if market == nil {
            w.beginObject()
            for entry in stats {
                w.key(String(entry.marketID))
                venue.marketStats(entry, nowMs: nowMs, into: &w)
            }
            w.endObject()
        } else if let entry = stats.first {
            venue.marketStats(entry, nowMs: nowMs, into: &w)
        }
        w.field("type", snapshot ? "subscribed/market_stats" : "update/market_stats")
        w.endObject()
        return w.text
    }

    func heightFrame(snapshot: Bool, nowMs: Int64) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("channel", "height")
        w.field("height", engine.blockHeight)
        w.field("timestamp", nowMs)
        w.field("type", snapshot ? "subscribed/height" : "update/height")
        w.endObject()
        return w.text
    }
}
