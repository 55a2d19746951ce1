/// A Lighter auth token: `deadline:account:apiKeyIndex:signatureHex`, deadline in Unix
/// seconds, signature 80 bytes as 160 lowercase hex characters.
///
/// The venue accepts a token while `deadline - 8h <= now <= deadline`: a deadline further
/// out is not yet valid. The signature itself is checked by the signer module.
public struct AuthToken: Sendable, Hashable {
    public static let maxLifetimeSeconds: Int64 = 8 * 3600

    public var deadline: Int64
    public var account: Int64
    public var apiKeyIndex: Int
    public var signatureHex: String

    public init(deadline: Int64, account: Int64, apiKeyIndex: Int, signatureHex: String) {
        self.deadline = deadline; self.account = account; self.apiKeyIndex = apiKeyIndex; self.signatureHex = signatureHex
    }

    /// Why a token is refused, in the venue's words where they are known.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case malformed(String)
        case expired(deadline: Int64, now: Int64)
        case notYetValid(deadline: Int64, now: Int64)
        case accountMismatch(token: Int64, channel: Int64)

        public var description: String {
            switch self {
            case .malformed(let why): "invalid auth: \(why)"
            case .expired: "invalid auth: invalid deadline"
            case .notYetValid: "invalid auth: invalid deadline"
            case .accountMismatch: "invalid auth: account index mismatch"
            }
        }
    }

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
    public var text: String { "\(message):\(signatureHex)" }

    /// Checks the validity window at `now` (Unix seconds).
    public func checkWindow(now: Int64) throws(Problem) {
        if now > deadline { throw .expired(deadline: deadline, now: now) }
        if deadline - now > Self.maxLifetimeSeconds { throw .notYetValid(deadline: deadline, now: now) }
    }

    /// Seconds of validity left at `now` (negative once expired).
    public func remaining(now: Int64) -> Int64 { deadline - now }
}

/// Hides secrets before text reaches a log, a recording or an error message.
public enum Redaction {
    /// `1767225600:12345:3:0989…` becomes `1767225600:12345:3:<redacted>`: the parts that help
    /// diagnosis stay, the signature goes.
    public static func token(_ token: String) -> String {
        let parts = token.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        if parts.count == 4 { return "\(parts[0]):\(parts[1]):\(parts[2]):<redacted>" }
        return "<redacted>"
    }

    /// Replaces the value of every `"auth":"…"` field in JSON text.
    public static func authFields(in json: String) -> String {
        guard json.contains("\"auth\"") else { return json }
        let bytes = Array(json.utf8)
        let key = Array("\"auth\"".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard i + key.count <= bytes.count, bytes[i..<(i + key.count)].elementsEqual(key) else {
                out.append(bytes[i]); i += 1; continue
            }
            out.append(contentsOf: key)
            i += key.count
            var j = i
            while j < bytes.count, bytes[j] == UInt8(ascii: ":") || bytes[j] == UInt8(ascii: " ") { j += 1 }
            guard j < bytes.count, bytes[j] == UInt8(ascii: "\"") else { continue }
            out.append(contentsOf: bytes[i..<j])
            var end = j + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
            out.append(contentsOf: Array("\"<redacted>\"".utf8))
            i = min(end + 1, bytes.count)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
