/// Appends JSON text. Keys are trusted literals; values are escaped.
package struct JSONWriter {
    package private(set) var text: String = ""
    private var needsComma = false

    package init(capacity: Int = 256) { text.reserveCapacity(capacity) }

    mutating func separator() {
        if needsComma { text.append(",") }
        needsComma = true
    }

    package mutating func beginObject() { text.append("{"); needsComma = false }
    package mutating func endObject() { text.append("}"); needsComma = true }
    package mutating func beginArray() { text.append("["); needsComma = false }
    package mutating func endArray() { text.append("]"); needsComma = true }

    /// Starts `"key":`; the value must follow.
    package mutating func key(_ key: String) {
        separator()
        text.append("\"")
        text.append(key)
        text.append("\":")
        needsComma = false
    }

    package mutating func arrayElement() { separator(); needsComma = false }

    package mutating func string(_ value: String) { separator(); Self.appendEscaped(value, to: &text) }
    package mutating func int(_ value: some BinaryInteger) { separator(); text.append(String(value)) }
    package mutating func bool(_ value: Bool) { separator(); text.append(value ? "true" : "false") }
    package mutating func null() { separator(); text.append("null") }
    /// A decimal as Lighter writes it: a string with a fixed number of fraction digits.
    package mutating func decimal(_ value: FixedDecimal, decimals: Int) {
        separator()
        text.append("\"")
        text.append(value.formatted(decimals: decimals))
        text.append("\"")
    }
    /// Already-serialised JSON, inserted verbatim.
    package mutating func raw(_ json: String) { separator(); text.append(json) }

    package mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    package mutating func field(_ name: String, _ value: some BinaryInteger) { key(name); int(value) }
    package mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }
    package mutating func field(_ name: String, _ value: FixedDecimal, decimals: Int) { key(name); decimal(value, decimals: decimals) }

    package static func appendEscaped(_ value: String, to text: inout String) {
        text.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text.append("\\\"")
            case "\\": text.append("\\\\")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            case "\t": text.append("\\t")
            case let s where s.value < 0x20:
                let hex = String(s.value, radix: 16)
                text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text.append("\"")
    }

    package static func quoted(_ value: String) -> String {
        var text = ""
        appendEscaped(value, to: &text)
        return text
    }
}
