import LighterProtocol
import Testing
@testable import LighterSigner

@Suite struct GoldilocksTests {
    @Test func knownValues() {
        let p = Goldilocks.modulus
        #expect(Goldilocks(p).value == 0)
        #expect((Goldilocks(p - 1) + Goldilocks(2)).value == 1)
        #expect((Goldilocks(1) - Goldilocks(2)).value == p - 1)
        #expect((Goldilocks(p - 1) * Goldilocks(p - 1)).value == 1)  // (-1)^2
        #expect((Goldilocks(1 << 32) * Goldilocks(1 << 32)).value == 0xFFFF_FFFF)  // 2^64 = 2^32 - 1
        #expect(Goldilocks(7).pow(p - 1) == .one)
        #expect((Goldilocks(UInt64.max) * Goldilocks(UInt64.max)).value == Goldilocks(UInt64.max - p).square.value)
    }

    @Test func randomIdentities() {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<500 {
            let a = Goldilocks(rng.next()), b = Goldilocks(rng.next()), c = Goldilocks(rng.next())
            #expect(a * (b + c) == a * b + a * c)
            #expect((a - b) + b == a)
            #expect(a * b == b * a)
            if !a.isZero { #expect(a * a.inverse == .one) }
            let sq = a.square
            #expect(sq.legendre == .one || sq.isZero)
            if let r = sq.squareRoot { #expect(r.square == sq) } else { Issue.record("square has no root") }
        }
        #expect(Goldilocks(7).squareRoot == nil)  // 7 generates the group, so it is a non-residue
    }
}

@Suite struct Fp5Tests {
    static func random(_ rng: inout SeededRandom) -> Fp5 {
        Fp5(limbs: (0..<5).map { _ in rng.next() })
    }

    @Test func randomIdentities() {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<100 {
            let a = Self.random(&rng), b = Self.random(&rng), c = Self.random(&rng)
            #expect(a * (b + c) == a * b + a * c)
            #expect((a * b) * c == a * (b * c))
            #expect(a - a == .zero)
            #expect(a * a.inverse == .one)
            #expect(a.frobenius == a.pow([Goldilocks.modulus]))
            let sq = a.square
            #expect(sq.legendre == .one)
            if let r = sq.squareRoot { #expect(r.square == sq) } else { Issue.record("square has no root") }
            if a.legendre != .one { #expect(a.squareRoot == nil) }
        }
    }

    /// Plain 25-product reference, to check the lazily reduced multiplication (incl. carries above 2^128).
    static func naiveMul(_ a: Fp5, _ b: Fp5) -> Fp5 {
        let x = [a.c0, a.c1, a.c2, a.c3, a.c4], y = [b.c0, b.c1, b.c2, b.c3, b.c4]
        var r = [Goldilocks](repeating: .zero, count: 5)
        for i in 0..<5 { for j in 0..<5 {
            let prod = x[i] * y[j]
            if i + j < 5 { r[i + j] = r[i + j] + prod } else { r[i + j - 5] = r[i + j - 5] + Goldilocks(3) * prod }
        } }
        return Fp5(r[0], r[1], r[2], r[3], r[4])
    }

    @Test func mulMatchesNaiveReference() {
        var rng = SeededRandom(seed: 99)
        let max = Fp5(limbs: [UInt64](repeating: Goldilocks.modulus - 1, count: 5))
        #expect(max * max == Self.naiveMul(max, max))
        for _ in 0..<300 {
            let a = Self.random(&rng), b = Self.random(&rng)
            #expect(a * b == Self.naiveMul(a, b))
        }
    }

    @Test func knownSmallValues() {
        // z^5 = 3
        let z = Fp5(.zero, .one, .zero, .zero, .zero)
        #expect(z.pow([5]) == Fp5(Goldilocks(3)))
        #expect(Fp5.zero.inverse == .zero)
        #expect(Fp5(Goldilocks(2)).inverse == Fp5(Goldilocks(2).inverse))
        let bytes = Fp5(limbs: [1, 2, 3, 4, 5]).bytesLE
        #expect(bytes.count == 40 && bytes[0] == 1 && bytes[8] == 2 && bytes[32] == 5)
        #expect(Fp5(bytesLE: bytes) == Fp5(limbs: [1, 2, 3, 4, 5]))
    }
}
