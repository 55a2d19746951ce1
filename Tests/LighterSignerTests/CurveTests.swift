import LighterProtocol
import Testing
@testable import LighterSigner

@Suite struct ScalarTests {
    static func random(_ rng: inout SeededRandom) -> Scalar { Scalar.random(using: &rng) }

    @Test func ringIdentities() {
        var rng = SeededRandom(seed: 11)
        for _ in 0..<50 {
            let a = Self.random(&rng), b = Self.random(&rng), c = Self.random(&rng)
            #expect(a * (b + c) == a * b + a * c)
            #expect((a - b) + b == a)
            #expect(a * b == b * a)
            #expect(a * .one == a)
            #expect(a * b == Self.slowMul(a, b))
        }
        // n - 1 squared is 1.
        let minusOne = Scalar.zero - .one
        #expect(minusOne * minusOne == .one)
        #expect(minusOne + .one == .zero)
    }

    /// Independent check of the Montgomery product: double-and-add over b's bits using only +.
    static func slowMul(_ a: Scalar, _ b: Scalar) -> Scalar {
        var acc = Scalar.zero
        for i in stride(from: 319, through: 0, by: -1) {
            acc = acc + acc
            if (b.limbs[i >> 6] >> UInt64(i & 63)) & 1 == 1 { acc = acc + a }
        }
        return acc
    }

    @Test func encodingReducesAndRejects() {
        let nBytes = Scalar(reducing: Scalar.order).bytesLE  // n reduces to 0
        #expect(nBytes == [UInt8](repeating: 0, count: 40))
        let orderBytes = Scalar.order.flatMap { l in (0..<8).map { UInt8(truncatingIfNeeded: l >> (8 * UInt64($0))) } }
        #expect(Scalar(canonicalBytesLE: orderBytes) == nil)
        #expect(Scalar(bytesLE: orderBytes) == .zero)
        #expect(Scalar(bytesLE: [UInt8](repeating: 0, count: 39)) == nil)
        // 2^320 - 1 and the largest Fp5 value are >= 2n: both need two subtractions (values from Python).
        #expect(Scalar(bytesLE: [UInt8](repeating: 0xFF, count: 40))?.limbs ==
                [3_449_841_782_998_171_709, 3_382_000_513_170_456_262, 216_368_411_532, 128_849_018_835, 21_474_836_465])
        let fp5Max = Fp5(limbs: [UInt64](repeating: Goldilocks.modulus - 1, count: 5))
        #expect(Scalar(fp5Max).limbs ==
                [3_449_841_778_703_204_414, 3_382_000_508_875_488_967, 212_073_444_237, 124_554_051_540, 17_179_869_170])
    }
}

@Suite struct CurveTests {
    @Test func groupLaw() {
        let g = ECgFp5Point.generator
        #expect((g + .neutral).isEqual(to: g))
        #expect((g + g).isEqual(to: g.doubled))
        let three = Scalar.one + .one + .one
        #expect((three * g).isEqual(to: g.doubled + g))
        #expect(((Scalar.zero - .one) * g + g).isNeutral)  // n * G = O
        var rng = SeededRandom(seed: 5)
        let a = Scalar.random(using: &rng), b = Scalar.random(using: &rng)
        #expect(((a + b) * g).isEqual(to: a * g + b * g))
        // The comb (secret scalars) and the window method (public scalars) agree.
        for _ in 0..<5 {
            let s = Scalar.random(using: &rng)
            #expect(ECgFp5Point.generatorMultiple(s).isEqual(to: s * g))
        }
        #expect(ECgFp5Point.generatorMultiple(.zero).isNeutral)
        #expect(ECgFp5Point.generatorMultiple(Scalar.zero - .one).isEqual(to: (Scalar.zero - .one) * g))
    }

    @Test func encodeDecodeRoundTrip() throws {
        var rng = SeededRandom(seed: 9)
        for _ in 0..<5 {
            let p = Scalar.random(using: &rng) * .generator
            let w = p.encoded
            let q = try #require(ECgFp5Point(encoded: w))
            #expect(q.isEqual(to: p))
            #expect(q.encoded == w)
        }
        #expect(ECgFp5Point.neutral.encoded == .zero)
        #expect(ECgFp5Point(encoded: .zero)?.isNeutral == true)
    }

    @Test func rejectsNonPoints() {
        // Roughly half of all Fp5 values are not encodings; at least one of these must fail.
        let failures = (1...16).filter { ECgFp5Point(encoded: Fp5(Goldilocks(UInt64($0)))) == nil }
        #expect(!failures.isEmpty)
    }

    @Test func publicKeyOfThrowawayKeypair() throws {
        let kp = try SharedFixtures.json("reference/samples/lighter/signer_keypair_throwaway.json")
        let skHex = try #require(kp["private_key"] as? String)
        let key = try LighterPrivateKey(hex: skHex)
        #expect(key.publicKey.hex == kp["public_key"] as? String)
        #expect(try LighterPrivateKey(hex: String(skHex.dropFirst(2))).publicKey == key.publicKey)
        #expect(!"\(key)".contains(String(skHex.dropFirst(2).prefix(8))))
        #expect(throws: LighterPrivateKey.ParseError.self) { try LighterPrivateKey(hex: "0x1234") }
        // The zero key's public key is the identity: refused, whatever its spelling.
        #expect(throws: LighterPrivateKey.ParseError.self) { try LighterPrivateKey(hex: String(repeating: "0", count: 80)) }
    }
}
