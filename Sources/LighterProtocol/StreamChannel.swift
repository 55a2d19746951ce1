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
    /// The account's spot balances by asset id.
    case accountAllAssets(account: Int64)
    case accountAll(account: Int64)
    /// The account's collateral, portfolio value, leverage and margin.
    case userStats(account: Int64)
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

    /// The subscribe name (`order_book/0`).
    public var description: String { subscribeName }

    /// Channels whose subscription must carry an auth token.
    public var requiresAuth: Bool {
        switch self {
        case .accountOrders, .accountAllOrders, .accountAllPositions, .accountAllAssets: return true
        default: return false
        }
    }

    /// The account of an account channel.
    public var account: Int64? {
        switch self {
        case .accountOrders(_, let a), .accountAllOrders(let a), .accountAllTrades(let a),
             .accountAllPositions(let a), .accountAllAssets(let a), .accountAll(let a), .userStats(let a): return a
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
        case .accountAllAssets(let a): return "account_all_assets\(s)\(a)"
        case .userStats(let a): return "user_stats\(s)\(a)"
        case .accountAll(let a): return "account_all\(s)\(a)"
        case .marketStats(let m): return "market_stats\(s)\(m.map(String.init) ?? "all")"
        case .height: return "height"
        case .other(let raw): return raw
        }
    }

    /// Parses either form (`order_book/0` or `order_book:0`). Returns nil for a known
    /// channel kind with a missing or malformed id, so that the server can answer 30005.
    public init?(parsing text: String) {
        var text = text
        guard let channel = text.withUTF8({ StreamChannel(parsingUTF8: $0) }) else { return nil }
        self = channel
    }

    /// `init(parsing:)` over UTF-8 bytes, with no String work: log readers call it per line.
    public init?(parsingUTF8 text: UnsafeBufferPointer<UInt8>) {
        let separator = text.contains(UInt8(ascii: "/")) ? UInt8(ascii: "/") : UInt8(ascii: ":")
        // The kind and up to two ids; `partCount` counts them all.
        var parts: (Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0)
        var partCount = 0
        var start = 0
        for i in 0...text.count where i == text.count || text[i] == separator {
            switch partCount {
            case 0: parts.0 = start..<i
            case 1: parts.1 = start..<i
            case 2: parts.2 = start..<i
            default: break
            }
            partCount += 1
            start = i + 1
        }
        let ids = partCount - 1
        func kindIs(_ name: StaticString) -> Bool {
            name.withUTF8Buffer { n in n.count == parts.0.count && n.elementsEqual(text[parts.0]) }
        }
        /// What `Int(_:)` accepts (a sign, then digits), within `limit`.
        func number(_ range: Range<Int>, below limit: Int64) -> Int64? {
            var i = range.lowerBound
            var negative = false
            if i < range.upperBound, text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
                negative = text[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < range.upperBound else { return nil }
            var value: Int64 = 0
            while i < range.upperBound {
                let digit = text[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int64(digit))
                guard !o1, !o2 else { return nil }
                value = plus
                i += 1
            }
            if negative { value = -value }
            return value >= 0 && value < limit ? value : nil
        }
        func market(_ range: Range<Int>) -> Int? { number(range, below: 4096).map { Int($0) } }
        func account(_ range: Range<Int>) -> Int64? { number(range, below: 1 << 48) }

        if kindIs("order_book") || kindIs("trade") {
            guard ids == 1, let m = market(parts.1) else { return nil }
            self = kindIs("trade") ? .trade(market: m) : .orderBook(market: m)
        } else if kindIs("account_orders") {
            // With one id (the venue's frames name only the market) the account is unknown here.
            guard ids == 2, let m = market(parts.1), let a = account(parts.2) else { return nil }
            self = .accountOrders(market: m, account: a)
        } else if kindIs("account_all_orders") || kindIs("account_all_trades") || kindIs("account_all_positions")
                    || kindIs("account_all_assets") || kindIs("account_all") || kindIs("user_stats") {
            guard ids == 1, let a = account(parts.1) else { return nil }
            if kindIs("account_all_orders") {
                self = .accountAllOrders(account: a)
            } else if kindIs("account_all_trades") {
                self = .accountAllTrades(account: a)
            } else if kindIs("account_all_positions") {
                self = .accountAllPositions(account: a)
            } else if kindIs("account_all_assets") {
                self = .accountAllAssets(account: a)
            } else if kindIs("user_stats") {
                self = .userStats(account: a)
            } else {
                self = .accountAll(account: a)
            }
        } else if kindIs("market_stats") {
            guard ids == 1 else { return nil }
            if text[parts.1].elementsEqual("all".utf8) {
                self = .marketStats(market: nil)
            } else if let m = market(parts.1) {
                self = .marketStats(market: m)
            } else {
                return nil
            }
        } else if kindIs("height") {
            guard ids == 0 else { return nil }
            self = .height
        } else {
            guard !text.isEmpty else { return nil }
            self = .other(String(decoding: text.map { $0 == UInt8(ascii: ":") ? UInt8(ascii: "/") : $0 }, as: UTF8.self))
        }
    }
}
