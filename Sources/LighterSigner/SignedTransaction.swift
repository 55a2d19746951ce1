/// Output of signing one L2 transaction: what `sendTx` carries plus the hash the server will report.
public struct SignedTransaction: Sendable, Hashable {
    /// The transaction type (`tx_type` of `sendTx`).
    public let txType: UInt8
    /// The transaction JSON with its signature (`tx_info` of `sendTx`), byte for byte as the official
    /// signer writes it.
    public let txInfo: String
    /// Lowercase hex of the 40-byte message hash (the venue's tx_hash).
    public let txHash: String
}
