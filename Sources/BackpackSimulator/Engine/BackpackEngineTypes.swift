import BackpackProtocol
import LighterProtocol

/// What the engine asks the exchange to publish, in the order it happened.
public enum BackpackEngineEvent: Sendable, Hashable {
    case depth(BackpackDepthUpdate)
    case bookTicker(BackpackBookTicker)
    case trade(BackpackTrade)
    /// For the private `account.orderUpdate` streams of `account`.
    case order(account: String, BackpackOrderUpdate)
    /// For the private `account.positionUpdate` streams of `account`.
    case position(account: String, BackpackPositionUpdate)
}

/// A refused request: the HTTP status and the venue's body, JSON or (for payloads that do not
/// parse) plain text.
public struct BackpackRejection: Error, Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// The JSON body, when the refusal has one.
    public var error: BackpackAPIError?
    /// The plain-text body, when the refusal has one.
    public var plainText: String?

    /// Creates a value from its parts.
    public init(status: Int = 400, _ error: BackpackAPIError) { self.status = status; self.error = error }
    /// Creates a value from its parts.
    public init(status: Int = 400, plainText: String) { self.status = status; self.plainText = plainText }

    /// An order body naming a market the venue does not list.
    static let unknownSymbolPayload = BackpackRejection(plainText:
        "Bad Request parse request payload error: failed to parse \"MarketSymbol\": Invalid market symbol (occurred while parsing \"OrderExecutePayload\")")
}

/// An order the engine keeps: the venue's view plus integer price and size.
struct OrderRecord {
    var order: BackpackOrder
    let account: String
    /// Nil for market orders.
    let priceTicks: Int64?
    let quantityLots: Int64
    var filledLots: Int64 = 0

    var remainingLots: Int64 { quantityLots - filledLots }
    var isBuy: Bool { order.side == .bid }
}

/// One account's position in one market: signed lots and the cost basis of what is open.
struct PositionState {
    var lots: Int64 = 0
    /// Quote paid (long) or received (short) for the open lots.
    var cost: FixedDecimal = .zero
    var realized: FixedDecimal = .zero
    var id: String
}

/// Everything the engine knows of one account (an API key).
struct AccountState {
    /// USDC: deposits, realized PnL, fees.
    var collateral: FixedDecimal
    /// Orders that left the book, oldest first.
    var finished: [String] = []
    /// Fills, oldest first.
    var fills: [BackpackFill] = []
    var positions: [String: PositionState] = [:]
}

/// Why a taker stopped short of its quantity.
enum TakeOutcome {
    case filled
    case noLiquidity
    /// The next liquidity was the taker's own resting order (self-trade prevention).
    case selfTrade
    /// The partial-fills fault capped the order.
    case capped
}

/// One side of a fill.
enum FillParty {
    case client(String)
    case synthetic
}

/// A market's trades since the simulator started (its "24 hours").
struct TradeStats {
    var first: FixedDecimal
    var last: FixedDecimal
    var high: FixedDecimal
    var low: FixedDecimal
    var volume: FixedDecimal = .zero
    var quoteVolume: FixedDecimal = .zero
    var count: Int64 = 0

    init(price: FixedDecimal) { first = price; last = price; high = price; low = price }

    mutating func add(price: FixedDecimal, quantity: FixedDecimal, quote: FixedDecimal) {
        last = price
        high = max(high, price)
        low = min(low, price)
        volume += quantity
        quoteVolume += quote
        count += 1
    }
}
