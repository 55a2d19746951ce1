/// A trade, from `trade/{m}`, `account_all_trades/{a}` or REST.
public struct Trade: Sendable, Hashable {
    /// The venue's trade id.
    public var tradeID: Int64
    /// The hash of the transaction that made the trade.
    public var txHash: String
    /// `trade`, or another kind (such as a liquidation) as the venue spells it.
    public var type: String
    /// The market traded.
    public var marketID: Int
    /// The base amount traded.
    public var size: FixedDecimal
    /// The trade price.
    public var price: FixedDecimal
    /// The quote amount (size × price) in USDC.
    public var usdAmount: FixedDecimal
    /// The venue order index of the selling order.
    public var askID: Int64
    /// The venue order index of the buying order.
    public var bidID: Int64
    /// The client order index of the selling order (0 when it had none).
    public var askClientID: Int64
    /// The client order index of the buying order (0 when it had none).
    public var bidClientID: Int64
    /// The seller's account.
    public var askAccountID: Int64
    /// The buyer's account.
    public var bidAccountID: Int64
    /// True when the resting order was the ask, so the taker bought.
    public var isMakerAsk: Bool
    /// The block the trade is in.
    public var blockHeight: Int64
    /// Milliseconds.
    public var timestamp: Int64
    /// The taker's fee as the venue sends it (an integer in the venue's own fee scale), when sent.
    public var takerFee: Int64?
    /// The maker's fee as the venue sends it (an integer in the venue's own fee scale), when sent.
    public var makerFee: Int64?
    /// Microseconds since the epoch, when sent.
    public var transactionTime: Int64?

    /// Every field as documented on its property.
    public init(tradeID: Int64, txHash: String, type: String = "trade", marketID: Int, size: FixedDecimal,
                price: FixedDecimal, usdAmount: FixedDecimal, askID: Int64, bidID: Int64, askClientID: Int64,
                bidClientID: Int64, askAccountID: Int64, bidAccountID: Int64, isMakerAsk: Bool,
                blockHeight: Int64, timestamp: Int64, takerFee: Int64? = nil, makerFee: Int64? = nil,
                transactionTime: Int64? = nil) {
        self.tradeID = tradeID; self.txHash = txHash; self.type = type; self.marketID = marketID
        self.size = size; self.price = price; self.usdAmount = usdAmount; self.askID = askID; self.bidID = bidID
        self.askClientID = askClientID; self.bidClientID = bidClientID; self.askAccountID = askAccountID
        self.bidAccountID = bidAccountID; self.isMakerAsk = isMakerAsk; self.blockHeight = blockHeight
        self.timestamp = timestamp; self.takerFee = takerFee; self.makerFee = makerFee
        self.transactionTime = transactionTime
    }
}
