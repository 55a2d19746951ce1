/// Schnorr signature over ECgFp5 with a Poseidon2 challenge (lighter-protocol.md §8.4):
/// 80 bytes = s (40 LE) ‖ e (40 LE).
public struct SchnorrSignature: Sendable, Hashable {
    public let s: Scalar
    public let e: Scalar

    public init(s: Scalar, e: Scalar) { (self.s, self.e) = (s, e) }

    /// nil unless 80 bytes with both halves canonical (< n), as the Go verifier requires.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 80,
              let s = Scalar(canonicalBytesLE: Array(bytes[0..<40])),
              let e = Scalar(canonicalBytesLE: Array(bytes[40..<80])) else { return nil }
        (self.s, self.e) = (s, e)
    }

    public var bytes: [UInt8] { s.bytesLE + e.bytesLE }
}

public enum Schnorr {
    /// e = H(r ‖ h) read as a scalar (FromGfp5).
    static func challenge(r: Fp5, message h: Fp5) -> Scalar {
        Scalar(Poseidon2.hashToFp5([r.c0, r.c1, r.c2, r.c3, r.c4, h.c0, h.c1, h.c2, h.c3, h.c4]))
    }

    /// Deterministic core; the nonce must be secret, uniform and never reused.
    static func sign(message h: Fp5, secret sk: Scalar, nonce k: Scalar) -> SchnorrSignature {
        let r = ECgFp5Point.generatorMultiple(k).encoded
        let e = challenge(r: r, message: h)
        return SchnorrSignature(s: k - e * sk, e: e)
    }

    /// Signs with a fresh nonce from `rng` (the system CSPRNG unless a test injects one).
    public static func sign<R: RandomNumberGenerator>(message: Fp5, key: LighterPrivateKey, using rng: inout R) -> SchnorrSignature {
        sign(message: message, secret: key.scalar, nonce: Scalar.random(using: &rng))
    }

    public static func sign(message: Fp5, key: LighterPrivateKey) -> SchnorrSignature {
        var rng = SystemRandomNumberGenerator()
        return sign(message: message, key: key, using: &rng)
    }

    /// Accepts iff H(Encode(s*G + e*P) ‖ h) == e; an undecodable public key is rejected.
    public static func verify(message h: Fp5, signature sig: SchnorrSignature, publicKey: LighterPublicKey) -> Bool {
        guard let p = publicKey.point else { return false }
        let r = (ECgFp5Point.generatorMultiple(sig.s) + sig.e * p).encoded
        return challenge(r: r, message: h) == sig.e
    }
}

/// Output of signing one L2 transaction: what `sendTx` carries plus the hash the server will report.
public struct SignedTransaction: Sendable, Hashable {
    public let txType: UInt8
    public let txInfo: String
    /// Lowercase hex of the 40-byte message hash (the venue's tx_hash).
    public let txHash: String
}

/// Signs Lighter L2 transactions for one API key on one chain (304 mainnet, 300 testnet).
public struct TransactionSigner: Sendable {
    public let privateKey: LighterPrivateKey
    public let chainId: UInt32

    public init(privateKey: LighterPrivateKey, chainId: UInt32) {
        self.privateKey = privateKey
        self.chainId = chainId
    }

    public func sign<T: LighterTransaction>(_ tx: T) -> SignedTransaction {
        var rng = SystemRandomNumberGenerator()
        return sign(tx, using: &rng)
    }

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
