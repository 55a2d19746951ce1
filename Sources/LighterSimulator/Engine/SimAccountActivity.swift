import LighterProtocol

/// What an account traded over the venue's four windows, as `account_all` reports it on
/// subscribe: the number of fills and their value in USDC.
package struct SimAccountActivity: Sendable, Hashable {
    /// One window's count and value.
    package struct Window: Sendable, Hashable {
        /// Fills in the window.
        package var trades: Int64 = 0
        /// Their value in USDC.
        package var volume: FixedDecimal = .zero
        /// A window of `trades` fills worth `volume`.
        package init(trades: Int64 = 0, volume: FixedDecimal = .zero) { self.trades = trades; self.volume = volume }
    }

    /// The last 24 hours.
    package var daily = Window()
    /// The last 7 days.
    package var weekly = Window()
    /// The last 30 days.
    package var monthly = Window()
    /// Since the simulator started, counted apart from the kept history, so it stays right
    /// when old trades are trimmed.
    package var total = Window()

    /// The four windows.
    package init(daily: Window = Window(), weekly: Window = Window(), monthly: Window = Window(), total: Window = Window()) {
        self.daily = daily; self.weekly = weekly; self.monthly = monthly; self.total = total
    }
}

/// An account's running count and USDC value of fills.
struct TradeTotals {
    var count: Int64 = 0
    var volume: FixedDecimal = .zero

    /// Counts a fill; a value that would overflow stops growing rather than trapping.
    mutating func add(_ trade: Trade) {
        count = count &+ 1
        volume = volume.checkedAdding(trade.usdAmount) ?? FixedDecimal(units: .max)
    }
}

extension ExchangeEngine {
    static let dayMs: Int64 = 86_400_000

    /// The account's fills in the last day, week and 30 days (from the kept history, which
    /// covers a simulator run) and since the start.
    package func activity(account: Int64, nowMs: Int64) -> SimAccountActivity {
        var activity = SimAccountActivity()
        if let totals = accountTotals[account] {
            activity.total = .init(trades: totals.count, volume: totals.volume)
        }
        // Newest last: walk back until the widest window is passed.
        for trade in (accountTrades[account] ?? []).reversed() {
            let age = nowMs &- trade.timestamp
            guard age < 30 * Self.dayMs else { break }
            Self.count(trade, into: &activity.monthly)
            if age < 7 * Self.dayMs { Self.count(trade, into: &activity.weekly) }
            if age < Self.dayMs { Self.count(trade, into: &activity.daily) }
        }
        return activity
    }

    private static func count(_ trade: Trade, into window: inout SimAccountActivity.Window) {
        window.trades = window.trades &+ 1
        window.volume = window.volume.checkedAdding(trade.usdAmount) ?? FixedDecimal(units: .max)
    }
}
