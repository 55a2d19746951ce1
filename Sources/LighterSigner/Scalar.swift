/// Integer modulo the ECgFp5 group order n (just below 2^319), as 5 little-endian u64 limbs,
/// always < n. Arithmetic on it is branch-free in the values, since keys and nonces live here.
package struct Scalar: Sendable, Hashable {
    /// n = 1067993516717146951041484916571792702745057740581727230159139685185762082554198619328292418486241
    static let order: [UInt64] = [16_721_823_182_210_465_761, 16_755_743_817_124_323_484, 9_223_371_928_670_570_041,
                                  9_223_371_972_430_266_390, 9_223_372_026_117_357_575]
    /// -n^-1 mod 2^64, for Montgomery reduction with R = 2^320.
    private static let montInverse: UInt64 = 15_531_771_012_914_576_351
    /// R^2 mod n: a Montgomery product with it turns a*b/R back into a*b.
    private static let montR2: [UInt64] = [11_533_720_693_912_749_881, 7_796_338_792_698_391_759, 15_120_720_079_283_520_805,
                                           12_312_840_681_511_240_152, 5_389_141_561_686_774_261]

    package private(set) var limbs: [UInt64]

    package static let zero = Scalar(uncheckedLimbs: [0, 0, 0, 0, 0])
    package static let one = Scalar(uncheckedLimbs: [1, 0, 0, 0, 0])

    private init(uncheckedLimbs: [UInt64]) { limbs = uncheckedLimbs }

    /// Any 320-bit value. 2^320 < 3n, so two conditional subtractions reduce it fully.
    package init(reducing l: [UInt64]) {
        precondition(l.count == 5, "Scalar needs 5 limbs")
        limbs = Scalar.subtractOrderIfNotLess(Scalar.subtractOrderIfNotLess(l))
    }

    /// 40 LE bytes, reduced mod n (private keys use this, like the Go signer).
    package init?(bytesLE b: [UInt8]) {
        guard let l = Scalar.limbs(fromBytes: b) else { return nil }
        self.init(reducing: l)
    }

    /// 40 LE bytes that must already be < n (signature halves: non-canonical is rejected).
    package init?(canonicalBytesLE b: [UInt8]) {
        guard let l = Scalar.limbs(fromBytes: b) else { return nil }
        self.init(canonicalLimbs: l)
    }

    /// 5 limbs that must already be < n.
    package init?(canonicalLimbs l: [UInt64]) {
        guard l.count == 5, Scalar.subtract(l, Scalar.order).borrow else { return nil }
        limbs = l
    }

    /// FromGfp5: sum v[i]*2^(64i) mod n.
    package init(_ v: Fp5) { self.init(reducing: v.limbs) }

    package var bytesLE: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(40)
        for l in limbs { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: l >> (8 * UInt64(i)))) } }
        return out
    }

    package var isZero: Bool { limbs.allSatisfy { $0 == 0 } }

    /// 4-bit digit i (bits 4i..4i+3); 80 digits cover 320 bits.
    func nibble(_ i: Int) -> Int { Int(truncatingIfNeeded: (limbs[i >> 4] >> UInt64((i & 15) * 4)) & 0xF) }

    private static func limbs(fromBytes b: [UInt8]) -> [UInt64]? {
        guard b.count == 40 else { return nil }
        var l = [UInt64](repeating: 0, count: 5)
        for i in 0..<40 { l[i / 8] |= UInt64(b[i]) << (8 * UInt64(i % 8)) }
        return l
    }

    private static func subtract(_ a: [UInt64], _ b: [UInt64]) -> (result: [UInt64], borrow: Bool) {
        var r = a, borrow: UInt64 = 0
        for i in 0..<5 {
            let (d1, o1) = a[i].subtractingReportingOverflow(b[i])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            r[i] = d2
            borrow = (o1 ? 1 : 0) | (o2 ? 1 : 0)
        }
        return (r, borrow == 1)
    }

    private static func add(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var r = a, carry: UInt64 = 0
        for i in 0..<5 {
            let (s1, o1) = a[i].addingReportingOverflow(b[i])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            r[i] = s2
            carry = (o1 ? 1 : 0) | (o2 ? 1 : 0)
        }
        return r
    }

    /// mask all-ones picks `ifSet`, zero picks `ifClear`, limb by limb without branching.
    private static func select(_ mask: UInt64, _ ifSet: [UInt64], _ ifClear: [UInt64]) -> [UInt64] {
        (0..<5).map { ifSet[$0] & mask | ifClear[$0] & ~mask }
    }

    private static func subtractOrderIfNotLess(_ a: [UInt64]) -> [UInt64] {
        let (d, borrow) = subtract(a, order)
        return select(borrow ? 0 : ~0, d, a)
    }

    package static func + (a: Scalar, b: Scalar) -> Scalar {
        // a + b < 2n < 2^320: no carry out, one conditional subtraction.
        Scalar(uncheckedLimbs: subtractOrderIfNotLess(add(a.limbs, b.limbs)))
    }

    package static func - (a: Scalar, b: Scalar) -> Scalar {
        let (d, borrow) = subtract(a.limbs, b.limbs)
        return Scalar(uncheckedLimbs: select(borrow ? ~0 : 0, add(d, order), d))
    }

    package static func * (a: Scalar, b: Scalar) -> Scalar {
        Scalar(uncheckedLimbs: montgomery(montgomery(a.limbs, b.limbs), montR2))
    }

    /// a*b/2^320 mod n (CIOS). Inputs < n < 2^319 keep the result < 2n, so one masked
    /// subtraction finishes it.
    private static func montgomery(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var t = [UInt64](repeating: 0, count: 7)
        for i in 0..<5 {
            var carry: UInt64 = 0
            for j in 0..<5 {
                let v = UInt128(t[j]) + UInt128(a[j]) * UInt128(b[i]) + UInt128(carry)
                t[j] = UInt64(truncatingIfNeeded: v)
                carry = UInt64(truncatingIfNeeded: v >> 64)
            }
            let top = UInt128(t[5]) + UInt128(carry)
            t[5] = UInt64(truncatingIfNeeded: top)
            t[6] = UInt64(truncatingIfNeeded: top >> 64)
            let m = t[0] &* montInverse  // makes t + m*n divisible by 2^64
            var v = UInt128(t[0]) + UInt128(m) * UInt128(order[0])
            carry = UInt64(truncatingIfNeeded: v >> 64)
            for j in 1..<5 {
                v = UInt128(t[j]) + UInt128(m) * UInt128(order[j]) + UInt128(carry)
                t[j - 1] = UInt64(truncatingIfNeeded: v)
                carry = UInt64(truncatingIfNeeded: v >> 64)
            }
            v = UInt128(t[5]) + UInt128(carry)
            t[4] = UInt64(truncatingIfNeeded: v)
            t[5] = t[6] &+ UInt64(truncatingIfNeeded: v >> 64)
        }
        return subtractOrderIfNotLess(Array(t[0..<5]))
    }
}

extension Scalar {
    /// Uniform in [0, n): 319 random bits, retried while >= n (n > 2^319 * (1 - 2^-29),
    /// so a retry is practically never needed and no modular bias is introduced).
    static func random<R: RandomNumberGenerator>(using rng: inout R) -> Scalar {
        while true {
            var l = (0..<5).map { _ in rng.next() as UInt64 }
            l[4] &= UInt64.max >> 1
            if let s = Scalar(canonicalLimbs: l) { return s }
        }
    }
}
