/// Sum of up to five u64 x u64 products, reduced mod p once at the end. Low and high halves
/// are summed separately in 128-bit integers so no carry can be lost.
struct Acc192 {
    var low: UInt128 = 0, high: UInt128 = 0

    @inline(__always) mutating func mac(_ a: UInt64, _ b: UInt64) {
        let (ph, pl) = a.multipliedFullWidth(by: b)
        low &+= UInt128(pl)
        high &+= UInt128(ph)
    }

    /// value = high*2^64 + low; 2^128 = -2^32 (mod p) folds the few bits above 128 in as -(top*2^32).
    @inline(__always) var reduced: Goldilocks {
        let h = high &+ (low >> 64)
        let top = UInt64(truncatingIfNeeded: h >> 64)
        let r = Goldilocks.reduce128(hi: UInt64(truncatingIfNeeded: h), lo: UInt64(truncatingIfNeeded: low))
        return r - Goldilocks(top << 32)  // top < 8, no overflow
    }
}
