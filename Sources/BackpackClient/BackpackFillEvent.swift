import BackpackProtocol
import LighterProtocol

/// One fill of one of our orders on Backpack, reported exactly once whichever source showed it
/// first (the `account.orderUpdate` stream or the fills history). A fill is known by its
/// market and trade id.
public struct BackpackFillEvent: Sendable, Hashable, Codable {
    /// Where the fill was first seen.
    public enum Source: String, Sendable, Hashable, Codable {
        /// An `orderFill` event of `account.orderUpdate`.
        case orderUpdate = "account.orderUpdate"
        /// `GET /wapi/v1/history/fills` (reconciliation).
        case rest
    }

    /// The trade id (`t` on the stream, `tradeId` in the history).
    public var tradeID: Int64
    /// The venue's order id.
    public var orderID: String
    /// Our client id, when the order had one.
    public var clientID: UInt32?
    /// The market.
    public var symbol: String
    /// The side of our order.
    public var side: BackpackSide
    /// This fill's price.
    public var price: FixedDecimal
    /// This fill's quantity.
    public var quantity: FixedDecimal
    /// The fee charged for this fill, in `feeSymbol`.
    public var fee: FixedDecimal
    /// The fee's asset (`USDC`).
    public var feeSymbol: String
    /// True when our order was resting (the maker).
    public var isMaker: Bool
    /// The order's cumulative filled quantity after this fill, and its quantity, when the
    /// stream said (history rows do not).
    public var orderFilled: FixedDecimal?
    /// The order's quantity, when the stream said.
    public var orderQuantity: FixedDecimal?
    /// The order's status after this fill (wire spelling), when known.
    public var status: String?
    /// Milliseconds since the epoch, venue time.
    public var timeMs: Int64
    /// Which source showed the fill first.
    public var source: Source
    /// True when the stream did not show the fill (the socket was down, or the stream silent)
    /// and reconciliation found it.
    public var recovered: Bool

    /// A fill from its fields.
    public init(tradeID: Int64, orderID: String, clientID: UInt32?, symbol: String, side: BackpackSide,
                price: FixedDecimal, quantity: FixedDecimal, fee: FixedDecimal, feeSymbol: String, isMaker: Bool,
                orderFilled: FixedDecimal? = nil, orderQuantity: FixedDecimal? = nil, status: String? = nil,
                timeMs: Int64, source: Source, recovered: Bool) {
        self.tradeID = tradeID; self.orderID = orderID; self.clientID = clientID; self.symbol = symbol
        self.side = side; self.price = price; self.quantity = quantity; self.fee = fee; self.feeSymbol = feeSymbol
        self.isMaker = isMaker; self.orderFilled = orderFilled; self.orderQuantity = orderQuantity
        self.status = status; self.timeMs = timeMs; self.source = source; self.recovered = recovered
    }

    /// The fill an `orderFill` event carries; nil for any other event.
    public init?(update: BackpackOrderUpdate) {
        guard update.event == .orderFill, let fill = update.fill else { return nil }
        self.init(tradeID: fill.tradeID, orderID: update.orderID, clientID: update.clientID, symbol: update.symbol,
                  side: update.side, price: fill.price, quantity: fill.quantity, fee: fill.fee, feeSymbol: fill.feeSymbol,
                  isMaker: fill.isMaker, orderFilled: update.executedQuantity, orderQuantity: update.quantity,
                  status: update.status.wire, timeMs: update.engineTime / 1000, source: .orderUpdate, recovered: false)
    }

    /// A row of the fills history, found by reconciliation.
    public init(history row: BackpackFill) {
        self.init(tradeID: row.tradeID, orderID: row.orderID, clientID: row.clientID.flatMap { UInt32($0) },
                  symbol: row.symbol, side: row.side, price: row.price, quantity: row.quantity, fee: row.fee,
                  feeSymbol: row.feeSymbol, isMaker: row.isMaker, timeMs: row.timestamp, source: .rest, recovered: true)
    }

    /// `buy` or `sell`.
    public var sideWord: String { side == .bid ? "buy" : "sell" }

    /// What makes a fill the same fill.
    public var key: BackpackTradeKey { BackpackTradeKey(symbol: symbol, tradeID: tradeID) }
}

/// A fill's identity: trade ids are counted per market.
public struct BackpackTradeKey: Sendable, Hashable, Codable {
    /// The market.
    public var symbol: String
    /// The trade id, counted per market.
    public var tradeID: Int64

    /// The key of trade `tradeID` in `symbol`.
    public init(symbol: String, tradeID: Int64) { self.symbol = symbol; self.tradeID = tradeID }
}
