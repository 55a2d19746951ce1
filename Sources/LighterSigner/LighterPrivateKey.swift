/// A Lighter API private key (40-byte little-endian ECgFp5 scalar). The scalar limbs live in a
/// buffer this class owns and zeroes on deinit; descriptions never reveal them.
public final class LighterPrivateKey: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable {
    // @unchecked: the buffer is written once in init and only read afterwards (then wiped in deinit).
    private let storage: UnsafeMutablePointer<UInt64>

    /// Why hex or bytes are not a private key.
    public enum ParseError: Error, CustomStringConvertible {
        case invalidHex, wrongLength(Int), zero
        // Never echoes the input: it is secret.
        /// Words that never repeat the (secret) input.
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

    /// 40 little-endian bytes; values >= n are reduced as the Go signer does. Throws
    /// `ParseError.wrongLength` or `.zero`.
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

    /// The public key the venue registers for this private key (`Encode(sk * G)`).
    public var publicKey: LighterPublicKey { LighterPublicKey(point: ECgFp5Point.generatorMultiple(scalar)) }

    /// Always `LighterPrivateKey(<redacted>)`.
    public var description: String { "LighterPrivateKey(<redacted>)" }
    /// Same as `description`: redacted.
    public var debugDescription: String { description }
    /// No children, so dump()/Mirror-based printing of containing values reveals nothing.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

