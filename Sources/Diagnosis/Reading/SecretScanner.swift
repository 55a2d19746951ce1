#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds credentials printed in a log line, and hides them in any text the report shows.
///
/// What counts as a secret (the same rules our own logger redacts by):
/// * the value of an `"auth"` / `'auth'` field: a Lighter auth token is a bearer credential for
///   the account's private streams until its deadline (the forked bot logged whole subscribe
///   messages, token included, at INFO);
/// * a run of 160 or more hex digits: an auth token's signature, or any long signature;
/// * a run of 80 to 159 hex digits not labelled as a hash: Lighter API private keys are 40
///   bytes (transaction hashes are as long, so `tx_hash=…` stays);
/// * either run only when it holds both digits and letters: random hex that long always does;
///   `aaaa…` or a long decimal number is not a key;
/// * the value after a `…PRIVATE_KEY` or `…SECRET_KEY` name (`API_KEY_PRIVATE_KEY=…`,
///   `BACKPACK_SECRET_KEY=…`).
enum SecretScanner {
    enum Kind: String {
        /// The value of an `auth` field.
        case authToken = "auth-token"
        /// A key or signature written as a long hex run.
        case longHex = "hex-key"
        /// The value after a `…PRIVATE_KEY` / `…SECRET_KEY` name.
        case namedKey = "named-key"
    }

    struct Hit {
        var range: Range<Int>
        var kind: Kind
    }

    static let placeholder: StaticString = "<redacted>"
    static let signatureHexDigits = 160
    static let keyHexDigits = 80
    /// Values shorter than this after a key name are placeholders (`***`, `your_key_here`), not keys.
    static let namedValueMinimum = 16

    /// Every secret in `range` of `line`; with `firstOnly`, stops at the first.
    static func scan(_ line: LineBytes, in range: Range<Int>, firstOnly: Bool) -> [Hit] {
        let lower = max(range.lowerBound, 0)
        let upper = min(range.upperBound, line.count)
        guard lower < upper else { return [] }
        let slice = LineBytes(rebasing: line[lower..<upper])
        if hasLongHexRun(slice) { return scanInFull(line, in: range, firstOnly: firstOnly) }
        guard hasQuotedAuth(slice) || hasKeyName(slice) else { return [] }
        // No hex run can be a secret: only the quotes and underscores need a look.
        return scanInFull(line, in: range, firstOnly: firstOnly, hexRuns: false)
    }

    /// Whether `bytes` has what every secret needs: an unredacted `"auth"` value, an `_key` (any
    /// case), or a run of 80 hex digits. Most lines have none, and this looks at a fraction of their
    /// bytes: a run of 80 covers two consecutive multiples of 40.
    static func mayHoldSecret(_ bytes: LineBytes) -> Bool {
        hasLongHexRun(bytes) || hasQuotedAuth(bytes) || hasKeyName(bytes)
    }

    private static func hasLongHexRun(_ bytes: LineBytes) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count
        var i = 0
        while i + 40 < n {
            if ASCII.isHex(base[i]), ASCII.isHex(base[i + 40]) {
                var lo = i
                while lo > 0, ASCII.isHex(base[lo - 1]) { lo -= 1 }
                var hi = i + 1
                while hi < n, ASCII.isHex(base[hi]) { hi += 1 }
                if hi - lo >= keyHexDigits, mixesDigitsAndLetters(LineBytes(start: base + lo, count: hi - lo)) { return true }
                i = max(i, hi - 40)
            }
            i += 40
        }
        return false
    }

    private static func hasQuotedAuth(_ bytes: LineBytes) -> Bool {
        let n = bytes.count
        // Each `auth` with a quote before it: a line has few, and many quotes (a payload's JSON).
        var at = 1
        while at < n, let key = bytes.find("auth", from: at, to: n) {
            let quote = bytes[key - 1]
            // An `auth` value already redacted (as our own log writes it) is no secret.
            if quote == ASCII.quote || quote == ASCII.apostrophe, authValue(bytes, keyQuote: key - 1, end: n) != nil { return true }
            at = key + 1
        }
        return false
    }

    private static func hasKeyName(_ bytes: LineBytes) -> Bool {
        let n = bytes.count
        var at = 0
        while at < n, let u = bytes.index(of: UInt8(ascii: "_"), from: at, to: n) {
            if bytes.hasIgnoringCase("_key", at: u) { return true }
            at = u + 1
        }
        return false
    }

    /// `scan` without the quick test (the tests compare the two); without `hexRuns`, hex runs are
    /// not looked at (the quick test found none long enough).
    static func scanInFull(_ line: LineBytes, in range: Range<Int>, firstOnly: Bool, hexRuns: Bool = true) -> [Hit] {
        var hits: [Hit] = []
        let end = min(range.upperBound, line.count)
        var i = max(range.lowerBound, 0)
        var runStart = -1
        while i < end {
            let b = line[i]
            if hexRuns, ASCII.isHex(b) {
                if runStart < 0 { runStart = i }
                i += 1
                continue
            }
            if runStart >= 0 {
                if let hit = hexHit(line, runStart..<i) {
                    hits.append(hit)
                    if firstOnly { return hits }
                }
                runStart = -1
            }
            if b == ASCII.quote || b == ASCII.apostrophe {
                if let hit = authValue(line, keyQuote: i, end: end) {
                    hits.append(hit)
                    if firstOnly { return hits }
                    i = hit.range.upperBound
                    continue
                }
            } else if b == UInt8(ascii: "_") {
                if let hit = namedKeyValue(line, underscore: i, end: end) {
                    hits.append(hit)
                    if firstOnly { return hits }
                    i = hit.range.upperBound
                    continue
                }
            }
            i += 1
        }
        if runStart >= 0, let hit = hexHit(line, runStart..<end) { hits.append(hit) }
        return hits
    }

    /// Random hex of 80 digits or more holds both digits and letters (all one kind: a chance
    /// below 1e-16); a run that does not (`aaaa…`, `0000…`, a long decimal) is padding or a
    /// number, not a key.
    private static func mixesDigitsAndLetters(_ run: LineBytes) -> Bool {
        var digits = false
        var letters = false
        for b in run {
            if ASCII.isDigit(b) { digits = true } else { letters = true }
            if digits && letters { return true }
        }
        return false
    }

    private static func hexHit(_ line: LineBytes, _ run: Range<Int>) -> Hit? {
        guard mixesDigitsAndLetters(LineBytes(rebasing: line[run])) else { return nil }
        // `x` is not a hex digit, so a `0x` prefix ends up just before the run: it goes with it.
        var covered = run
        if run.lowerBound >= 2, ASCII.lower(line[run.lowerBound - 1]) == UInt8(ascii: "x"), line[run.lowerBound - 2] == ASCII.zero {
            covered = (run.lowerBound - 2)..<run.upperBound
        }
        if run.count >= signatureHexDigits { return Hit(range: covered, kind: .longHex) }
        if run.count >= keyHexDigits, !labelledAsHash(line, before: covered.lowerBound) {
            return Hit(range: covered, kind: .longHex)
        }
        return nil
    }

    /// True when the text just before `index` names a hash (`tx_hash":"`, `hash=`, `Hash: `).
    private static func labelledAsHash(_ line: LineBytes, before index: Int) -> Bool {
        var j = index - 1
        var skipped = 0
        while j >= 0, skipped < 4 {
            let b = line[j]
            guard b == ASCII.quote || b == ASCII.apostrophe || b == ASCII.colon || b == ASCII.equals || b == ASCII.space else { break }
            j -= 1
            skipped += 1
        }
        return skipped > 0 && line.hasIgnoringCase("hash", endingAt: j + 1)
    }

    /// `"auth": "…"` or `'auth': '…'`: the quoted value, unless it is already a placeholder.
    private static func authValue(_ line: LineBytes, keyQuote: Int, end: Int) -> Hit? {
        let quote = line[keyQuote]
        guard let keyEnd = line.match("auth", at: keyQuote + 1), keyEnd < end, line[keyEnd] == quote else { return nil }
        let afterKey = keyEnd + 1
        var j = afterKey
        while j < end, line[j] == ASCII.space || line[j] == ASCII.colon { j += 1 }
        guard j < end, line[j] == ASCII.quote || line[j] == ASCII.apostrophe, j > afterKey else { return nil }
        let valueQuote = line[j]
        let valueStart = j + 1
        // The closing quote, an escaped one passed over. A token has no backslash: the first
        // quote then closes it, found a word at a time rather than a byte.
        let closing = line.index(of: valueQuote, from: valueStart, to: end)
        var k = closing ?? end
        if line.index(of: ASCII.backslash, from: valueStart, to: k) != nil {
            k = valueStart
            while k < end, line[k] != valueQuote { k += line[k] == ASCII.backslash ? 2 : 1 }
        }
        let valueEnd = min(k, end)
        guard valueEnd - valueStart >= 8, !line.has("<redacted>", at: valueStart), !line.has("***", at: valueStart) else {
            return nil
        }
        return Hit(range: valueStart..<valueEnd, kind: .authToken)
    }

    /// `API_KEY_PRIVATE_KEY=…`, `"private_key": "…"`, `BACKPACK_SECRET_KEY: …`.
    private static func namedKeyValue(_ line: LineBytes, underscore: Int, end: Int) -> Hit? {
        guard let afterKey = line.matchIgnoringCase("_key", at: underscore) else { return nil }
        let named = line.hasIgnoringCase("private", endingAt: underscore) || line.hasIgnoringCase("secret", endingAt: underscore)
        guard named else { return nil }
        var j = afterKey
        var separators = 0
        while j < end, separators < 4,
              line[j] == ASCII.equals || line[j] == ASCII.colon || line[j] == ASCII.space
                || line[j] == ASCII.quote || line[j] == ASCII.apostrophe {
            j += 1
            separators += 1
        }
        guard separators > 0 else { return nil }
        let valueEnd = line.valueEnd(from: j, to: end)
        guard valueEnd - j >= namedValueMinimum, !line.has("<redacted>", at: j) else { return nil }
        return Hit(range: j..<valueEnd, kind: .namedKey)
    }

    /// The bytes of `line` with every secret replaced by `<redacted>`.
    static func redacted(_ line: LineBytes) -> [UInt8] {
        let hits = scan(line, in: 0..<line.count, firstOnly: false)
        guard !hits.isEmpty else { return Array(line) }
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var i = 0
        for hit in hits where hit.range.lowerBound >= i {
            out.append(contentsOf: line[i..<hit.range.lowerBound])
            placeholder.withUTF8Buffer { out.append(contentsOf: $0) }
            i = hit.range.upperBound
        }
        if i < line.count { out.append(contentsOf: line[i..<line.count]) }
        return out
    }
}
