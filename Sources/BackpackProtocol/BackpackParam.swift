import LighterProtocol

/// One request parameter as sent: a JSON body's top-level key or a query parameter.
public struct BackpackParam: Sendable, Hashable {
    /// A value as it travels, which is also how it is signed.
    public enum Value: Sendable, Hashable {
        case string(String)
        case integer(Int64)
        case bool(Bool)
        /// JSON text of a nested value, signed as written.
        case json(String)

        /// The signing string's form: strings raw (no quotes), integers in decimal, booleans
        /// lower-case.
        public var signingText: String {
            switch self {
            case .string(let text), .json(let text): text
            case .integer(let number): String(number)
            case .bool(let flag): flag ? "true" : "false"
            }
        }
    }

    /// The parameter name.
    public var name: String
    /// The value as sent.
    public var value: Value

    /// Creates a value from its parts.
    public init(_ name: String, _ value: Value) { self.name = name; self.value = value }
    /// Creates a value from its parts.
    public init(_ name: String, _ text: String) { self.init(name, .string(text)) }
    /// Creates a value from its parts.
    public init(_ name: String, _ number: Int64) { self.init(name, .integer(number)) }
    /// Creates a value from its parts.
    public init(_ name: String, _ flag: Bool) { self.init(name, .bool(flag)) }

    /// The compact JSON object of `params`, keys in the order given.
    public static func jsonObject(_ params: [BackpackParam]) -> String {
        var writer = JSONWriter()
        write(params, into: &writer)
        return writer.text
    }

    /// A JSON array of objects (the batch order body).
    public static func jsonArray(_ objects: [[BackpackParam]]) -> String {
        var writer = JSONWriter()
        writer.beginArray()
        for params in objects {
            writer.arrayElement()
            write(params, into: &writer)
        }
        writer.endArray()
        return writer.text
    }

    private static func write(_ params: [BackpackParam], into writer: inout JSONWriter) {
        writer.beginObject()
        for param in params {
            switch param.value {
            case .string(let text): writer.field(param.name, text)
            case .integer(let number): writer.field(param.name, number)
            case .bool(let flag): writer.field(param.name, flag)
            case .json(let text): writer.key(param.name); writer.raw(text)
            }
        }
        writer.endObject()
    }

    /// `name=value&…` in the order given, values percent-encoded for a URL.
    public static func queryString(_ params: [BackpackParam]) -> String {
        params.map { "\(percentEncoded($0.name))=\(percentEncoded($0.value.signingText))" }.joined(separator: "&")
    }

    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
