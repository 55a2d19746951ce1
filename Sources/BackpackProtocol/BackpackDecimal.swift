import LighterProtocol

/// How Backpack writes and reads decimal text.
///
/// REST trims (`"2999.5"`), the WebSocket pads to the market's tick or step (`"2999.50"`), so
/// values are compared as `FixedDecimal`s, never as strings. A few derived REST values
/// (entry and break-even prices) come with more fraction digits than `FixedDecimal` holds;
/// those alone are read with `truncating`, every price and quantity of an order stays exact.
public enum BackpackDecimal {
    /// The number of fraction digits a tick or step size has: `0.01` → 2, `1` → 0, `0.05` → 2.
    public static func fractionDigits(of value: FixedDecimal) -> Int {
        var units = value.units.magnitude
        guard units != 0 else { return 0 }
        var digits = FixedDecimal.fractionDigits
        while digits > 0, units % 10 == 0 {
            units /= 10
            digits -= 1
        }
        return digits
    }

    /// Parses decimal text, cutting (toward zero) fraction digits beyond the eighth. For derived
    /// values only, such as `"3826.8888888888888888888888889"`; nil when the text is no decimal.
    public static func truncating(_ bytes: UnsafeBufferPointer<UInt8>) -> FixedDecimal? {
        var dot = 0
        while dot < bytes.count, bytes[dot] != UInt8(ascii: ".") { dot += 1 }
        let keep = dot + 1 + FixedDecimal.fractionDigits
        guard dot < bytes.count, bytes.count > keep else { return FixedDecimal.parse(bytes) }
        for byte in bytes[keep...] where byte &- 48 >= 10 { return nil }
        return FixedDecimal.parse(UnsafeBufferPointer(rebasing: bytes[..<keep]))
    }

    /// `truncating` over a string.
    public static func truncating(_ text: String) -> FixedDecimal? {
        var text = text
        return text.withUTF8 { truncating($0) }
    }

    /// True when `value` is a whole multiple of `increment` (a price on the tick grid, a
    /// quantity on the step grid). An increment of zero accepts everything.
    public static func isMultiple(_ value: FixedDecimal, of increment: FixedDecimal) -> Bool {
        increment.units == 0 || value.units % increment.units == 0
    }
}
