import LighterProtocol

/// The account channels beyond orders and trades: `account_all` (positions, trades, funding,
/// volumes), `account_all_positions`, `account_all_assets` and `user_stats`. A subscription gets
/// the whole picture; every fill of the account then brings one update per channel with what
/// changed, and `user_stats` is refreshed on the stats timer too, as the mark moves the
/// account's value. The account faults hold for them as for the order channels: silence after N
/// seconds, no confirmation, market keys moved.
extension SimulatedExchange {
    /// The account's money now, from its positions and the starting collateral.
    public func accountSummary(account: Int64) -> SimAccountSummary {
        SimAccountSummary(startingCollateral: configuration.startingCollateral, positions: engine.positions(account: account))
    }

    /// How far the wrong-market-keys fault moves market keys in account frames.
    var marketKeyShift: Int { faults.isActive(.wrongMarketKeys) ? 1 : 0 }

    /// The `subscribed/…` frame of an account channel handled here; nil for other channels and
    /// while the no-account-confirm fault holds (updates still flow then).
    func accountChannelSnapshot(for channel: StreamChannel) -> String? {
        guard !faults.isActive(.noAccountConfirm) else { return nil }
        let now = Self.nowMs()
        switch channel {
        case .accountAll(let account):
            let trades = Array(engine.trades(account: account, limit: 50).reversed())
            return accountAllFrame(account: account, snapshot: true, positions: engine.positions(account: account),
                                   trades: trades, activity: engine.activity(account: account, nowMs: now))
        case .accountAllPositions(let account):
            return positionsFrame(account: account, snapshot: true, positions: engine.positions(account: account))
        case .accountAllAssets(let account):
            return assetsFrame(account: account, snapshot: true, nowMs: now)
        case .userStats(let account):
            return userStatsFrame(account: account, snapshot: true, nowMs: now)
        default:
            return nil
        }
    }

    /// After fills: one update per account channel of `account`, carrying the fills and the
    /// positions of the markets they touched.
    func publishAccountChanges(account: Int64, trades: [Trade]) {
        let markets = Set(trades.map(\.marketID))
        let wanted: [StreamChannel] = [.accountAll(account: account), .accountAllPositions(account: account),
                                       .accountAllAssets(account: account), .userStats(account: account)]
        let listeners = sessions.filter { _, session in
            accountFramesAllowed(session) && wanted.contains { session.subscriptions.contains($0) }
        }
        guard !listeners.isEmpty else { return }
        let now = Self.nowMs()
        let positions = engine.positions(account: account).filter { markets.contains($0.marketID) }
        var texts: [StreamChannel: String] = [:]
        texts[.accountAll(account: account)] = accountAllFrame(account: account, snapshot: false, positions: positions,
                                                               trades: trades, activity: nil)
        texts[.accountAllPositions(account: account)] = positionsFrame(account: account, snapshot: false, positions: positions)
        texts[.accountAllAssets(account: account)] = assetsFrame(account: account, snapshot: false, nowMs: now)
        texts[.userStats(account: account)] = userStatsFrame(account: account, snapshot: false, nowMs: now)
        for (id, session) in listeners {
            for channel in wanted where session.subscriptions.contains(channel) {
                if let text = texts[channel] { send(text, to: id) }
            }
        }
    }

    /// Refreshes `user_stats` for its subscribers (positions are valued at a moving mark).
    func publishUserStats() {
        var texts: [Int64: String] = [:]
        let now = Self.nowMs()
        for (id, session) in sessions where accountFramesAllowed(session) {
            for case .userStats(let account) in session.subscriptions {
                if texts[account] == nil { texts[account] = userStatsFrame(account: account, snapshot: false, nowMs: now) }
                if let text = texts[account] { send(text, to: id) }
            }
        }
    }

    // MARK: Frames

    /// `account_all`: positions and trades keyed by market, funding (none is charged), pool
    /// shares (none), and on subscribe the account's trade counts and volumes.
    func accountAllFrame(account: Int64, snapshot: Bool, positions: [SimPosition], trades: [Trade],
                         activity: SimAccountActivity?) -> String {
        let channel = StreamChannel.accountAll(account: account)
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.field("account", account)
        w.field("channel", channel.frameName)
        if let activity {
            for (name, window) in [("daily", activity.daily), ("weekly", activity.weekly), ("monthly", activity.monthly),
                                   ("total", activity.total)] {
                w.field("\(name)_trades_count", window.trades)
                venue.number("\(name)_volume", window.volume.floored(decimals: MarketDecimals.quote), into: &w)
            }
        }
        w.key("funding_histories"); w.beginObject(); w.endObject()
        w.key("positions"); venue.positionMap(positions, shift: marketKeyShift, into: &w)
        w.key("shares"); w.beginArray(); w.endArray()
        w.key("trades"); tradeMap(trades, into: &w)
        w.field("type", snapshot ? "subscribed/account_all" : "update/account_all")
        w.endObject()
        return w.text
    }

    /// `account_all_positions`: every position on subscribe, the changed ones after.
    func positionsFrame(account: Int64, snapshot: Bool, positions: [SimPosition]) -> String {
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.field("channel", StreamChannel.accountAllPositions(account: account).frameName)
        w.key("positions"); venue.positionMap(positions, shift: marketKeyShift, into: &w)
        w.key("shares"); w.beginArray(); w.endArray()
        w.key("last_funding_round"); w.null()
        w.key("last_funding_discount"); w.null()
        w.field("type", snapshot ? "subscribed/account_all_positions" : "update/account_all_positions")
        w.endObject()
        return w.text
    }

    /// `account_all_assets`: balances keyed by asset id; USDC is the collateral.
    func assetsFrame(account: Int64, snapshot: Bool, nowMs: Int64) -> String {
        let summary = accountSummary(account: account)
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.key("assets"); w.beginObject()
        for asset in VenueWriter.assets {
            w.key(String(asset.id))
            venue.asset(asset, summary: summary, into: &w)
        }
        w.endObject()
        w.field("channel", StreamChannel.accountAllAssets(account: account).frameName)
        w.field("timestamp", nowMs)
        w.field("type", snapshot ? "subscribed/account_all_assets" : "update/account_all_assets")
        w.endObject()
        return w.text
    }

    /// `user_stats`: collateral, portfolio value, leverage, margin.
    func userStatsFrame(account: Int64, snapshot: Bool, nowMs: Int64) -> String {
        var w = JSONWriter(capacity: 768)
        w.beginObject()
        w.field("channel", StreamChannel.userStats(account: account).frameName)
        w.key("stats"); venue.stats(accountSummary(account: account), into: &w)
        w.field("timestamp", nowMs)
        w.field("type", snapshot ? "subscribed/user_stats" : "update/user_stats")
        w.endObject()
        return w.text
    }

    /// `{"<market>": [trade, …]}`, oldest first within a market.
    private func tradeMap(_ trades: [Trade], into w: inout JSONWriter) {
        let grouped = Dictionary(grouping: trades, by: \.marketID)
        w.beginObject()
        for market in grouped.keys.sorted() {
            w.key(String(market + marketKeyShift)); w.beginArray()
            for trade in grouped[market] ?? [] { encoder.encode(trade, into: &w) }
            w.endArray()
        }
        w.endObject()
    }
}
