/// The numbers of one periodic health line.
public struct BackpackHealth: Sendable, Hashable {
    /// One subscription and its state.
    public struct Subscription: Sendable, Hashable {
        /// The stream's name.
        public var stream: String
        /// Its state, as `BackpackSubscriptionState` words it.
        public var state: String
        /// A subscription line.
        public init(stream: String, state: String) { self.stream = stream; self.state = state }
    }

    /// Frames per second by stream (`depth.ETH_USDC_PERP`). A rate, not money.
    public var framesPerSecond: [String: Double]
    /// In the order they were sent.
    public var subscriptions: [Subscription]
    /// The book's last update id; nil while unsynced.
    public var bookUpdateID: Int64?
    /// Fills reported so far in the run.
    public var fills: Int
    /// Reconnects so far in the run.
    public var reconnects: Int
    /// Seconds without any live fill source during the run; nil when no account is followed.
    public var blindSeconds: Int64?

    /// The numbers of one health line.
    public init(framesPerSecond: [String: Double], subscriptions: [Subscription], bookUpdateID: Int64?,
                fills: Int, reconnects: Int, blindSeconds: Int64?) {
        self.framesPerSecond = framesPerSecond; self.subscriptions = subscriptions; self.bookUpdateID = bookUpdateID
        self.fills = fills; self.reconnects = reconnects; self.blindSeconds = blindSeconds
    }
}
