/// A stream name, parsed: `depth.ETH_USDC_PERP`, `depth.200ms.ETH_USDC_PERP`,
/// `bookTicker.…`, `trade.…`, `account.orderUpdate[.…]`, `account.positionUpdate[.…]`, ….
public enum BackpackStream: Sendable, Hashable {
    /// `interval` is nil for the realtime stream, else 200, 600 or 1000 (ms).
    case depth(symbol: String, intervalMs: Int?)
    case bookTicker(symbol: String)
    case trade(symbol: String)
    case markPrice(symbol: String)
    case ticker(symbol: String)
    /// A stream the venue has that this code does not model (`kline.1m.…`, `liquidation`, …).
    case otherPublic(String)
    case orderUpdate(symbol: String?)
    case positionUpdate(symbol: String?)
    case balanceUpdate

    /// Depth windows the venue serves besides realtime.
    public static let depthIntervals = [200, 600, 1000]

    /// Parses a name the way the venue judges it: an unknown stream type is 4006, a depth
    /// window it does not serve 4008. Symbols are not checked here (an unknown symbol gets
    /// silence, not an error).
    public init(parsing name: String) throws(BackpackStreamError) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let kind = parts.first else { throw .invalidStream }
        switch (kind, parts.count) {
        case ("depth", 2) where !parts[1].isEmpty:
            self = .depth(symbol: parts[1], intervalMs: nil)
        case ("depth", 3):
            guard parts[1].hasSuffix("ms"), let ms = Int(parts[1].dropLast(2)), Self.depthIntervals.contains(ms) else {
                throw .invalidDepthWindow
            }
            self = .depth(symbol: parts[2], intervalMs: ms)
        case ("bookTicker", 2): self = .bookTicker(symbol: parts[1])
        case ("trade", 2): self = .trade(symbol: parts[1])
        case ("markPrice", 2): self = .markPrice(symbol: parts[1])
        case ("ticker", 2): self = .ticker(symbol: parts[1])
        case ("kline", 3), ("openInterest", 2), ("externalTicker", 2), ("stockPrice", 2), ("liquidation", 1):
            self = .otherPublic(name)
        case ("account", 2), ("account", 3):
            let symbol = parts.count == 3 ? parts[2] : nil
            switch parts[1] {
            case "orderUpdate": self = .orderUpdate(symbol: symbol)
            case "positionUpdate": self = .positionUpdate(symbol: symbol)
            case "balanceUpdate" where symbol == nil: self = .balanceUpdate
            default: throw .invalidStream
            }
        default:
            throw .invalidStream
        }
    }

    /// The name as sent.
    public var name: String {
        switch self {
        case .depth(let symbol, let interval): interval.map { "depth.\($0)ms.\(symbol)" } ?? "depth.\(symbol)"
        case .bookTicker(let symbol): "bookTicker.\(symbol)"
        case .trade(let symbol): "trade.\(symbol)"
        case .markPrice(let symbol): "markPrice.\(symbol)"
        case .ticker(let symbol): "ticker.\(symbol)"
        case .otherPublic(let name): name
        case .orderUpdate(let symbol): symbol.map { "account.orderUpdate.\($0)" } ?? "account.orderUpdate"
        case .positionUpdate(let symbol): symbol.map { "account.positionUpdate.\($0)" } ?? "account.positionUpdate"
        case .balanceUpdate: "account.balanceUpdate"
        }
    }

    /// Private streams (`account.…`) need the signed subscribe.
    public var isPrivate: Bool {
        switch self {
        case .orderUpdate, .positionUpdate, .balanceUpdate: true
        default: false
        }
    }

    /// The market the stream is about; nil for account-wide and market-less streams.
    public var symbol: String? {
        switch self {
        case .depth(let symbol, _), .bookTicker(let symbol), .trade(let symbol), .markPrice(let symbol),
             .ticker(let symbol):
            symbol
        case .orderUpdate(let symbol), .positionUpdate(let symbol): symbol
        case .otherPublic, .balanceUpdate: nil
        }
    }
}
