/// L2 transaction attributes (Go `txtypes/tx_attributes.go`): at most 4 (type, value) pairs.
public struct L2TxAttributes: Sendable, Hashable {
    public enum Kind: UInt8, Sendable {
        case integratorAccountIndex = 1, integratorTakerFee, integratorMakerFee, skipTxNonce,
             cancelAllMarketIndex, selfTradeBehaviorMode, selfTradeEqualityMode
    }

    public private(set) var values: [UInt8: UInt64] = [:]

    public init() {}
    public init(_ pairs: [Kind: UInt64]) {
        for (k, v) in pairs { values[k.rawValue] = v }
    }

    public static let none = L2TxAttributes()
    public static let skipNonce = L2TxAttributes([.skipTxNonce: 1])

    public var isEmpty: Bool { values.isEmpty }

    /// Ascending type order, matching the hash and Go's sorted map-key JSON.
    var sorted: [(type: UInt8, value: UInt64)] { values.keys.sorted().map { ($0, values[$0] ?? 0) } }

    /// AggregateTxHash: unchanged when empty, else H(txHash ‖ H(4 slots of (type, value), zero padded)).
    func aggregate(_ txHash: Fp5) -> Fp5 {
        if isEmpty { return txHash }
        var elems = [Goldilocks]()
        for (t, v) in sorted.prefix(4) { elems += [Goldilocks(UInt64(t)), Goldilocks(v)] }
        while elems.count < 8 { elems.append(.zero) }
        let attrHash = Poseidon2.hashToFp5(elems)
        return Poseidon2.hashToFp5([txHash.c0, txHash.c1, txHash.c2, txHash.c3, txHash.c4,
                                    attrHash.c0, attrHash.c1, attrHash.c2, attrHash.c3, attrHash.c4])
    }

    /// `null` or `{"4":1}` as the official signer writes it.
    var json: String {
        if isEmpty { return "null" }
        return "{" + sorted.map { "\"\($0.type)\":\($0.value)" }.joined(separator: ",") + "}"
    }
}

/// A signable Lighter L2 transaction. For these four txs the Go `Hash()` element order after
/// the common head equals the JSON (struct) order, so one field list serves both.
public protocol LighterTransaction: Sendable {
    static var txType: UInt8 { get }
    var nonce: Int64 { get }
    var expiredAt: Int64 { get }
    var accountIndex: Int64 { get }
    var apiKeyIndex: UInt8 { get }
    var attributes: L2TxAttributes { get }
    /// Key/value pairs between ApiKeyIndex and ExpiredAt in the JSON, hashed in the same
    /// order after chainId, txType, Nonce, ExpiredAt, AccountIndex, ApiKeyIndex.
    var bodyFields: [(String, Int64)] { get }
}

extension LighterTransaction {
    /// The message that gets signed (lighter-protocol.md §8.5).
    public func messageHash(chainId: UInt32) -> Fp5 {
        // Go casts each integer straight to u64; negative values wrap, then reduce mod p.
        let head: [Int64] = [Int64(chainId), Int64(Self.txType), nonce, expiredAt, accountIndex, Int64(apiKeyIndex)]
        let elems = (head + bodyFields.map(\.1)).map { Goldilocks(UInt64(bitPattern: $0)) }
        return attributes.aggregate(Poseidon2.hashToFp5(elems))
    }

    /// tx_info JSON byte-for-byte as the official signer emits it, with the given 80-byte signature.
    public func txInfoJSON(signature: [UInt8]) -> String {
        var fields: [(String, Int64)] = [("AccountIndex", accountIndex), ("ApiKeyIndex", Int64(apiKeyIndex))]
        fields += bodyFields
        fields += [("ExpiredAt", expiredAt), ("Nonce", nonce)]
        let body = fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
        return "{" + body + ",\"Sig\":\"" + ByteEncoding.base64(signature) + "\",\"L2TxAttributes\":" + attributes.json + "}"
    }
}

public struct CreateOrderTx: LighterTransaction, Hashable {
    public static let txType: UInt8 = 14
    public var accountIndex: Int64
    public var apiKeyIndex: UInt8
    public var marketIndex: Int16
    public var clientOrderIndex: Int64
    public var baseAmount: Int64
    public var price: UInt32
    public var isAsk: UInt8
    public var type: UInt8
    public var timeInForce: UInt8
    public var reduceOnly: UInt8
    public var triggerPrice: UInt32
    public var orderExpiry: Int64
    public var expiredAt: Int64
    public var nonce: Int64
    public var attributes: L2TxAttributes

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

    public var bodyFields: [(String, Int64)] {
        [("MarketIndex", Int64(marketIndex)), ("ClientOrderIndex", clientOrderIndex), ("BaseAmount", baseAmount),
         ("Price", Int64(price)), ("IsAsk", Int64(isAsk)), ("Type", Int64(type)), ("TimeInForce", Int64(timeInForce)),
         ("ReduceOnly", Int64(reduceOnly)), ("TriggerPrice", Int64(triggerPrice)), ("OrderExpiry", orderExpiry)]
    }
}

public struct CancelOrderTx: LighterTransaction, Hashable {
    public static let txType: UInt8 = 15
    public var accountIndex: Int64
    public var apiKeyIndex: UInt8
    public var marketIndex: Int16
    /// Client order index (< 2^48) or exchange order index (>= 2^48).
    public var index: Int64
    public var expiredAt: Int64
    public var nonce: Int64
    public var attributes: L2TxAttributes

    public init(accountIndex: Int64, apiKeyIndex: UInt8, marketIndex: Int16, index: Int64,
                expiredAt: Int64, nonce: Int64, attributes: L2TxAttributes = .none) {
        self.accountIndex = accountIndex; self.apiKeyIndex = apiKeyIndex; self.marketIndex = marketIndex
        self.index = index; self.expiredAt = expiredAt; self.nonce = nonce; self.attributes = attributes
    }

    public var bodyFields: [(String, Int64)] { [("MarketIndex", Int64(marketIndex)), ("Index", index)] }
}

public struct CancelAllOrdersTx: LighterTransaction, Hashable {
    public static let txType: UInt8 = 16
    public var accountIndex: Int64
    public var apiKeyIndex: UInt8
    /// 0 immediate (time 0), 1 scheduled (time = ms deadline), 2 abort scheduled.
    public var timeInForce: UInt8
    public var time: Int64
    public var expiredAt: Int64
    public var nonce: Int64
    public var attributes: L2TxAttributes

    public init(accountIndex: Int64, apiKeyIndex: UInt8, timeInForce: UInt8, time: Int64,
                expiredAt: Int64, nonce: Int64, attributes: L2TxAttributes = .none) {
        self.accountIndex = accountIndex; self.apiKeyIndex = apiKeyIndex; self.timeInForce = timeInForce
        self.time = time; self.expiredAt = expiredAt; self.nonce = nonce; self.attributes = attributes
    }

    public var bodyFields: [(String, Int64)] { [("TimeInForce", Int64(timeInForce)), ("Time", time)] }
}

public struct ModifyOrderTx: LighterTransaction, Hashable {
    public static let txType: UInt8 = 17
    public var accountIndex: Int64
    public var apiKeyIndex: UInt8
    public var marketIndex: Int16
    public var index: Int64
    public var baseAmount: Int64
    public var price: UInt32
    public var triggerPrice: UInt32
    public var expiredAt: Int64
    public var nonce: Int64
    public var attributes: L2TxAttributes

    public init(accountIndex: Int64, apiKeyIndex: UInt8, marketIndex: Int16, index: Int64, baseAmount: Int64,
                price: UInt32, triggerPrice: UInt32, expiredAt: Int64, nonce: Int64, attributes: L2TxAttributes = .none) {
        self.accountIndex = accountIndex; self.apiKeyIndex = apiKeyIndex; self.marketIndex = marketIndex
        self.index = index; self.baseAmount = baseAmount; self.price = price; self.triggerPrice = triggerPrice
        self.expiredAt = expiredAt; self.nonce = nonce; self.attributes = attributes
    }

    public var bodyFields: [(String, Int64)] {
        [("MarketIndex", Int64(marketIndex)), ("Index", index), ("BaseAmount", baseAmount),
         ("Price", Int64(price)), ("TriggerPrice", Int64(triggerPrice))]
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
        guard (0...254).contains(marketIndex) || (2048...4094).contains(marketIndex) else {
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
