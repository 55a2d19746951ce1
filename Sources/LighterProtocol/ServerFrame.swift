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

    /// `typeName` of a book update (not a snapshot).
    public static let bookUpdateTypeName = "update/order_book"

    /// The frame's `type` as the guide's log lines name it (`subscribed/order_book`, `error`).
    public var typeName: String {
        switch self {
        case .connected: "connected"
        case .orderBook(let f): f.isSnapshot ? "subscribed/order_book" : Self.bookUpdateTypeName
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
