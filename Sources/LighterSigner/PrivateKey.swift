/// A Lighter API private key (40-byte little-endian ECgFp5 scalar). The scalar limbs live in a
/// buffer this class owns and zeroes on deinit; descriptions never reveal them.
public final class LighterPrivateKey: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable {
    // @unchecked: the buffer is written once in init and only read afterwards (then wiped in deinit).
    private let storage: UnsafeMutablePointer<UInt64>

    public enum ParseError: Error, CustomStringConvertible {
        case invalidHex, wrongLength(Int), zero
        // Never echoes the input: it is secret.
        public var description: String {
            switch self {
            case .invalidHex: return "private key is not valid hex"
            case .wrongLength(let n): return "private key must be 40 bytes, got \(n)"
            case .zero: return "private key is zero (a multiple of the group order): it signs for anyone who tries it"
            }
        }
    }

    /// Hex with or without 0x; values >= n are reduced as the Go signer does.
    public convenience init(hex: String) throws {
        guard var bytes = ByteEncoding.bytes(hex: hex) else { throw ParseError.invalidHex }
        defer { for i in bytes.indices { bytes[i] = 0 } }
        try self.init(bytes: bytes)
    }

    public init(bytes: [UInt8]) throws {
        guard let s = Scalar(bytesLE: bytes) else { throw ParseError.wrongLength(bytes.count) }
        // Zero (after the reduction mod n) has the identity as public key: no secret at all.
        guard !s.isZero else { throw ParseError.zero }
        storage = .allocate(capacity: 5)
        for i in 0..<5 { storage[i] = s.limbs[i] }
    }

    init(scalar: Scalar) {
        storage = .allocate(capacity: 5)
        for i in 0..<5 { storage[i] = scalar.limbs[i] }
    }

    /// A fresh uniformly random key (rejection sampling, so no modular bias).
    public static func generate() -> LighterPrivateKey {
        var rng = SystemRandomNumberGenerator()
        return LighterPrivateKey(scalar: Scalar.random(using: &rng))
    }

    deinit {
        // Volatile-enough for our purposes: the pointer escapes to deallocate, so the stores stay.
        storage.update(repeating: 0, count: 5)
        storage.deallocate()
    }

    var scalar: Scalar { Scalar(reducing: Array(UnsafeBufferPointer(start: storage, count: 5))) }

    /// Raw 40 bytes, for persisting the key; the caller owns the copy.
    public var bytesLE: [UInt8] { scalar.bytesLE }

    public var publicKey: LighterPublicKey { LighterPublicKey(point: ECgFp5Point.generatorMultiple(scalar)) }

    public var description: String { "LighterPrivateKey(<redacted>)" }
    public var debugDescription: String { description }
    /// No children, so dump()/Mirror-based printing of containing values reveals nothing.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// Public key = Encode(sk * G), 40 bytes LE (0x-hex in the official tooling).
public struct LighterPublicKey: Sendable, Hashable, CustomStringConvertible {
    public let encoded: Fp5

    init(point: ECgFp5Point) { encoded = point.encoded }

    /// nil unless 40 bytes of canonical limbs that decode to a curve point.
    public init?(hex: String) {
        guard let b = ByteEncoding.bytes(hex: hex) else { return nil }
        self.init(bytesLE: b)
    }

    public init?(bytesLE b: [UInt8]) {
        guard let w = Fp5(bytesLE: b), ECgFp5Point(encoded: w) != nil else { return nil }
        encoded = w
    }

    public var bytesLE: [UInt8] { encoded.bytesLE }
    public var hex: String { "0x" + ByteEncoding.hex(bytesLE) }
    public var description: String { hex }

    /// nil when the bytes are not a valid group element.
    var point: ECgFp5Point? { ECgFp5Point(encoded: encoded) }
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
