/// `subscribed/account_orders`, `update/account_orders` and their `account_all_orders` twins.
public struct AccountOrdersFrame: Sendable, Hashable {
    /// Which of the two channels the frame came on.
    public var source: AccountOrdersSource
    /// True for a `subscribed/…` frame.
    public var isSnapshot: Bool
    /// The frame's channel as sent (`account_orders:0` or `account_all_orders:1234`).
    public var channel: String
    /// The account the frame is for, when sent.
    public var account: Int64?
    /// The channel's nonce, when sent.
    public var nonce: Int64?
    /// Orders keyed by the market id string, as on the wire. A key that is not the
    /// subscribed market is a finding, so keys are kept as sent.
    public var orders: [String: [Order]]

    /// Every field as documented on its property.
    public init(source: AccountOrdersSource, isSnapshot: Bool, channel: String, account: Int64?, nonce: Int64?,
                orders: [String: [Order]]) {
        self.source = source; self.isSnapshot = isSnapshot; self.channel = channel; self.account = account
        self.nonce = nonce; self.orders = orders
    }

    /// Every order in the frame, markets in ascending key order.
    public var allOrders: [Order] { orders.keys.sorted().flatMap { orders[$0] ?? [] } }
}
