/// Makes text from the network safe to print: control characters (C0, DEL, C1), line and
/// paragraph separators and bidirectional overrides are written as visible escapes, so a
/// peer's string can neither start a line of its own (a fake `FILL`), move the cursor, erase
/// our own prefix nor retitle a terminal.
public enum TextSanitizer {
    /// `text` with every unsafe character escaped (`\x1b`, `\u{202e}`); the same string when
    /// there is none.
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isUnsafe(scalar) else { out.append(scalar); continue }
            let escape = scalar.value < 0x100
                ? "\\x" + hex(scalar.value, width: 2)
                : "\\u{" + hex(scalar.value, width: 4) + "}"
            out.append(contentsOf: escape.unicodeScalars)
        }
        return String(out)
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
