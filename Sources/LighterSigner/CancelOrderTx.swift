/// Lighter's cancel-order transaction (type 15): cancels one resting order of the account.
public struct CancelOrderTx: LighterTransaction, Hashable {
    /// The transaction type on the wire (`tx_type`).
    public static let txType: UInt8 = 15
    /// The account that owns the order.
    public var accountIndex: Int64
    /// The API key (0-254) whose private key signs.
    public var apiKeyIndex: UInt8
    /// The order's market.
    public var marketIndex: Int16
    /// Client order index (< 2^48) or exchange order index (>= 2^48).
    public var index: Int64
    /// The transaction's deadline in ms since the epoch: the venue will not execute it later.
    public var expiredAt: Int64
    /// The API key's next nonce.
    public var nonce: Int64
    /// Optional L2 attributes, hashed and sent with the transaction.
    public var attributes: L2TxAttributes

    /// Fields in wire units as documented on each property.
    public init(accountIndex: Int64, apiKeyIndex: UInt8, marketIndex: Int16, index: Int64,
                expiredAt: Int64, nonce: Int64, attributes: L2TxAttributes = .none) {
        self.accountIndex = accountIndex; self.apiKeyIndex = apiKeyIndex; self.marketIndex = marketIndex
        self.index = index; self.expiredAt = expiredAt; self.nonce = nonce; self.attributes = attributes
    }

    /// `MarketIndex` and `Index`, in hash and JSON order.
    public var bodyFields: [(String, Int64)] { [("MarketIndex", Int64(marketIndex)), ("Index", index)] }
}
