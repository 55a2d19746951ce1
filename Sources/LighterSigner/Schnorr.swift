/// Schnorr signing and verification over ECgFp5 with a Poseidon2 challenge, as the Go signer does.
package enum Schnorr {
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
    package static func sign<R: RandomNumberGenerator>(message: Fp5, key: LighterPrivateKey, using rng: inout R) -> SchnorrSignature {
        sign(message: message, secret: key.scalar, nonce: Scalar.random(using: &rng))
    }

    package static func sign(message: Fp5, key: LighterPrivateKey) -> SchnorrSignature {
        var rng = SystemRandomNumberGenerator()
        return sign(message: message, key: key, using: &rng)
    }

    /// Accepts iff H(Encode(s*G + e*P) ‖ h) == e; an undecodable package key is rejected.
    package static func verify(message h: Fp5, signature sig: SchnorrSignature, publicKey: LighterPublicKey) -> Bool {
        guard let p = publicKey.point else { return false }
        let r = (ECgFp5Point.generatorMultiple(sig.s) + sig.e * p).encoded
        return challenge(r: r, message: h) == sig.e
    }
}
