/// Poseidon2 over Goldilocks, width 12, rate 8, 4+22+4 rounds, S-box x^7 (lighter-protocol.md §8.3).
package enum Poseidon2 {
    package static let width = 12
    package static let rate = 8

    // Converted once from the generated literals so the hot loop works on field values.
    private static let external: [[Goldilocks]] = Poseidon2Constants.external.map { row in row.map { Goldilocks($0) } }
    private static let internalRounds: [Goldilocks] = Poseidon2Constants.internalRounds.map { Goldilocks($0) }
    private static let diagonal: [Goldilocks] = Poseidon2Constants.internalDiagonal.map { Goldilocks($0) }

    @inline(__always) private static func sbox(_ x: Goldilocks) -> Goldilocks {
        let x2 = x.square
        let x3 = x2 * x
        return x3 * x2.square  // x^7
    }

    /// M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]] per 4-lane block, then each lane
    /// adds the sum of its column (lanes i mod 4) over the three blocks.
    private static func externalLayer(_ s: inout [Goldilocks]) {
        for i in stride(from: 0, to: 12, by: 4) {
            let (a, b, c, d) = (s[i], s[i + 1], s[i + 2], s[i + 3])
            let ab = a + b, cd = c + d
            s[i] = ab + cd + a + b.double      // 2a + 3b + c + d
            s[i + 1] = ab + cd + b + c.double  // a + 2b + 3c + d
            s[i + 2] = ab + cd + c + d.double  // a + b + 2c + 3d
            s[i + 3] = ab + cd + d + a.double  // 3a + b + c + 2d
        }
        for k in 0..<4 {
            let sum = s[k] + s[k + 4] + s[k + 8]
            s[k] = s[k] + sum
            s[k + 4] = s[k + 4] + sum
            s[k + 8] = s[k + 8] + sum
        }
    }

    private static func fullRound(_ s: inout [Goldilocks], _ r: Int) {
        let rc = external[r]
        for i in 0..<12 { s[i] = sbox(s[i] + rc[i]) }
        externalLayer(&s)
    }

    package static func permute(_ state: inout [Goldilocks]) {
        precondition(state.count == width, "Poseidon2 state must have 12 lanes")
        externalLayer(&state)
        for r in 0..<4 { fullRound(&state, r) }
        for r in 0..<22 {
            state[0] = sbox(state[0] + internalRounds[r])
            var sum = Goldilocks.zero
            for x in state { sum = sum + x }
            for i in 0..<12 { state[i] = state[i] * diagonal[i] + sum }
        }
        for r in 4..<8 { fullRound(&state, r) }
    }

    /// Overwrite-mode sponge without padding: each chunk of up to 8 inputs replaces the
    /// first lanes (a short last chunk leaves the rest as is), then permute.
    package static func hashNToMNoPad(_ input: [Goldilocks], outputCount m: Int) -> [Goldilocks] {
        guard m > 0 else { return [] }
        var state = [Goldilocks](repeating: .zero, count: width)
        var i = 0
        while i < input.count {
            let end = Swift.min(i + rate, input.count)
            for j in i..<end { state[j - i] = input[j] }
            permute(&state)
            i = end
        }
        var out: [Goldilocks] = []
        out.reserveCapacity(m)
        while true {
            for j in 0..<rate {
                out.append(state[j])
                if out.count == m { return out }
            }
            permute(&state)
        }
    }

    /// HashToQuinticExtension: the first 5 outputs as an Fp5 element.
    package static func hashToFp5(_ input: [Goldilocks]) -> Fp5 {
        let h = hashNToMNoPad(input, outputCount: 5)
        return Fp5(h[0], h[1], h[2], h[3], h[4])
    }

    /// Bytes -> 8-byte little-endian words (last one zero-padded) -> field elements, as the
    /// Go auth-token path does before hashing.
    package static func elements(fromBytes bytes: [UInt8]) -> [Goldilocks] {
        stride(from: 0, to: bytes.count, by: 8).map { start in
            var w: UInt64 = 0
            for k in start..<Swift.min(start + 8, bytes.count) { w |= UInt64(bytes[k]) << (8 * UInt64(k - start)) }
            return Goldilocks(w)
        }
    }
}
