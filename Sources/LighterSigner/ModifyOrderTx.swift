/// Lighter's modify-order transaction (type 17): changes the size and prices of a resting order.
public struct ModifyOrderTx: LighterTransaction, Hashable {
    /// The transaction type on the wire (`tx_type`).
    public static let txType: UInt8 = 17
    /// The account that owns the order.
    public var accountIndex: Int64
    /// The API key (0-254) whose private key signs.
    public var apiKeyIndex: UInt8
    /// The order's market.
    public var marketIndex: Int16
    /// Client order index (< 2^48) or exchange order index (>= 2^48) of the order to change.
    public var index: Int64
    /// New size in lots of the market's size decimals.
    public var baseAmount: Int64
    /// New limit price in ticks of the market's price decimals.
    public var price: UInt32
    /// New trigger price in ticks; 0 for a non-trigger order.
    public var triggerPrice: UInt32
    /// The transaction's deadline in ms since the epoch: the venue will not execute it later.
    public var expiredAt: Int64
    /// The API key's next nonce.
    public var nonce: Int64
    /// Optional L2 attributes, hashed and sent with the transaction.
    public var attributes: L2TxAttributes

    /// Fields in wire units as documented on each property.
    public init(accountIndex: Int64, apiKeyIndex: UInt8, marketIndex: Int16, index: Int64, baseAmount: Int64,
                price: UInt32, triggerPrice: UInt32, expiredAt: Int64, nonce: Int64, attributes: L2TxAttributes = .none) {
        self.accountIndex = accountIndex; self.apiKeyIndex = apiKeyIndex; self.marketIndex = marketIndex
        self.index = index; self.baseAmount = baseAmount; self.price = price; self.triggerPrice = triggerPrice
        self.expiredAt = expiredAt; self.nonce = nonce; self.attributes = attributes
    }

    /// The modified fields, in hash and JSON order.
    public var bodyFields: [(String, Int64)] {
        [("MarketIndex", Int64(marketIndex)), ("Index", index), ("BaseAmount", baseAmount),
         ("Price", Int64(price)), ("TriggerPrice", Int64(triggerPrice))]
    }
}
