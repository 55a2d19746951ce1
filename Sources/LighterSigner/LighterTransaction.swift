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
    package func messageHash(chainId: UInt32) -> Fp5 {
        // Go casts each integer straight to u64; negative values wrap, then reduce mod p.
        let head: [Int64] = [Int64(chainId), Int64(Self.txType), nonce, expiredAt, accountIndex, Int64(apiKeyIndex)]
        let elems = (head + bodyFields.map(\.1)).map { Goldilocks(UInt64(bitPattern: $0)) }
        return attributes.aggregate(Poseidon2.hashToFp5(elems))
    }

    /// tx_info JSON byte-for-byte as the official signer emits it, with the given 80-byte signature.
    package func txInfoJSON(signature: [UInt8]) -> String {
        var fields: [(String, Int64)] = [("AccountIndex", accountIndex), ("ApiKeyIndex", Int64(apiKeyIndex))]
        fields += bodyFields
        fields += [("ExpiredAt", expiredAt), ("Nonce", nonce)]
        let body = fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
        return "{" + body + ",\"Sig\":\"" + ByteEncoding.base64(signature) + "\",\"L2TxAttributes\":" + attributes.json + "}"
    }
}
