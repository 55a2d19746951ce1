import Crypto
import Foundation

/// Why a key or signature text was refused.
public enum BackpackKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    case notBase64
    case wrongLength(Int)
    /// A 64-byte secret whose second half is not the public key of its first half.
    case mismatchedPublicHalf

    /// A one-line description.
    public var description: String {
        switch self {
        case .notBase64: "the key is not base64"
        case .wrongLength(let count): "the key is \(count) bytes, not 32 (seed) or 64 (seed and public key)"
        case .mismatchedPublicHalf: "the 64-byte key's second half is not the public key of its seed"
        }
    }
}

/// The four headers of a signed REST request.
public struct BackpackAuthHeaders: Sendable, Hashable {
    /// `X-API-Key`: base64 of the 32-byte public key.
    public var apiKey: String
    /// `X-Signature`: base64 of the 64-byte ED25519 signature.
    public var signature: String
    /// `X-Timestamp`, milliseconds.
    public var timestampMs: Int64
    /// `X-Window`, milliseconds.
    public var windowMs: Int64

    /// Creates a value from its parts.
    public init(apiKey: String, signature: String, timestampMs: Int64, windowMs: Int64) {
        self.apiKey = apiKey; self.signature = signature; self.timestampMs = timestampMs; self.windowMs = windowMs
    }

    /// Name and value of each header.
    public var fields: [(name: String, value: String)] {
        [("X-API-Key", apiKey), ("X-Signature", signature), ("X-Timestamp", String(timestampMs)),
         ("X-Window", String(windowMs))]
    }
}

/// An API key: signs requests and the private-stream subscribe with ED25519.
///
/// The secret is base64 of the 32-byte seed (what the venue hands out); the 64-byte
/// seed-and-public form some tools export is accepted when its halves agree. ED25519 is
/// deterministic on this package's Linux backend (BoringSSL), so signatures reproduce the
/// reference vectors byte for byte; Apple's CryptoKit randomises them, and there only
/// verification is comparable.
public struct BackpackSigner: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// A key from the base64 secret.
    public init(secretBase64: String) throws(BackpackKeyError) {
        guard let bytes = Data(base64Encoded: secretBase64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw .notBase64
        }
        try self.init(secret: [UInt8](bytes))
    }

    /// A key from 32 seed bytes, or 64 bytes of seed then public key.
    public init(secret: [UInt8]) throws(BackpackKeyError) {
        guard secret.count == 32 || secret.count == 64 else { throw .wrongLength(secret.count) }
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: secret.prefix(32)) else {
            throw .wrongLength(secret.count)
        }
        if secret.count == 64, [UInt8](key.publicKey.rawRepresentation) != Array(secret.suffix(32)) {
            throw .mismatchedPublicHalf
        }
        self.key = key
    }

    /// A fresh random key (the simulator's account script, tests).
    public static func generate() -> BackpackSigner { BackpackSigner(key: Curve25519.Signing.PrivateKey()) }

    private init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    /// `X-API-Key`: base64 of the public key.
    public var publicKeyBase64: String { key.publicKey.rawRepresentation.base64EncodedString() }

    /// The secret as the venue hands it out (base64 of the seed).
    public var secretBase64: String { key.rawRepresentation.base64EncodedString() }

    /// Base64 of the signature of `message`'s UTF-8 bytes.
    public func signature(for message: String) -> String {
        // Signing fails only on a broken backend; an empty signature is then refused by the server.
        ((try? key.signature(for: Data(message.utf8))) ?? Data()).base64EncodedString()
    }

    /// The headers of a signed request.
    public func headers(instruction: String, params: [BackpackParam], timestampMs: Int64,
                        windowMs: Int64 = BackpackSigning.defaultWindowMs) -> BackpackAuthHeaders {
        let text = BackpackSigning.signingString(instruction: instruction, params: params, timestampMs: timestampMs,
                                                 windowMs: windowMs)
        return BackpackAuthHeaders(apiKey: publicKeyBase64, signature: signature(for: text), timestampMs: timestampMs,
                                   windowMs: windowMs)
    }

    /// The headers of a batch order request.
    public func batchHeaders(orders: [[BackpackParam]], timestampMs: Int64,
                             windowMs: Int64 = BackpackSigning.defaultWindowMs) -> BackpackAuthHeaders {
        let text = BackpackSigning.batchSigningString(instruction: BackpackInstruction.orderExecute, items: orders,
                                                      timestampMs: timestampMs, windowMs: windowMs)
        return BackpackAuthHeaders(apiKey: publicKeyBase64, signature: signature(for: text), timestampMs: timestampMs,
                                   windowMs: windowMs)
    }

    /// A signed private-stream subscribe for `streams`.
    public func subscribe(_ streams: [String], timestampMs: Int64,
                          windowMs: Int64 = BackpackSigning.defaultWindowMs) -> BackpackClientMessage {
        let text = BackpackSigning.signingString(instruction: BackpackInstruction.subscribe, params: [(String, String)](),
                                                 timestampMs: timestampMs, windowMs: windowMs)
        return BackpackClientMessage(method: .subscribe, params: streams,
                                     signature: [publicKeyBase64, signature(for: text), String(timestampMs), String(windowMs)])
    }
}

/// Checks ED25519 signatures as the venue does.
public enum BackpackSignatureCheck {
    /// True when `signatureBase64` is a valid signature of `message` by `publicKeyBase64`.
    /// Ill-formed keys or signatures are simply invalid.
    public static func isValid(publicKeyBase64: String, signatureBase64: String, message: String) -> Bool {
        guard let keyBytes = Data(base64Encoded: publicKeyBase64), keyBytes.count == 32,
              let signature = Data(base64Encoded: signatureBase64), signature.count == 64,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes) else { return false }
        return key.isValidSignature(signature, for: Data(message.utf8))
    }

    /// True when the text is base64 of 32 bytes: a well-formed `X-API-Key`.
    public static func isWellFormedKey(_ text: String) -> Bool { Data(base64Encoded: text)?.count == 32 }

    /// True when the text is base64 of 64 bytes: a well-formed `X-Signature`.
    public static func isWellFormedSignature(_ text: String) -> Bool { Data(base64Encoded: text)?.count == 64 }
}
