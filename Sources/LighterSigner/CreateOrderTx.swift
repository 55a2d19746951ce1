import LighterProtocol

/// Lighter's create-order transaction (type 14). Integers are the wire's: `baseAmount` in lots of
/// the market's size decimals, prices in ticks of its price decimals, times in milliseconds since
/// the epoch. `signerRuleViolation` says what the official signer would refuse.
public struct CreateOrderTx: LighterTransaction, Hashable {
    /// The transaction type on the wire (`tx_type`).
    public static let txType: UInt8 = 14
    /// The account that places the order.
    public var accountIndex: Int64
    /// The API key (0-254) whose private key signs.
    public var apiKeyIndex: UInt8
    /// The market: perps 0-254, spot 2048-4094.
    public var marketIndex: Int16
    /// The caller's id for the order, 1 to 2^48-1 (0: none); cancels may name the order by it.
    public var clientOrderIndex: Int64
    /// Size in lots (`size` × 10^sizeDecimals); 0 only for a reduce-only order.
    public var baseAmount: Int64
    /// Limit price (for a market order the worst acceptable one) in ticks (`price` × 10^priceDecimals).
    public var price: UInt32
    /// 1 for a sell, 0 for a buy.
    public var isAsk: UInt8
    /// Order type: 0 limit, 1 market, 2-6 the trigger kinds (stop-loss, take-profit and their limit
    /// forms, TWAP), which need `triggerPrice` and `orderExpiry`.
    public var type: UInt8
    /// 0 immediate-or-cancel, 1 good-till-time, 2 post-only.
    public var timeInForce: UInt8
    /// 1 when the order may only shrink the position.
    public var reduceOnly: UInt8
    /// Trigger price in ticks for trigger orders; 0 otherwise.
    public var triggerPrice: UInt32
    /// When a resting order expires, in ms since the epoch; 0 for an immediate-or-cancel order.
    public var orderExpiry: Int64
    /// The transaction's own deadline in ms since the epoch: the venue will not execute it later.
    public var expiredAt: Int64
    /// The API key's next nonce; each signed transaction must use the next one.
    public var nonce: Int64
    /// Optional L2 attributes (integrator fees, skip-nonce, …); hashed and sent with the transaction.
    public var attributes: L2TxAttributes

    /// Fields in wire units as documented on each property; nothing is checked here (see
    /// `signerRuleViolation`).
    public init(accountIndex: Int64, apiKeyIndex: UInt8, marketIndex: Int16, clientOrderIndex: Int64,
                baseAmount: Int64, price: UInt32, isAsk: UInt8, type: UInt8, timeInForce: UInt8,
                reduceOnly: UInt8, triggerPrice: UInt32, orderExpiry: Int64, expiredAt: Int64, nonce: Int64,
                attributes: L2TxAttributes = .none) {
        self.accountIndex = accountIndex; self.apiKeyIndex = apiKeyIndex; self.marketIndex = marketIndex
        self.clientOrderIndex = clientOrderIndex; self.baseAmount = baseAmount; self.price = price
        self.isAsk = isAsk; self.type = type; self.timeInForce = timeInForce; self.reduceOnly = reduceOnly
        self.triggerPrice = triggerPrice; self.orderExpiry = orderExpiry; self.expiredAt = expiredAt
        self.nonce = nonce; self.attributes = attributes
    }

    /// The order's fields between `ApiKeyIndex` and `ExpiredAt`, in hash and JSON order.
    public var bodyFields: [(String, Int64)] {
        [("MarketIndex", Int64(marketIndex)), ("ClientOrderIndex", clientOrderIndex), ("BaseAmount", baseAmount),
         ("Price", Int64(price)), ("IsAsk", Int64(isAsk)), ("Type", Int64(type)), ("TimeInForce", Int64(timeInForce)),
         ("ReduceOnly", Int64(reduceOnly)), ("TriggerPrice", Int64(triggerPrice)), ("OrderExpiry", orderExpiry)]
    }
}

extension CreateOrderTx {
    /// The first of the official signer's own checks (its `Validate()`, run before signing)
    /// that this order breaks, in words; nil when it passes them all. The exchange checks more
    /// (markets that exist, amounts, nonces): this is only what a signer refuses to sign.
    public var signerRuleViolation: String? {
        let below48 = Int64(1) << 48
        guard (0...(below48 - 2)).contains(accountIndex) else { return "the account index must be 0 to 2^48-2" }
        guard apiKeyIndex <= 254 else { return "the API key index must be 0 to 254" }
        guard MarketIndexClass(Int(marketIndex)) != .invalid else {
            return "the market index must be a perp (0-254) or a spot market (2048-4094)"
        }
        guard (0..<below48).contains(clientOrderIndex) else { return "the client order index must be 0 (none) to 2^48-1" }
        guard (1..<below48).contains(baseAmount) || (baseAmount == 0 && reduceOnly == 1) else {
            return "the size must be 1 to 2^48-1 lots (0 only for a reduce-only order)"
        }
        guard price > 0 else { return "the price must be positive" }
        guard isAsk <= 1, reduceOnly <= 1 else { return "is-ask and reduce-only are 0 or 1" }
        guard type <= 6, timeInForce <= 2 else { return "unknown order type or time in force" }
        switch type {
        case 1:  // market
            guard timeInForce == 0, orderExpiry == 0, triggerPrice == 0 else {
                return "a market order is immediate-or-cancel, with no expiry and no trigger price"
            }
        case 0:  // limit
            guard triggerPrice == 0 else { return "a limit order has no trigger price" }
            if timeInForce == 0 {
                guard orderExpiry == 0 else { return "an immediate-or-cancel order has no expiry" }
            } else {
                guard orderExpiry > 0 else { return "a good-till-time or post-only order needs an expiry (milliseconds since the epoch)" }
            }
        default:
            guard triggerPrice != 0, orderExpiry > 0 else { return "a trigger order needs a trigger price and an expiry" }
        }
        guard expiredAt > 0, expiredAt < below48, nonce >= 0 else { return "the deadline must be 1 to 2^48-1 ms and the nonce not negative" }
        return nil
    }
}
