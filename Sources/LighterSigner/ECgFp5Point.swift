/// Point of ECgFp5 (Pornin): y^2 = x(x^2 + a x + b) over Fp5, a = 2, b = 263 z, prime order n.
/// Fractional (x, u) = (X/Z, U/T) coordinates with u = x/y; the neutral has u = 0. The
/// addition formulas are complete, so no special cases are needed.
package struct ECgFp5Point: Sendable {
    var x, z, u, t: Fp5

    init(x: Fp5, z: Fp5, u: Fp5, t: Fp5) { (self.x, self.z, self.u, self.t) = (x, z, u, t) }

    static let a = Fp5(Goldilocks(2))
    static let bTimes4 = Fp5(.zero, Goldilocks(4 * 263), .zero, .zero, .zero)

    package static let neutral = ECgFp5Point(x: .zero, z: .one, u: .zero, t: .one)
    package static let generator = ECgFp5Point(
        x: Fp5(limbs: [12_883_135_586_176_881_569, 4_356_519_642_755_055_268, 5_248_930_565_894_896_907,
                       2_165_973_894_480_315_022, 2_448_410_071_095_648_785]),
        z: .one, u: .one, t: Fp5(Goldilocks(4)))

    package var isNeutral: Bool { u.isZero }

    /// Equal iff u/t agree (u determines the group element in this representation).
    package func isEqual(to other: ECgFp5Point) -> Bool { u * other.t == other.u * t }

    /// Canonical encoding w = y/x = t/u (0 for the neutral).
    package var encoded: Fp5 { t * u.inverse }

    /// Inverse of `encoded`: x is the non-square root of x^2 - (w^2 - a) x + b = 0.
    /// nil when (w^2 - a)^2 - 4b has no square root (not a group element).
    package init?(encoded w: Fp5) {
        if w.isZero { self = .neutral; return }
        let e = w.square - Self.a
        let delta = e.square - Self.bTimes4
        guard let r = delta.squareRoot else { return nil }
        let half = Goldilocks(2).inverse
        let x1 = (e + r) * half
        let x2 = (e - r) * half
        self.init(x: x1.legendre == .one ? x2 : x1, z: .one, u: .one, t: w)
    }

    package static func + (p: ECgFp5Point, q: ECgFp5Point) -> ECgFp5Point {
        let t1 = p.x * q.x
        let t2 = p.z * q.z
        let t3 = p.u * q.u
        let t4 = p.t * q.t
        let t5 = (p.x + p.z) * (q.x + q.z) - (t1 + t2)
        let t6 = (p.u + p.t) * (q.u + q.t) - (t3 + t4)
        let t7 = t1 + t2.timesB
        let t8 = t4 * t7
        let t9 = t3 * (t5.timesB.double + t7.double)
        let t10 = (t4 + t3.double) * (t5 + t7)
        return ECgFp5Point(x: (t10 - t8).timesB, z: t8 - t9, u: t6 * (t2.timesB - t1), t: t8 + t9)
    }

    package var doubled: ECgFp5Point {
        let t1 = z * t
        let t2 = t1 * t
        let x1 = t2.square
        let z1 = t1 * u
        let t3 = u.square
        let w1 = t2 - t3 * (x + z).double
        let t4 = z1.square
        let newZ = w1.square
        return ECgFp5Point(x: t4.timesB.double.double, z: newZ, u: (w1 + z1).square - (t4 + newZ),
                           t: x1.double - (t4 * Goldilocks(4) + newZ))
    }

    /// Variable-time 4-bit window multiplication, for package scalars (verification).
    package static func * (s: Scalar, p: ECgFp5Point) -> ECgFp5Point {
        var window = [ECgFp5Point.neutral, p]
        for _ in 2..<16 { window.append(window[window.count - 1] + p) }
        var acc = ECgFp5Point.neutral
        for i in stride(from: 79, through: 0, by: -1) {
            acc = acc.doubled.doubled.doubled.doubled
            let digit = s.nibble(i)
            if digit != 0 { acc = acc + window[digit] }
        }
        return acc
    }

    /// Adds an affine point (x2, u2) (i.e. Z = T = 1); (0, 0) acts as the neutral. 8M instead of 10M.
    func addingAffine(x x2: Fp5, u u2: Fp5) -> ECgFp5Point {
        let t1 = x * x2
        let t3 = u * u2
        let t5 = x + x2 * z
        let t6 = u + u2 * t
        let t7 = t1 + z.timesB
        let t8 = t * t7
        let t9 = t3 * (t5.timesB.double + t7.double)
        let t10 = (t + t3.double) * (t5 + t7)
        return ECgFp5Point(x: (t10 - t8).timesB, z: t8 - t9, u: t6 * (z.timesB - t1), t: t8 + t9)
    }

    /// Fixed-base comb for G: for digit position i (0..<80) and digit j (0..<16) the affine
    /// (x, u) of j * 16^i * G, flattened as 10 limbs per entry (~100 KB, built once in ~1 ms).
    private static let generatorTable: [UInt64] = {
        var flat: [UInt64] = []
        flat.reserveCapacity(80 * 16 * 10)
        var base = ECgFp5Point.generator
        for _ in 0..<80 {
            var entry = ECgFp5Point.neutral
            for j in 0..<16 {
                if j > 0 { entry = entry + base }
                // affine x = X/Z, u = U/T; the neutral maps to (0, 0), which addingAffine accepts
                flat += (entry.x * entry.z.inverse).limbs + (entry.u * entry.t.inverse).limbs
            }
            base = base.doubled.doubled.doubled.doubled
        }
        return flat
    }()

    /// s * G for secret s: 80 complete affine additions; every table entry of a row is read
    /// and masked, so neither branches nor memory addresses depend on s.
    package static func generatorMultiple(_ s: Scalar) -> ECgFp5Point {
        var acc = ECgFp5Point.neutral
        generatorTable.withUnsafeBufferPointer { table in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 10) { picked in
                for i in 0..<80 {
                    let digit = UInt64(truncatingIfNeeded: s.nibble(i))
                    picked.initialize(repeating: 0)
                    for j in 0..<16 {
                        let diff = UInt64(j) ^ digit
                        let mask = ((diff | (0 &- diff)) >> 63) &- 1  // all-ones iff j == digit
                        let row = (i * 16 + j) * 10
                        for k in 0..<10 { picked[k] |= table[row + k] & mask }
                    }
                    acc = acc.addingAffine(x: Fp5(canonical: picked, from: 0), u: Fp5(canonical: picked, from: 5))
                }
            }
        }
        return acc
    }
}

extension Fp5 {
    /// Five limbs known to be canonical (they come from `limbs` of a valid element).
    init(canonical p: UnsafeMutableBufferPointer<UInt64>, from i: Int) {
        self.init(Goldilocks(canonical: p[i]), Goldilocks(canonical: p[i + 1]), Goldilocks(canonical: p[i + 2]),
                  Goldilocks(canonical: p[i + 3]), Goldilocks(canonical: p[i + 4]))
    }

    /// self * b with b = 263 z: a coefficient shift (z^5 = 3) and a small multiple, not a full product.
    var timesB: Fp5 {
        let k = Goldilocks(263)
        return Fp5(c4 * Goldilocks(3 * 263), c0 * k, c1 * k, c2 * k, c3 * k)
    }
}
