/// Signs Lighter L2 transactions for one API key on one chain (304 mainnet, 300 testnet).
///
/// The caller fills the transaction in wire units and supplies the key's next nonce; the result
/// is what `sendTx` carries. `LighterTrader` (LighterClient) does all of this from decimals.
///
/// ```swift
/// let key = try LighterPrivateKey(hex: secretHex)
/// let signer = TransactionSigner(privateKey: key, chainId: 304)
/// let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
/// let order = CreateOrderTx(accountIndex: 12345, apiKeyIndex: 3, marketIndex: 0, clientOrderIndex: 1,
///                           baseAmount: 1_000, price: 350_000, isAsk: 0, type: 0, timeInForce: 0,
///                           reduceOnly: 0, triggerPrice: 0, orderExpiry: 0,
///                           expiredAt: nowMs + 599_000, nonce: nextNonce)
/// if let problem = order.signerRuleViolation { throw MyError(problem) }
/// let signed = signer.sign(order)  // signed.txType, signed.txInfo go to sendTx; signed.txHash identifies it
/// ```
public struct TransactionSigner: Sendable {
    /// The API key's private key.
    public let privateKey: LighterPrivateKey
    /// The chain the signatures are for: 304 mainnet, 300 testnet.
    public let chainId: UInt32

    /// A signer for one API key on one chain.
    public init(privateKey: LighterPrivateKey, chainId: UInt32) {
        self.privateKey = privateKey
        self.chainId = chainId
    }

    /// Hashes and signs `tx` with a fresh nonce from the system CSPRNG. It does not check the
    /// transaction (see `CreateOrderTx.signerRuleViolation`) nor choose its nonce.
    public func sign<T: LighterTransaction>(_ tx: T) -> SignedTransaction {
        var rng = SystemRandomNumberGenerator()
        return sign(tx, using: &rng)
    }

    /// As `sign(_:)`, with the signature nonce drawn from `rng`: only for tests that need
    /// reproducible signatures; a predictable or reused nonce reveals the private key.
    public func sign<T: LighterTransaction, R: RandomNumberGenerator>(_ tx: T, using rng: inout R) -> SignedTransaction {
        let h = tx.messageHash(chainId: chainId)
        let sig = Schnorr.sign(message: h, key: privateKey, using: &rng)
        return SignedTransaction(txType: T.txType, txInfo: tx.txInfoJSON(signature: sig.bytes),
                                 txHash: ByteEncoding.hex(h.bytesLE))
    }

    /// Checks an 80-byte tx signature (e.g. a Sig decoded from tx_info) against a public key.
    public static func verify<T: LighterTransaction>(_ tx: T, chainId: UInt32, signature: [UInt8], publicKey: LighterPublicKey) -> Bool {
        guard let sig = SchnorrSignature(bytes: signature) else { return false }
        return Schnorr.verify(message: tx.messageHash(chainId: chainId), signature: sig, publicKey: publicKey)
    }
}
