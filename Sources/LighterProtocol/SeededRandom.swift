/// SplitMix64: a tiny seeded generator, so that a simulation, a property test or a fuzz run
/// with the same seed replays exactly. Never for anything secret (keys and nonces use the
/// system's generator).
package struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    /// A generator for a sub-stream (one per market, say), so that drawing from one never
    /// shifts another's sequence.
    package init(seed: UInt64, stream: UInt64) {
        var mixer = SeededRandom(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next()
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `range` (multiply-shift; the tiny bias does not matter for simulations).
    package mutating func int(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }  // the full 64-bit range
        let scaled = next().multipliedFullWidth(by: span).high
        return range.lowerBound &+ Int64(bitPattern: scaled)
    }

    /// True with probability `permille` / 1000.
    package mutating func chance(permille: Int64) -> Bool { int(in: 0...999) < permille }
}
