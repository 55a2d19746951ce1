/// Element of the Goldilocks field p = 2^64 - 2^32 + 1, always kept canonical (< p)
/// so that equality is plain integer equality.
package struct Goldilocks: Sendable, Hashable {
    package static let modulus: UInt64 = 0xFFFF_FFFF_0000_0001

    package let value: UInt64

    /// Reduces any UInt64 (Go casts int64 fields straight to u64 and reduces).
    @inlinable package init(_ v: UInt64) { value = v >= Self.modulus ? v &- Self.modulus : v }
    @usableFromInline init(canonical v: UInt64) { value = v }

    package static let zero = Goldilocks(canonical: 0)
    package static let one = Goldilocks(canonical: 1)

    package var isZero: Bool { value == 0 }

    @inlinable package static func + (a: Goldilocks, b: Goldilocks) -> Goldilocks {
        var (s, o) = a.value.addingReportingOverflow(b.value)
        if o { s &+= 0xFFFF_FFFF }  // s < 2^64 - 2^33 here, so no second overflow
        return Goldilocks(s)
    }

    @inlinable package static func - (a: Goldilocks, b: Goldilocks) -> Goldilocks {
        let (d, borrow) = a.value.subtractingReportingOverflow(b.value)
        // a - b + p == d - 2^64 + p == d - (2^32 - 1) (mod 2^64)
        return Goldilocks(canonical: borrow ? d &- 0xFFFF_FFFF : d)
    }

    @inlinable package static prefix func - (a: Goldilocks) -> Goldilocks { zero - a }

    @inlinable package static func * (a: Goldilocks, b: Goldilocks) -> Goldilocks {
        let (hi, lo) = a.value.multipliedFullWidth(by: b.value)
        return reduce128(hi: hi, lo: lo)
    }

    /// hi*2^64 + lo mod p using 2^64 = 2^32 - 1 and 2^96 = -1 (mod p).
    @inlinable static func reduce128(hi: UInt64, lo: UInt64) -> Goldilocks {
        let hiHi = hi >> 32
        let hiLo = hi & 0xFFFF_FFFF
        var (t0, borrow) = lo.subtractingReportingOverflow(hiHi)
        if borrow { t0 &-= 0xFFFF_FFFF }
        let t1 = hiLo &* 0xFFFF_FFFF  // < 2^64, exact
        var (t2, carry) = t0.addingReportingOverflow(t1)
        if carry { t2 &+= 0xFFFF_FFFF }
        return Goldilocks(t2)
    }

    @inlinable package var square: Goldilocks { self * self }
    package var double: Goldilocks { self + self }

    package func pow(_ e: UInt64) -> Goldilocks {
        var result = Goldilocks.one, base = self, e = e
        while e != 0 {
            if e & 1 == 1 { result = result * base }
            base = base.square
            e >>= 1
        }
        return result
    }

    /// Multiplicative inverse by Fermat; 0 maps to 0.
    package var inverse: Goldilocks { pow(Self.modulus - 2) }

    /// 1 for non-zero squares, p-1 for non-squares, 0 for 0.
    package var legendre: Goldilocks { pow((Self.modulus - 1) / 2) }

    /// Tonelli–Shanks (p - 1 = 2^32 * (2^32 - 1)); nil for non-squares.
    package var squareRoot: Goldilocks? {
        if isZero { return self }
        if legendre != .one { return nil }
        let q: UInt64 = 0xFFFF_FFFF
        var m = 32
        var c = Goldilocks(canonical: 1_753_635_133_440_165_772)  // 7^q, a primitive 2^32-th root of unity
        var t = pow(q)
        var r = pow((q + 1) / 2)
        while t != .one {
            var i = 0
            var t2 = t
            while t2 != .one { t2 = t2.square; i += 1 }
            var b = c
            for _ in 0..<(m - i - 1) { b = b.square }
            m = i
            c = b.square
            t = t * c
            r = r * b
        }
        return r
    }
}

extension Goldilocks: CustomStringConvertible {
    package var description: String { String(value) }
}

extension Goldilocks {
    @inline(__always) var triple: Goldilocks { self + self + self }
}

extension Goldilocks: ExpressibleByIntegerLiteral {
    package init(integerLiteral v: UInt64) { self.init(v) }
}
