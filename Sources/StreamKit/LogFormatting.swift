/// Small text shapes every client's log lines share.
public enum LogFormatting {
    /// At most `limit` characters, with a visible mark when something was cut.
    public static func cut(_ text: String, limit: Int) -> String {
        // utf8.count is O(1) for native strings and bounds the character count from above.
        guard text.utf8.count > limit else { return text }
        let total = text.count
        guard total > limit else { return text }
        return String(text.prefix(limit)) + "… (cut, \(total) chars)"
    }

    /// A rate with one decimal (`4.9`), written without a formatter or locale.
    public static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let tenths = Int64((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(tenths.magnitude / 10).\(tenths.magnitude % 10)"
    }
}
