import Foundation
import LighterProtocol
import Testing
@testable import LighterSigner

@Suite struct SchnorrTests {
    static let samplePublicKey = "0xd1432247b5ef7bc86caee9c86c55d700ce02b834744eb9e83e622a1103e852627133bfa8418eafe7"

    @Test func fixedNonceVectors() throws {
        let root = try SharedFixtures.json(Poseidon2Tests.vectorsPath)
        let cases = try #require((root["schnorr_fixed_nonce"] as? [String: Any])?["cases"] as? [[String: Any]])
        try #require(cases.count == 3)
        for c in cases {
            let sk = try #require(Scalar(canonicalLimbs: SharedFixtures.u64s(c["secret_key_limbs"])))
            let k = try #require(Scalar(canonicalLimbs: SharedFixtures.u64s(c["nonce_k_limbs"])))
            let h = Fp5(limbs: SharedFixtures.u64s(c["hashed_message_fp5"]))
            let sig = Schnorr.sign(message: h, secret: sk, nonce: k)
            #expect(sig.s.limbs == SharedFixtures.u64s(c["expected_s_limbs"]))
            #expect(sig.e.limbs == SharedFixtures.u64s(c["expected_e_limbs"]))
            let pk = LighterPrivateKey(scalar: sk).publicKey
            #expect(Schnorr.verify(message: h, signature: sig, publicKey: pk))
        }
    }

    @Test func officialTxSignaturesVerify() throws {
        let samples = try TxSample.loadAll()
        // The reference holds seven signed transactions; finding none would make this test pass empty.
        #expect(samples.count >= 7, "found \(samples.count) signed transaction samples")
        for s in samples {
            let pk = try #require(LighterPublicKey(hex: s.publicKeyHex))
            #expect(verifyAny(s.tx, chainId: s.chainId, signature: s.signature, publicKey: pk), "\(s.name)")
            var flipped = s.signature
            flipped[3] ^= 0x01
            #expect(!verifyAny(s.tx, chainId: s.chainId, signature: flipped, publicKey: pk), "\(s.name)")
            #expect(!verifyAny(s.tx, chainId: 300, signature: s.signature, publicKey: pk), "\(s.name)")
        }
    }

    private func verifyAny(_ tx: any LighterTransaction, chainId: UInt32, signature: [UInt8], publicKey: LighterPublicKey) -> Bool {
        func open<T: LighterTransaction>(_ t: T) -> Bool {
            TransactionSigner.verify(t, chainId: chainId, signature: signature, publicKey: publicKey)
        }
        return open(tx)
    }

    @Test func officialAuthTokensVerify() throws {
        let pk = try #require(LighterPublicKey(hex: Self.samplePublicKey))
        let paths = try SharedFixtures.signerSampleNames(prefix: "signer_auth_token_")
        #expect(paths.count >= 2, "found \(paths.count) auth token samples")
        for path in paths {
            let file = try SharedFixtures.json(path)
            let token = try #require(file["token"] as? String)
            #expect(AuthTokenSigner.verify(token: token, publicKey: pk), "\(path)")
            // Tampering with the message, the key or the signature must fail.
            #expect(!AuthTokenSigner.verify(token: token.replacingOccurrences(of: ":12345:", with: ":12346:"), publicKey: pk))
            var sigFlip = Array(token.utf8)
            sigFlip[sigFlip.count - 1] = sigFlip.last == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            #expect(!AuthTokenSigner.verify(token: String(decoding: sigFlip, as: UTF8.self), publicKey: pk))
            var keyBytes = pk.bytesLE
            keyBytes[0] ^= 0x01
            // A flipped low bit may leave the curve; then the key is refused outright, which is the point too.
            if let other = LighterPublicKey(hex: ByteEncoding.hex(keyBytes)) {
                #expect(!AuthTokenSigner.verify(token: token, publicKey: other))
            } else {
                keyBytes[0] ^= 0x03
                let another = LighterPublicKey(hex: ByteEncoding.hex(keyBytes)) ?? LighterPrivateKey.generate().publicKey
                #expect(!AuthTokenSigner.verify(token: token, publicKey: another))
            }
        }
    }

    @Test func signThenVerifyRoundTrip() throws {
        let key = LighterPrivateKey.generate()
        let pk = key.publicKey
        var rng = SeededRandom(seed: 1)
        let h = Fp5(limbs: (0..<5).map { _ in rng.next() })
        let sig = Schnorr.sign(message: h, key: key)
        #expect(Schnorr.verify(message: h, signature: sig, publicKey: pk))
        #expect(!Schnorr.verify(message: h + .one, signature: sig, publicKey: pk))
        #expect(!Schnorr.verify(message: h, signature: sig, publicKey: LighterPrivateKey.generate().publicKey))
        #expect(SchnorrSignature(bytes: sig.bytes) == sig)
    }
}

@Suite struct SigningAPITests {
    static func sampleKey() throws -> LighterPrivateKey {
        let kp = try SharedFixtures.json("reference/samples/lighter/signer_keypair_throwaway.json")
        return try LighterPrivateKey(hex: try #require(kp["private_key"] as? String))
    }

    @Test func signedTransactionsMatchOfficialHashAndVerify() throws {
        let key = try Self.sampleKey()
        let signer = TransactionSigner(privateKey: key, chainId: 304)
        for s in try TxSample.loadAll() {
            func check<T: LighterTransaction>(_ tx: T) throws {
                let signed = signer.sign(tx)
                #expect(signed.txHash == s.txHash)
                #expect(signed.txType == T.txType)
                let info = try #require(try JSONSerialization.jsonObject(with: Data(signed.txInfo.utf8)) as? [String: Any])
                let sigText = try #require(info["Sig"] as? String)
                let sig = [UInt8](try #require(Data(base64Encoded: sigText)))
                #expect(TransactionSigner.verify(tx, chainId: 304, signature: sig, publicKey: key.publicKey))
                #expect(signed.txInfo == tx.txInfoJSON(signature: sig))
            }
            try check(s.tx)
        }
    }

    @Test func authTokenMakeAndVerify() throws {
        let key = try Self.sampleKey()
        let token = AuthTokenSigner.make(deadline: 1_767_225_600, account: 12345, apiKeyIndex: 3, privateKey: key)
        #expect(token.hasPrefix("1767225600:12345:3:"))
        #expect(token.count == "1767225600:12345:3:".count + 160)
        #expect(AuthTokenSigner.verify(token: token, publicKey: key.publicKey))
        #expect(!AuthTokenSigner.verify(token: token, publicKey: LighterPrivateKey.generate().publicKey))
        #expect(AuthTokenSigner.parse("1:2:3") == nil)
        #expect(AuthTokenSigner.parse(token)?.account == 12345)
        #expect(!AuthTokenSigner.verify(token: token + "0", publicKey: key.publicKey))
        // Interop with LighterProtocol's parsed token type.
        let parsed = try AuthToken(parsing: token)
        #expect(AuthTokenSigner.verify(parsed, publicKey: key.publicKey))
    }

    @Test func secretsNeverPrinted() throws {
        let key = try Self.sampleKey()
        let secretHex = ByteEncoding.hex(key.bytesLE)
        let signer = TransactionSigner(privateKey: key, chainId: 304)
        var dumped = ""
        dump(signer, to: &dumped)
        for text in ["\(key)", String(reflecting: key), "\(signer)", String(reflecting: signer), dumped] {
            #expect(!text.contains(secretHex.prefix(16)))
        }
        let err = LighterPrivateKey.ParseError.invalidHex
        #expect(!"\(err)".contains(secretHex.prefix(8)))
    }
}
