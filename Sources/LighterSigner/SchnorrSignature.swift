/// Schnorr signature over ECgFp5 with a Poseidon2 challenge (lighter-protocol.md §8.4):
/// 80 bytes = s (40 LE) ‖ e (40 LE).
package struct SchnorrSignature: Sendable, Hashable {
    package let s: Scalar
    package let e: Scalar

    package init(s: Scalar, e: Scalar) { (self.s, self.e) = (s, e) }

    /// nil unless 80 bytes with both halves canonical (< n), as the Go verifier requires.
    package init?(bytes: [UInt8]) {
        guard bytes.count == 80,
              let s = Scalar(canonicalBytesLE: Array(bytes[0..<40])),
              let e = Scalar(canonicalBytesLE: Array(bytes[40..<80])) else { return nil }
        (self.s, self.e) = (s, e)
    }

    package var bytes: [UInt8] { s.bytesLE + e.bytesLE }
}
