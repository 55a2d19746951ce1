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
