import LighterProtocol

/// The one place log text is cleaned of secrets before it reaches a sink.
///
/// Four rules:
/// 1. the value of every JSON `"auth"` field becomes `<redacted>` (a subscribe message);
/// 2. a run of 160 or more hex digits becomes `<redacted>`: an auth token's 80-byte signature
///    (`1767225600:12345:3:<redacted>` keeps the parts that help diagnosis) or any long signature;
/// 3. a run of 80 to 159 hex digits, with or without `0x`, becomes `<redacted>`: Lighter API keys
///    are 40 bytes. Exception: a run labelled as a hash (`"tx_hash":"…"`, `tx_hash=…`) stays,
///    because Lighter transaction hashes are also 80 hex digits and are what one greps for;
/// 4. the signature of anything shaped like a token becomes `<redacted>` whatever its length
///    (16 hex digits or more): `deadline:account:apiKey:hex` and read-only
///    `ro:account:scope:expiry:hex`, so a cut or odd-sized token does not slip past rules 2-3.
public enum LogRedaction {
    /// What every secret is replaced with.
    public static let placeholder = "<redacted>"

    /// Hex runs at least this long are always secrets (auth-token signatures).
    static let signatureHexDigits = 160
    /// Hex runs at least this long are keys unless labelled as a hash.
    static let keyHexDigits = 80
    /// A hex run at least this long in a token's signature place is redacted (rule 4).
    static let tokenSignatureHexDigits = 16

    /// Returns `text` with every secret replaced by `<redacted>`. Text without secrets is returned
    /// as is after a single scan, so calling this on every log line is cheap.
    public static func redact(_ text: String) -> String {
        let found = text.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(Array(text.utf8))
        if !found.authKey && !found.longHex { return text }
        var result = text
        if found.authKey { result = Redaction.authFields(in: result) }
        if found.longHex { result = redactHexRuns(result) }
        return result
    }

    /// Whether `text` holds a JSON `"auth"` key, and whether it holds a hex run that rules 2-4
    /// may redact: one of key length, or one of token-signature length right after a colon.
    static func scan<C: Collection>(_ bytes: C) -> (authKey: Bool, longHex: Bool) where C.Element == UInt8 {
        var authKey = false
        var longHex = false
        var run = 0
        var runAfterColon = false
        var previous: UInt8 = 0
        // Matches `"auth"` byte by byte: position in the pattern so far.
        var authMatched = 0
        let authPattern: [UInt8] = Array("\"auth\"".utf8)
        for b in bytes {
            if isHex(b) {
                if run == 0 { runAfterColon = previous == UInt8(ascii: ":") }
                run += 1
                if run >= keyHexDigits || (runAfterColon && run >= tokenSignatureHexDigits) { longHex = true }
            } else {
                run = 0
            }
            previous = b
            if b == authPattern[authMatched] {
                authMatched += 1
                if authMatched == authPattern.count { authKey = true; authMatched = 0 }
            } else {
                authMatched = b == authPattern[0] ? 1 : 0
            }
            if authKey && longHex { break }
        }
        return (authKey, longHex)
    }

    @inline(__always)
    static func isHex(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 97 && b <= 102) || (b >= 65 && b <= 70)
    }

    static func redactHexRuns(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let n = bytes.count
        var out: [UInt8] = []
        out.reserveCapacity(n)
        let placeholderBytes = Array(placeholder.utf8)
        var i = 0
        while i < n {
            let b = bytes[i]
            guard isHex(b) else { out.append(b); i += 1; continue }
            // A `0x` prefix belongs to the key it introduces and goes with it.
            var digitsStart = i
            if b == UInt8(ascii: "0"), i + 2 < n, bytes[i + 1] | 0x20 == UInt8(ascii: "x"), isHex(bytes[i + 2]) {
                digitsStart = i + 2
            }
            var end = digitsStart
            while end < n, isHex(bytes[end]) { end += 1 }
            let length = end - digitsStart
            if length >= signatureHexDigits || (length >= keyHexDigits && !labelledAsHash(bytes, before: i))
                || (length >= tokenSignatureHexDigits && digitsStart == i && isTokenSignature(bytes, at: i)) {
                out.append(contentsOf: placeholderBytes)
            } else {
                out.append(contentsOf: bytes[i..<end])
            }
            i = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when the hex run at `index` is in a token's signature place: preceded by
    /// `digits:digits:digits:` (an auth token) or `ro:digits:word:digits:` (a read-only token).
    static func isTokenSignature(_ bytes: [UInt8], at index: Int) -> Bool {
        let colon = UInt8(ascii: ":")
        var j = index - 1
        /// Steps back over `:field` (the colon at `j`, then the field before it), if the field is
        /// one or more bytes that `accept` takes; `j` ends on the byte before the field.
        func field(_ accept: (UInt8) -> Bool) -> Bool {
            guard j >= 0, bytes[j] == colon else { return false }
            j -= 1
            let end = j
            while j >= 0, accept(bytes[j]) { j -= 1 }
            return j < end
        }
        let digit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        let letter: (UInt8) -> Bool = { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }
        guard field(digit) else { return false }
        let afterExpiry = j
        // An auth token: two more digit fields.
        if field(digit), field(digit) { return true }
        j = afterExpiry
        // A read-only token: `ro:` account `:` scope `:` expiry `:`.
        return field(letter) && field(digit) && j >= 2 && bytes[j] == colon
            && bytes[j - 1] | 0x20 == UInt8(ascii: "o") && bytes[j - 2] | 0x20 == UInt8(ascii: "r")
    }

    /// True when the text just before `index` names a hash: `tx_hash":"`, `hash=`, `hash: `.
    static func labelledAsHash(_ bytes: [UInt8], before index: Int) -> Bool {
        var j = index - 1
        var skipped = 0
        // Skip the separator between a key and its value: quotes, colon, equals, spaces.
        while j >= 0, skipped < 4, [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ":"),
                                    UInt8(ascii: "="), UInt8(ascii: " ")].contains(bytes[j]) {
            j -= 1; skipped += 1
        }
        guard skipped > 0, j >= 3 else { return false }
        let label: [UInt8] = Array("hash".utf8)
        for k in 0..<4 where bytes[j - 3 + k] | 0x20 != label[k] { return false }
        return true
    }

    /// Metadata keys whose values are secrets whatever they look like.
    public static let secretMetadataKeys: Set<String> = [
        "auth", "auth_token", "authToken", "token", "signature", "private_key", "privateKey",
        "api_key_private_key", "secret", "api_secret",
    ]
}
