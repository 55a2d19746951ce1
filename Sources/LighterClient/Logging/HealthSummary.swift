import LighterProtocol
import StreamKit
import Logging

/// The numbers of one periodic health line.
public struct HealthSummary: Sendable, Hashable {
    /// One subscription and its state, as the health line lists it.
    public struct Subscription: Sendable, Hashable {
        /// Subscribe form: `order_book/0`, `account_orders/0/7`.
        public var channel: String
        /// `confirmed`, `pending`, `failed(20013)`, ...
        public var state: String
        /// A subscription of `channel` in `state`.
        public init(channel: String, state: String) { self.channel = channel; self.state = state }
    }

    /// Messages per second by frame type (`update/order_book`). A rate, not money: Double is fine.
    public var messagesPerSecond: [String: Double]
    /// In the order to print them.
    public var subscriptions: [Subscription]
    /// Nil before the first token.
    public var tokenAgeSeconds: Int64?
    /// Fills reported so far in the run.
    public var fills: Int
    /// Printed only when given.
    public var reconnects: Int?
    /// Seconds without any live fill source during the run; printed only when given.
    public var blindSeconds: Int64?

    /// Every field as documented on its property; `blindSeconds` is set apart.
    public init(messagesPerSecond: [String: Double], subscriptions: [Subscription], tokenAgeSeconds: Int64?,
                fills: Int, reconnects: Int? = nil) {
        self.messagesPerSecond = messagesPerSecond; self.subscriptions = subscriptions
        self.tokenAgeSeconds = tokenAgeSeconds; self.fills = fills; self.reconnects = reconnects
    }
}
