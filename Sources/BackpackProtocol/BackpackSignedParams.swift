import LighterProtocol

/// Recovers the signed parameters from a request as it arrived, the way the venue does before
/// it checks a signature: the JSON body's top-level keys (one group per element of a batch
/// array) or the query's decoded pairs, with values as sent.
public enum BackpackSignedParams {
    /// The parameter groups of a JSON body: one group for an object, one per element for an
    /// array of objects, none for an empty body. Strings give their unescaped text, numbers
    /// and booleans their literal text, nested values their JSON text; `null` is left out.
    public static func fromBody(_ body: [UInt8]) throws(FrameDecodingError) -> [[(name: String, value: String)]] {
        let result: Result<[[(name: String, value: String)]], FrameDecodingError> = body.withUnsafeBufferPointer { bytes in
            do throws(FrameDecodingError) { return .success(try groups(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private static func groups(_ bytes: UnsafeBufferPointer<UInt8>) throws(FrameDecodingError) -> [[(name: String, value: String)]] {
        var reader = JSONReader(bytes)
        switch reader.peek() {
        case nil: return []
        case UInt8(ascii: "{"):
            let group = try object(&reader)
            guard reader.atEnd() else { throw FrameDecodingError(reason: "trailing bytes after body", offset: reader.index) }
            return [group]
        case UInt8(ascii: "["):
            var all: [[(name: String, value: String)]] = []
            try reader.readArray { (r: inout JSONReader) throws(FrameDecodingError) in all.append(try object(&r)) }
            guard reader.atEnd() else { throw FrameDecodingError(reason: "trailing bytes after body", offset: reader.index) }
            return all
        default:
            throw FrameDecodingError(reason: "body is not a JSON object or array", offset: reader.index)
        }
    }

    private static func object(_ r: inout JSONReader) throws(FrameDecodingError) -> [(name: String, value: String)] {
        guard r.peek() == UInt8(ascii: "{") else { throw FrameDecodingError(reason: "expected an object", offset: r.index) }
        var pairs: [(name: String, value: String)] = []
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            if try r.readNull() { return }
            let value: String
            if r.peek() == UInt8(ascii: "\"") {
                value = try r.readString()
            } else {
                let range = try r.skipValue()
                value = String(decoding: UnsafeBufferPointer(rebasing: r.bytes[range]), as: UTF8.self)
            }
            pairs.append((key.string, value))
        }
        return pairs
    }

    /// The decoded `name=value` pairs of a URL query (`+` is a space, `%XX` a byte).
    public static func fromQuery(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first, !name.isEmpty else { return nil }
            return (percentDecoded(name), parts.count > 1 ? percentDecoded(parts[1]) : "")
        }
    }

    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var rest = Array(text.utf8)[...]
        while let byte = rest.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), rest.count >= 2,
                      let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                rest = rest.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
