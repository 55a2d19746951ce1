/// L2 transaction attributes (Go `txtypes/tx_attributes.go`): at most 4 (type, value) pairs.
public struct L2TxAttributes: Sendable, Hashable {
    /// The attribute types the Go signer knows, with their wire numbers.
    public enum Kind: UInt8, Sendable {
        case integratorAccountIndex = 1, integratorTakerFee, integratorMakerFee, skipTxNonce,
             cancelAllMarketIndex, selfTradeBehaviorMode, selfTradeEqualityMode
    }

    /// Attribute values by wire type number.
    public private(set) var values: [UInt8: UInt64] = [:]

    /// No attributes (the JSON `null`).
    public init() {}
    /// The given attributes; the venue accepts at most four.
    public init(_ pairs: [Kind: UInt64]) {
        for (k, v) in pairs { values[k.rawValue] = v }
    }

    /// No attributes.
    public static let none = L2TxAttributes()
    /// `skipTxNonce = 1`: the nonce may jump ahead of the key's next one (never back).
    public static let skipNonce = L2TxAttributes([.skipTxNonce: 1])

    /// True when no attribute is set (the hash is then the plain transaction hash).
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
