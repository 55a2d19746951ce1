/// `subscribed/account_all_trades` and `update/account_all_trades`.
public struct AccountTradesFrame: Sendable, Hashable {
    /// True for `subscribed/account_all_trades`.
    public var isSnapshot: Bool
    /// The frame's channel as sent (`account_all_trades:1234`).
    public var channel: String
    /// Trades keyed by the market id string, as on the wire.
    public var trades: [String: [Trade]]
    /// Every field as documented on its property.
    public init(isSnapshot: Bool, channel: String, trades: [String: [Trade]]) {
        self.isSnapshot = isSnapshot; self.channel = channel; self.trades = trades
    }
    /// Every trade in the frame, markets in ascending key order.
    public var allTrades: [Trade] { trades.keys.sorted().flatMap { trades[$0] ?? [] } }
}
