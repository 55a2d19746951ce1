/// Quintic extension Fp5 = Fp[z]/(z^5 - 3), little-endian coefficients c0 + c1 z + ... + c4 z^4.
/// Stored as five fields (not an array) so arithmetic never allocates.
package struct Fp5: Sendable, Hashable {
    package var c0, c1, c2, c3, c4: Goldilocks

    package init(_ c0: Goldilocks, _ c1: Goldilocks, _ c2: Goldilocks, _ c3: Goldilocks, _ c4: Goldilocks) {
        (self.c0, self.c1, self.c2, self.c3, self.c4) = (c0, c1, c2, c3, c4)
    }

    /// From raw u64 limbs (reduced mod p).
    package init(limbs l: [UInt64]) {
        precondition(l.count == 5, "Fp5 needs 5 limbs")
        self.init(Goldilocks(l[0]), Goldilocks(l[1]), Goldilocks(l[2]), Goldilocks(l[3]), Goldilocks(l[4]))
    }

    package init(_ v: Goldilocks) { self.init(v, .zero, .zero, .zero, .zero) }

    package static let zero = Fp5(.zero)
    package static let one = Fp5(.one)

    package var limbs: [UInt64] { [c0.value, c1.value, c2.value, c3.value, c4.value] }
    package var isZero: Bool { self == .zero }

    /// 40 bytes, 5 x u64 little-endian (the wire form of hashes and package keys).
    package var bytesLE: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(40)
        for l in limbs { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: l >> (8 * UInt64(i)))) } }
        return out
    }

    /// Parses 40 LE bytes; nil unless every limb is canonical (< p), as the Go decoder requires.
    package init?(bytesLE b: [UInt8]) {
        guard b.count == 40 else { return nil }
        var l = [UInt64](repeating: 0, count: 5)
        for i in 0..<40 { l[i / 8] |= UInt64(b[i]) << (8 * UInt64(i % 8)) }
        guard l.allSatisfy({ $0 < Goldilocks.modulus }) else { return nil }
        self.init(limbs: l)
    }

    package static func + (a: Fp5, b: Fp5) -> Fp5 {
        Fp5(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2, a.c3 + b.c3, a.c4 + b.c4)
    }
    package static func - (a: Fp5, b: Fp5) -> Fp5 {
        Fp5(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2, a.c3 - b.c3, a.c4 - b.c4)
    }
    package static prefix func - (a: Fp5) -> Fp5 { zero - a }
    package var double: Fp5 { self + self }

    package static func * (a: Fp5, s: Goldilocks) -> Fp5 {
        Fp5(a.c0 * s, a.c1 * s, a.c2 * s, a.c3 * s, a.c4 * s)
    }

    /// Schoolbook product; terms of degree >= 5 fold back times 3 (z^5 = 3). Each output
    /// coefficient sums 5 raw 128-bit products in a 192-bit accumulator and reduces once.
    package static func * (a: Fp5, b: Fp5) -> Fp5 {
        let (a0, a1, a2, a3, a4) = (a.c0.value, a.c1.value, a.c2.value, a.c3.value, a.c4.value)
        let (b0, b1, b2, b3, b4) = (b.c0.value, b.c1.value, b.c2.value, b.c3.value, b.c4.value)
        let t1 = b.c1.triple.value, t2 = b.c2.triple.value, t3 = b.c3.triple.value, t4 = b.c4.triple.value
        var r0 = Acc192(), r1 = Acc192(), r2 = Acc192(), r3 = Acc192(), r4 = Acc192()
        r0.mac(a0, b0); r0.mac(a1, t4); r0.mac(a2, t3); r0.mac(a3, t2); r0.mac(a4, t1)
        r1.mac(a0, b1); r1.mac(a1, b0); r1.mac(a2, t4); r1.mac(a3, t3); r1.mac(a4, t2)
        r2.mac(a0, b2); r2.mac(a1, b1); r2.mac(a2, b0); r2.mac(a3, t4); r2.mac(a4, t3)
        r3.mac(a0, b3); r3.mac(a1, b2); r3.mac(a2, b1); r3.mac(a3, b0); r3.mac(a4, t4)
        r4.mac(a0, b4); r4.mac(a1, b3); r4.mac(a2, b2); r4.mac(a3, b1); r4.mac(a4, b0)
        return Fp5(r0.reduced, r1.reduced, r2.reduced, r3.reduced, r4.reduced)
    }

    package var square: Fp5 { self * self }

    /// Exponent given as little-endian u64 limbs.
    package func pow(_ e: [UInt64]) -> Fp5 {
        var result = Fp5.one
        for limb in e.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.square
                if (limb >> UInt64(bit)) & 1 == 1 { result = result * self }
            }
        }
        return result
    }

    // gamma^i and gamma^(2i) with gamma = 3^((p-1)/5) = z^(p-1): Frobenius maps z^i to gamma^i z^i.
    private static let frob1: [Goldilocks] = [1, 1_041_288_259_238_279_555, 15_820_824_984_080_659_046,
                                              211_587_555_138_949_697, 1_373_043_270_956_696_022].map { Goldilocks($0) }
    private static let frob2: [Goldilocks] = [1, 15_820_824_984_080_659_046, 1_373_043_270_956_696_022,
                                              1_041_288_259_238_279_555, 211_587_555_138_949_697].map { Goldilocks($0) }

    /// x^p (Frobenius), a coefficient-wise scaling.
    var frobenius: Fp5 {
        let g = Fp5.frob1
        return Fp5(c0, c1 * g[1], c2 * g[2], c3 * g[3], c4 * g[4])
    }
    /// x^(p^2).
    var frobenius2: Fp5 {
        let g = Fp5.frob2
        return Fp5(c0, c1 * g[1], c2 * g[2], c3 * g[3], c4 * g[4])
    }

    /// Constant term of a*b when the product is known to lie in Fp (saves the other 4 coefficients).
    private static func constantTerm(_ a: Fp5, _ b: Fp5) -> Goldilocks {
        a.c0 * b.c0 + Goldilocks(3) * (a.c1 * b.c4 + a.c2 * b.c3 + a.c3 * b.c2 + a.c4 * b.c1)
    }

    /// x^(p + p^2 + p^3 + p^4) via Frobenius; x times it is the norm N(x) in Fp.
    private var normComplement: Fp5 {
        let t = frobenius * frobenius2  // x^(p + p^2)
        return t * t.frobenius2  // times x^(p^3 + p^4)
    }

    /// Inverse as x^(r-1) / N(x) (r = 1 + p + ... + p^4); 0 maps to 0.
    package var inverse: Fp5 {
        let y = normComplement
        let norm = Fp5.constantTerm(self, y)
        return y * norm.inverse
    }

    /// Legendre symbol via the norm: 1 square, p-1 non-square, 0 zero.
    package var legendre: Goldilocks {
        Fp5.constantTerm(self, normComplement).legendre
    }

    /// A square root, or nil when none exists. With v = x^((p + p^2 + p^3 + p^4)/2), x*v^2 = N(x) is in Fp,
    /// so sqrt(x) = sqrt(N) / v = x*v*sqrt(N)/N. The exponent factors as p*(1+p)/2*(1+p^2).
    package var squareRoot: Fp5? {
        if isZero { return self }
        let d = pow([(Goldilocks.modulus - 1) / 2 + 1])  // x^((p+1)/2)
        let v = (d * d.frobenius2).frobenius
        let xv = self * v
        let norm = Fp5.constantTerm(xv, v)
        guard let s = norm.squareRoot else { return nil }
        return xv * (s * norm.inverse)
    }

    package static func / (a: Fp5, b: Fp5) -> Fp5 { a * b.inverse }
}
