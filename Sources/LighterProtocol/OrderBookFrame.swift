/// `subscribed/order_book` (a full snapshot) or `update/order_book` (changed levels).
public struct OrderBookFrame: Sendable, Hashable {
    /// The market of the `order_book/{market}` channel.
    public var market: Int
    /// True for `subscribed/order_book` (the whole book); false for an update.
    public var isSnapshot: Bool
    /// Increases, but not by one: never a gap detector.
    public var offset: Int64
    /// The book's nonce after this frame.
    public var nonce: Int64
    /// The nonce the book must be at for this update to apply; 0 (or absent) in a snapshot.
    public var beginNonce: Int64?
    /// Ask levels as sent (not necessarily sorted).
    public var asks: [PriceLevel]
    /// Bid levels as sent (not necessarily sorted).
    public var bids: [PriceLevel]
    /// Milliseconds.
    public var timestamp: Int64?
    /// Microseconds.
    public var lastUpdatedAt: Int64?
    /// The frame's `code` (0 when absent).
    public var code: Int

    /// Every field as documented on its property.
    public init(market: Int, isSnapshot: Bool, offset: Int64, nonce: Int64, beginNonce: Int64?,
                asks: [PriceLevel], bids: [PriceLevel], timestamp: Int64? = nil, lastUpdatedAt: Int64? = nil,
                code: Int = 0) {
        self.market = market; self.isSnapshot = isSnapshot; self.offset = offset; self.nonce = nonce
        self.beginNonce = beginNonce; self.asks = asks; self.bids = bids; self.timestamp = timestamp
        self.lastUpdatedAt = lastUpdatedAt; self.code = code
    }

    /// A frame of `header`'s fields and these levels.
    public init(_ header: Header, asks: [PriceLevel], bids: [PriceLevel]) {
        self.init(market: header.market, isSnapshot: header.isSnapshot, offset: header.offset, nonce: header.nonce,
                  beginNonce: header.beginNonce, asks: asks, bids: bids, timestamp: header.timestamp,
                  lastUpdatedAt: header.lastUpdatedAt, code: header.code)
    }

    /// Everything but the levels: what a frame decoded into reused level storage comes back as
    /// (`FrameDecoder.decode(_:levels:)`), so that a replay makes no array per frame.
    public struct Header: Sendable, Hashable {
        /// See `OrderBookFrame.market`.
        public var market: Int
        /// See `OrderBookFrame.isSnapshot`.
        public var isSnapshot: Bool
        /// See `OrderBookFrame.offset`.
        public var offset: Int64
        /// See `OrderBookFrame.nonce`.
        public var nonce: Int64
        /// See `OrderBookFrame.beginNonce`.
        public var beginNonce: Int64?
        /// See `OrderBookFrame.timestamp`.
        public var timestamp: Int64?
        /// See `OrderBookFrame.lastUpdatedAt`.
        public var lastUpdatedAt: Int64?
        /// See `OrderBookFrame.code`.
        public var code: Int

        /// Every field as documented on `OrderBookFrame`.
        public init(market: Int, isSnapshot: Bool, offset: Int64, nonce: Int64, beginNonce: Int64?,
                    timestamp: Int64? = nil, lastUpdatedAt: Int64? = nil, code: Int = 0) {
            self.market = market; self.isSnapshot = isSnapshot; self.offset = offset; self.nonce = nonce
            self.beginNonce = beginNonce; self.timestamp = timestamp; self.lastUpdatedAt = lastUpdatedAt; self.code = code
        }
    }

    /// The frame without its levels.
    public var header: Header {
        Header(market: market, isSnapshot: isSnapshot, offset: offset, nonce: nonce, beginNonce: beginNonce,
               timestamp: timestamp, lastUpdatedAt: lastUpdatedAt, code: code)
    }
}
