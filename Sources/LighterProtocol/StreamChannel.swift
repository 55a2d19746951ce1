/// A Lighter WebSocket channel. Clients subscribe with `/` separators (`order_book/0`);
/// the server names the channel with `:` in its frames (`order_book:0`).
public enum StreamChannel: Sendable, Hashable, CustomStringConvertible {
    case orderBook(market: Int)
    case trade(market: Int)
    /// One market's orders for one account. Requires auth.
    case accountOrders(market: Int, account: Int64)
    /// Every market's orders for one account. Requires auth.
    case accountAllOrders(account: Int64)
    /// Every market's fills for one account: the second fill source.
    case accountAllTrades(account: Int64)
    case accountAllPositions(account: Int64)
    case accountAll(account: Int64)
    case marketStats(market: Int?)
    case height
    /// A channel name LighterHedge does not model; kept verbatim in subscribe form.
    case other(String)

    /// The name a client sends in `subscribe`: `order_book/0`.
    public var subscribeName: String { name(separator: "/") }
    /// The name the server writes in frames: `order_book:0`. For `account_orders` the live
    /// venue omits the account (`account_orders:0`).
    public var frameName: String {
        if case .accountOrders(let market, _) = self { return "account_orders:\(market)" }
        return name(separator: ":")
    }

    public var description: String { subscribeName }

    /// Channels whose subscription must carry an auth token.
    public var requiresAuth: Bool {
        switch self {
        case .accountOrders, .accountAllOrders, .accountAllPositions: return true
        default: return false
        }
    }

    /// The account of an account channel.
    public var account: Int64? {
        switch self {
        case .accountOrders(_, let a), .accountAllOrders(let a), .accountAllTrades(let a),
             .accountAllPositions(let a), .accountAll(let a): return a
        default: return nil
        }
    }

    /// The market of a single-market channel.
    public var market: Int? {
        switch self {
        case .orderBook(let m), .trade(let m), .accountOrders(let m, _): return m
        case .marketStats(let m): return m
        default: return nil
        }
    }

    private func name(separator s: String) -> String {
        switch self {
        case .orderBook(let m): return "order_book\(s)\(m)"
        case .trade(let m): return "trade\(s)\(m)"
        case .accountOrders(let m, let a): return "account_orders\(s)\(m)\(s)\(a)"
        case .accountAllOrders(let a): return "account_all_orders\(s)\(a)"
        case .accountAllTrades(let a): return "account_all_trades\(s)\(a)"
        case .accountAllPositions(let a): return "account_all_positions\(s)\(a)"
        case .accountAll(let a): return "account_all\(s)\(a)"
        case .marketStats(let m): return "market_stats\(s)\(m.map(String.init) ?? "all")"
        case .height: return "height"
        case .other(let raw): return raw
        }
    }

    /// Parses either form (`order_book/0` or `order_book:0`). Returns nil for a known
    /// channel kind with a missing or malformed id, so that the server can answer 30005.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).count > 1
            ? text.split(separator: "/", omittingEmptySubsequences: false)
            : text.split(separator: ":", omittingEmptySubsequences: false)
        guard let kind = parts.first else { return nil }
        let ids = parts.dropFirst()
        func market(_ s: Substring) -> Int? {
            guard let v = Int(s), v >= 0, v <= 4095 else { return nil }
            return v
        }
        func account(_ s: Substring) -> Int64? {
            guard let v = Int64(s), v >= 0, v < (1 << 48) else { return nil }
            return v
        }
        switch (kind, ids.count) {
        case ("order_book", 1):
            guard let m = market(ids[ids.startIndex]) else { return nil }
            self = .orderBook(market: m)
        case ("trade", 1):
            guard let m = market(ids[ids.startIndex]) else { return nil }
            self = .trade(market: m)
        case ("account_orders", 2):
            guard let m = market(ids[ids.startIndex]), let a = account(ids[ids.startIndex + 1]) else { return nil }
            self = .accountOrders(market: m, account: a)
        case ("account_orders", 1):
            // The venue's frames name only the market; the account is unknown here.
            return nil
        case ("account_all_orders", 1):
            guard let a = account(ids[ids.startIndex]) else { return nil }
            self = .accountAllOrders(account: a)
        case ("account_all_trades", 1):
            guard let a = account(ids[ids.startIndex]) else { return nil }
            self = .accountAllTrades(account: a)
        case ("account_all_positions", 1):
            guard let a = account(ids[ids.startIndex]) else { return nil }
            self = .accountAllPositions(account: a)
        case ("account_all", 1):
            guard let a = account(ids[ids.startIndex]) else { return nil }
            self = .accountAll(account: a)
        case ("market_stats", 1):
            let id = ids[ids.startIndex]
            if id == "all" { self = .marketStats(market: nil) }
            else if let m = market(id) { self = .marketStats(market: m) }
            else { return nil }
        case ("height", 0):
            self = .height
        case ("order_book", _), ("trade", _), ("account_orders", _), ("account_all_orders", _),
             ("account_all_trades", _), ("account_all_positions", _), ("account_all", _),
             ("market_stats", _), ("height", _):
            return nil
        default:
            guard !text.isEmpty else { return nil }
            self = .other(String(text.map { $0 == ":" ? "/" : $0 }))
        }
    }
}
