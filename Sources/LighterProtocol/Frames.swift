/// One price level: an absolute size at a price. Size zero in an update deletes the level.
public struct PriceLevel: Sendable, Hashable {
    public var price: FixedDecimal
    public var size: FixedDecimal
    public init(price: FixedDecimal, size: FixedDecimal) { self.price = price; self.size = size }
}

/// `subscribed/order_book` (a full snapshot) or `update/order_book` (changed levels).
public struct OrderBookFrame: Sendable, Hashable {
    public var market: Int
    public var isSnapshot: Bool
    /// Increases, but not by one: never a gap detector.
    public var offset: Int64
    public var nonce: Int64
    /// The nonce the book must be at for this update to apply; 0 (or absent) in a snapshot.
    public var beginNonce: Int64?
    public var asks: [PriceLevel]
    public var bids: [PriceLevel]
    /// Milliseconds.
    public var timestamp: Int64?
    /// Microseconds.
    public var lastUpdatedAt: Int64?
    public var code: Int

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
        public var market: Int
        public var isSnapshot: Bool
        public var offset: Int64
        public var nonce: Int64
        public var beginNonce: Int64?
        public var timestamp: Int64?
        public var lastUpdatedAt: Int64?
        public var code: Int

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

/// Which account-order channel a frame came on.
public enum AccountOrdersSource: Sendable, Hashable {
    /// `account_orders/{market}/{account}`.
    case accountOrders
    /// `account_all_orders/{account}`.
    case accountAllOrders
}

/// `subscribed/account_orders`, `update/account_orders` and their `account_all_orders` twins.
public struct AccountOrdersFrame: Sendable, Hashable {
    public var source: AccountOrdersSource
    public var isSnapshot: Bool
    /// The frame's channel as sent (`account_orders:0` or `account_all_orders:1234`).
    public var channel: String
    public var account: Int64?
    public var nonce: Int64?
    /// Orders keyed by the market id string, as on the wire. A key that is not the
    /// subscribed market is a finding, so keys are kept as sent.
    public var orders: [String: [Order]]

    public init(source: AccountOrdersSource, isSnapshot: Bool, channel: String, account: Int64?, nonce: Int64?,
                orders: [String: [Order]]) {
        self.source = source; self.isSnapshot = isSnapshot; self.channel = channel; self.account = account
        self.nonce = nonce; self.orders = orders
    }

    /// Every order in the frame, markets in ascending key order.
    public var allOrders: [Order] { orders.keys.sorted().flatMap { orders[$0] ?? [] } }
}

/// `subscribed/account_all_trades` and `update/account_all_trades`.
public struct AccountTradesFrame: Sendable, Hashable {
    public var isSnapshot: Bool
    public var channel: String
    public var trades: [String: [Trade]]
    public init(isSnapshot: Bool, channel: String, trades: [String: [Trade]]) {
        self.isSnapshot = isSnapshot; self.channel = channel; self.trades = trades
    }
    public var allTrades: [Trade] { trades.keys.sorted().flatMap { trades[$0] ?? [] } }
}

/// `subscribed/trade` (recent history, not new fills) and `update/trade`.
public struct TradesFrame: Sendable, Hashable {
    public var market: Int
    public var isSnapshot: Bool
    public var nonce: Int64?
    public var trades: [Trade]
    public var liquidationTrades: [Trade]
    public init(market: Int, isSnapshot: Bool, nonce: Int64?, trades: [Trade], liquidationTrades: [Trade] = []) {
        self.market = market; self.isSnapshot = isSnapshot; self.nonce = nonce; self.trades = trades
        self.liquidationTrades = liquidationTrades
    }
}

/// An error frame: `{"error":{"code":30005,"message":"..."}}`, with or without `type`.
public struct ErrorFrame: Sendable, Hashable, Error {
    public var code: Int?
    public var message: String
    /// The request id echoed by `jsonapi/sendtx` rejections.
    public var id: String?
    public init(code: Int?, message: String, id: String? = nil) {
        self.code = code; self.message = message; self.id = id
    }
}

/// The reply to `jsonapi/sendtx`.
public struct TxResultFrame: Sendable, Hashable {
    public var code: Int
    public var id: String?
    public var txHash: String
    public var predictedExecutionTimeMs: Int64?
    public init(code: Int, id: String?, txHash: String, predictedExecutionTimeMs: Int64?) {
        self.code = code; self.id = id; self.txHash = txHash; self.predictedExecutionTimeMs = predictedExecutionTimeMs
    }
}

/// Every frame a Lighter server sends that a hedge bot meets.
public enum ServerFrame: Sendable, Hashable {
    case connected(sessionID: String)
    case orderBook(OrderBookFrame)
    case accountOrders(AccountOrdersFrame)
    case accountTrades(AccountTradesFrame)
    case trades(TradesFrame)
    case ping
    case pong
    case unsubscribed(channel: String)
    case shutdown(closeInMs: Int64?)
    case error(ErrorFrame)
    case txResult(TxResultFrame)
    /// A `subscribed/*` or `update/*` frame of a channel not modelled here (market_stats, height, ...).
    case otherChannel(type: String, channel: String, raw: String)
    /// Valid JSON LighterHedge does not recognise; `raw` is the frame as received.
    case unknown(type: String?, raw: String)

    /// The frame's `type` as the guide's log lines name it (`subscribed/order_book`, `error`).
    public var typeName: String {
        switch self {
        case .connected: "connected"
        case .orderBook(let f): f.isSnapshot ? "subscribed/order_book" : "update/order_book"
        case .accountOrders(let f):
            switch f.source {
            case .accountOrders: f.isSnapshot ? "subscribed/account_orders" : "update/account_orders"
            case .accountAllOrders: f.isSnapshot ? "subscribed/account_all_orders" : "update/account_all_orders"
            }
        case .accountTrades(let f): f.isSnapshot ? "subscribed/account_all_trades" : "update/account_all_trades"
        case .trades(let f): f.isSnapshot ? "subscribed/trade" : "update/trade"
        case .ping: "ping"
        case .pong: "pong"
        case .unsubscribed: "unsubscribed"
        case .shutdown: "shutdown"
        case .error: "error"
        case .txResult: "jsonapi/sendtx"
        case .otherChannel(let type, _, _): type
        case .unknown(let type, _): type ?? "unknown"
        }
    }
}

/// A frame that could not be decoded at all (not JSON, truncated, wrong shapes).
public struct FrameDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    /// Byte offset where decoding stopped.
    public var offset: Int
    public init(reason: String, offset: Int) { self.reason = reason; self.offset = offset }
    public var description: String { "\(reason) at byte \(offset)" }
}

/// Messages a client sends.
public enum ClientMessage: Sendable, Hashable {
    case subscribe(channel: String, auth: String?)
    case unsubscribe(channel: String)
    case ping
    case pong
    /// `tx_info` is a JSON object on the wire; `txInfoJSON` holds its text.
    case sendTx(id: String?, txType: Int, txInfoJSON: String)
    /// Both lists are JSON-encoded strings on the wire; here decoded.
    case sendTxBatch(id: String?, txTypes: [Int], txInfoJSONs: [String])
}
