import LighterProtocol

/// A client's WebSocket message: `{"method":"SUBSCRIBE","params":[…],"signature":[…]}`.
/// The venue never acknowledges a valid one; data just starts or stops.
public struct BackpackClientMessage: Sendable, Hashable {
    /// The two methods the stream takes.
    public enum Method: String, Sendable, Hashable {
        case subscribe = "SUBSCRIBE"
        case unsubscribe = "UNSUBSCRIBE"
    }

    /// The signed part of a private subscribe: `[apiKey, signature, timestamp, window]`.
    public struct Signature: Sendable, Hashable {
        /// `X-API-Key`: base64 of the public key.
        public var apiKey: String
        /// Base64 of the signature.
        public var signature: String
        /// Milliseconds.
        public var timestampMs: Int64
        /// Milliseconds.
        public var windowMs: Int64

        /// The string that was signed.
        public var signingString: String {
            BackpackSigning.signingString(instruction: BackpackInstruction.subscribe, params: [(String, String)](),
                                          timestampMs: timestampMs, windowMs: windowMs)
        }
    }

    /// SUBSCRIBE or UNSUBSCRIBE.
    public var method: Method
    /// Stream names.
    public var params: [String]
    /// The raw `signature` array, as sent.
    public var signature: [String]?
    /// Echoed by nobody (the live venue answers errors with `"id":null`), kept for completeness.
    public var id: Int64?

    /// Creates a value from its parts.
    public init(method: Method, params: [String], signature: [String]? = nil, id: Int64? = nil) {
        self.method = method; self.params = params; self.signature = signature; self.id = id
    }

    /// The signature array read as its four parts; nil when absent or ill-formed.
    public var parsedSignature: Signature? {
        guard let signature, signature.count == 4, let timestamp = Int64(signature[2]),
              let window = Int64(signature[3]) else { return nil }
        return Signature(apiKey: signature[0], signature: signature[1], timestampMs: timestamp, windowMs: window)
    }

    /// The compact JSON the client sends.
    public func encoded() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("method", method.rawValue)
        writer.key("params"); writer.beginArray()
        for stream in params { writer.string(stream) }
        writer.endArray()
        if let signature {
            writer.key("signature"); writer.beginArray()
            for part in signature { writer.string(part) }
            writer.endArray()
        }
        if let id { writer.field("id", id) }
        writer.endObject()
        return writer.text
    }

    /// Reads a client message as the venue does: anything that is not a JSON object with a
    /// known method and a list of stream names is a 4002 parse error.
    public static func decode(_ text: String) -> Result<BackpackClientMessage, BackpackStreamError> {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            do throws(FrameDecodingError) {
                guard let message = try decode(UnsafeBufferPointer(buffer)) else { return .failure(.parseError) }
                return .success(message)
            } catch {
                return .failure(.parseError)
            }
        }
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(FrameDecodingError) -> BackpackClientMessage? {
        var reader = JSONReader(bytes)
        guard reader.peek() == UInt8(ascii: "{") else { return nil }
        var method: Method?
        var params: [String]?
        var signature: [String]?
        var id: Int64?
        try reader.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            if try r.readNull() { return }
            if key == "method" { method = Method(rawValue: try r.readString().uppercased()) }
            else if key == "params" { params = try readStrings(&r) }
            else if key == "signature" { signature = try readStrings(&r) }
            else if key == "id" { id = try r.readInt64() }
            else { try r.skipValue() }
        }
        guard reader.atEnd(), let method, let params else { return nil }
        return BackpackClientMessage(method: method, params: params, signature: signature, id: id)
    }

    /// An array of strings; numbers are taken as their digits (a timestamp sent as a number).
    private static func readStrings(_ r: inout JSONReader) throws(FrameDecodingError) -> [String] {
        var strings: [String] = []
        try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in
            if r.peek() == UInt8(ascii: "\"") { strings.append(try r.readString()) }
            else { strings.append(String(try r.readInt64())) }
        }
        return strings
    }
}
