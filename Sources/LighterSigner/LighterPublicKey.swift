/// Public key = Encode(sk * G), 40 bytes LE (0x-hex in the official tooling).
public struct LighterPublicKey: Sendable, Hashable, CustomStringConvertible {
    package let encoded: Fp5

    init(point: ECgFp5Point) { encoded = point.encoded }

    /// nil unless 40 bytes of canonical limbs that decode to a curve point.
    public init?(hex: String) {
        guard let b = ByteEncoding.bytes(hex: hex) else { return nil }
        self.init(bytesLE: b)
    }

    /// nil unless 40 bytes of canonical limbs that decode to a curve point.
    public init?(bytesLE b: [UInt8]) {
        guard let w = Fp5(bytesLE: b), ECgFp5Point(encoded: w) != nil else { return nil }
        encoded = w
    }

    /// The 40-byte little-endian encoding.
    public var bytesLE: [UInt8] { encoded.bytesLE }
    /// `0x` and 80 lowercase hex digits, as the venue and its tooling print public keys.
    public var hex: String { "0x" + ByteEncoding.hex(bytesLE) }
    /// The `hex` form.
    public var description: String { hex }

    /// nil when the bytes are not a valid group element.
    var point: ECgFp5Point? { ECgFp5Point(encoded: encoded) }
}
