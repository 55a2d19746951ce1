/// `subscribed/trade` (recent history, not new fills) and `update/trade`.
public struct TradesFrame: Sendable, Hashable {
    /// The market of the `trade/{market}` channel.
    public var market: Int
    /// True for `subscribed/trade`.
    public var isSnapshot: Bool
    /// The channel's nonce, when sent.
    public var nonce: Int64?
    /// The trades, oldest first as sent.
    public var trades: [Trade]
    /// Trades of liquidations, sent apart from `trades`.
    public var liquidationTrades: [Trade]
    /// Every field as documented on its property.
    public init(market: Int, isSnapshot: Bool, nonce: Int64?, trades: [Trade], liquidationTrades: [Trade] = []) {
        self.market = market; self.isSnapshot = isSnapshot; self.nonce = nonce; self.trades = trades
        self.liquidationTrades = liquidationTrades
    }
}
