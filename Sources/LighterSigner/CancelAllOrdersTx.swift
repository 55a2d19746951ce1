/// Lighter's cancel-all transaction (type 16): cancels every resting order of the account, now or
/// at a scheduled time.
public struct CancelAllOrdersTx: LighterTransaction, Hashable {
    /// The transaction type on the wire (`tx_type`).
    public static let txType: UInt8 = 16
    /// The account whose orders are canceled.
    public var accountIndex: Int64
    /// The API key (0-254) whose private key signs.
    public var apiKeyIndex: UInt8
    /// 0 immediate (time 0), 1 scheduled (time = ms deadline), 2 abort scheduled.
    public var timeInForce: UInt8
    /// When a scheduled cancel happens (`timeInForce` 1), in ms since the epoch; 0 otherwise.
    public var time: Int64
    /// The transaction's deadline in ms since the epoch: the venue will not execute it later.
    public var expiredAt: Int64
    /// The API key's next nonce.
    public var nonce: Int64
    /// Optional L2 attributes (e.g. `cancelAllMarketIndex`), hashed and sent with the transaction.
    public var attributes: L2TxAttributes

    /// Fields in wire units as documented on each property.
    public init(accountIndex: Int64, apiKeyIndex: UInt8, timeInForce: UInt8, time: Int64,
                expiredAt: Int64, nonce: Int64, attributes: L2TxAttributes = .none) {
        self.accountIndex = accountIndex; self.apiKeyIndex = apiKeyIndex; self.timeInForce = timeInForce
        self.time = time; self.expiredAt = expiredAt; self.nonce = nonce; self.attributes = attributes
    }

    /// `TimeInForce` and `Time`, in hash and JSON order.
    public var bodyFields: [(String, Int64)] { [("TimeInForce", Int64(timeInForce)), ("Time", time)] }
}
