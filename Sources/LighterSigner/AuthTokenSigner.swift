import LighterProtocol

/// Auth tokens `deadline:account:apiKey:sigHex` (lighter-protocol.md §7). The signed message is the
/// ASCII `deadline:account:apiKey`, packed into LE words and hashed to Fp5; no chain id.
///
/// ```swift
/// let deadline = Int64(Date().timeIntervalSince1970) + 3_600  // one hour
/// let token = AuthTokenSigner.make(deadline: deadline, account: 12345, apiKeyIndex: 3, privateKey: key)
/// // the `auth` of an account channel's subscribe, the `Authorization` header of REST calls
/// ```
public enum AuthTokenSigner {
    static func messageHash(_ message: String) -> Fp5 {
        Poseidon2.hashToFp5(Poseidon2.elements(fromBytes: Array(message.utf8)))
    }

    /// `deadline` is Unix seconds; the server accepts at most 8 h ahead.
    public static func make(deadline: Int64, account: Int64, apiKeyIndex: UInt8, privateKey: LighterPrivateKey) -> String {
        var rng = SystemRandomNumberGenerator()
        return make(deadline: deadline, account: account, apiKeyIndex: apiKeyIndex, privateKey: privateKey, using: &rng)
    }

    /// As `make(deadline:account:apiKeyIndex:privateKey:)`, with the signature nonce drawn from `rng`:
    /// only for tests that need reproducible tokens; a predictable nonce reveals the private key.
    public static func make<R: RandomNumberGenerator>(deadline: Int64, account: Int64, apiKeyIndex: UInt8,
                                                      privateKey: LighterPrivateKey, using rng: inout R) -> String {
        let message = "\(deadline):\(account):\(apiKeyIndex)"
        let sig = Schnorr.sign(message: messageHash(message), key: privateKey, using: &rng)
        return message + ":" + ByteEncoding.hex(sig.bytes)
    }

    /// The token's fields, if it is well formed (exactly 4 parts, decimal ints, 160 hex chars).
    package struct Parsed: Sendable, Hashable {
        package let deadline: Int64
        package let account: Int64
        package let apiKeyIndex: UInt8
        package let signature: SchnorrSignature
        let message: String
    }

    package static func parse(_ token: String) -> Parsed? {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].utf8.count == 160,
              let deadline = Int64(parts[0]), let account = Int64(parts[1]), let key = UInt8(parts[2]),
              let sigBytes = ByteEncoding.bytes(hex: String(parts[3])),
              let sig = SchnorrSignature(bytes: sigBytes) else { return nil }
        return Parsed(deadline: deadline, account: account, apiKeyIndex: key, signature: sig,
                      message: parts[0..<3].joined(separator: ":"))
    }

    /// Signature check only; deadline window and account binding are the caller's policy.
    public static func verify(token: String, publicKey: LighterPublicKey) -> Bool {
        guard let p = parse(token) else { return false }
        return Schnorr.verify(message: messageHash(p.message), signature: p.signature, publicKey: publicKey)
    }
}


extension AuthTokenSigner {
    /// Signature check for a token already parsed (and window-checked) by LighterProtocol.
    public static func verify(_ token: AuthToken, publicKey: LighterPublicKey) -> Bool {
        verify(token: token.text, publicKey: publicKey)
    }
}
