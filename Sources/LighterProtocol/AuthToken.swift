/// A Lighter auth token: `deadline:account:apiKeyIndex:signatureHex`, deadline in Unix
/// seconds, signature 80 bytes as 160 lowercase hex characters.
///
/// The venue accepts a token while `deadline - 8h <= now <= deadline`: a deadline further
/// out is not yet valid. The signature itself is checked by the signer module.
public struct AuthToken: Sendable, Hashable {
    /// How far ahead of now the venue accepts a deadline: 8 hours.
    public static let maxLifetimeSeconds: Int64 = 8 * 3600

    /// Unix seconds after which the token is refused.
    public var deadline: Int64
    /// The account the token authenticates.
    public var account: Int64
    /// The API key (0-254) that signed it.
    public var apiKeyIndex: Int
    /// The 80-byte signature as 160 lowercase hex characters.
    public var signatureHex: String

    /// A token of these parts; nothing is checked.
    public init(deadline: Int64, account: Int64, apiKeyIndex: Int, signatureHex: String) {
        self.deadline = deadline; self.account = account; self.apiKeyIndex = apiKeyIndex; self.signatureHex = signatureHex
    }

    /// Why a token is refused, in the venue's words where they are known.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case malformed(String)
        case expired(deadline: Int64, now: Int64)
        case notYetValid(deadline: Int64, now: Int64)
        case accountMismatch(token: Int64, channel: Int64)

        /// The venue's words for the problem (`invalid auth: …`).
        public var description: String {
            switch self {
            case .malformed(let why): "invalid auth: \(why)"
            case .expired: "invalid auth: invalid deadline"
            case .notYetValid: "invalid auth: invalid deadline"
            case .accountMismatch: "invalid auth: account index mismatch"
            }
        }
    }

    /// Parses `deadline:account:apiKeyIndex:signatureHex`; throws `.malformed` when a part is out of
    /// range or not in its form. The window and the signature are not checked.
    public init(parsing text: String) throws(Problem) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4 else { throw .malformed("expected deadline:account:api_key:signature") }
        guard let deadline = Int64(parts[0]), deadline > 0 else { throw .malformed("bad deadline") }
        guard let account = Int64(parts[1]), account >= 0 else { throw .malformed("bad account index") }
        guard let key = Int(parts[2]), (0...254).contains(key) else { throw .malformed("bad api key index") }
        let signature = parts[3]
        guard signature.utf8.count == 160,
              signature.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { throw .malformed("bad signature encoding") }
        self.init(deadline: deadline, account: account, apiKeyIndex: key, signatureHex: String(signature))
    }

    /// The text that is signed: `deadline:account:apiKeyIndex`.
    public var message: String { "\(deadline):\(account):\(apiKeyIndex)" }
    /// The whole token, `message:signatureHex`.
    public var text: String { "\(message):\(signatureHex)" }

    /// Checks the validity window at `now` (Unix seconds).
    public func checkWindow(now: Int64) throws(Problem) {
        if now > deadline { throw .expired(deadline: deadline, now: now) }
        if deadline - now > Self.maxLifetimeSeconds { throw .notYetValid(deadline: deadline, now: now) }
    }

    /// Seconds of validity left at `now` (negative once expired).
    public func remaining(now: Int64) -> Int64 { deadline - now }
}
