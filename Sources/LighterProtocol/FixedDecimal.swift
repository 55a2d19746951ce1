/// An exact decimal number with eight fraction digits, stored as a scaled `Int64`.
///
/// Lighter sends prices, sizes and quote amounts as decimal strings with at most six
/// fraction digits; eight digits leave headroom and keep every value exact. Money is
/// never held in a `Double` anywhere in LighterHedge.
public struct FixedDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number of fraction digits every value carries.
    public static let fractionDigits = 8
    /// 10^8: one whole unit in `units`.
    public static let unitScale: Int64 = 100_000_000

    /// The value times 10^8.
    public var units: Int64

    /// The value `units` × 10^-8.
    public init(units: Int64) { self.units = units }

    /// Zero.
    public static let zero = FixedDecimal(units: 0)

    /// A whole number, or nil when it would overflow.
    public init?(_ integer: Int64) {
        let (value, overflow) = integer.multipliedReportingOverflow(by: Self.unitScale)
        if overflow { return nil }
        self.units = value
    }

    /// An integer amount with `decimals` fraction digits, as in Lighter's signed transactions
    /// (`Price` 300000 with 2 decimals is 3000.00). Nil on overflow or more than 8 decimals.
    public init?(scaledInteger: Int64, decimals: Int) {
        guard (0...Self.fractionDigits).contains(decimals) else { return nil }
        let (value, overflow) = scaledInteger.multipliedReportingOverflow(by: Self.pow10(Self.fractionDigits - decimals))
        if overflow { return nil }
        self.units = value
    }

    /// Parses `-12.3456`, `0.0000`, `42`. Rejects exponents, more than 8 fraction digits,
    /// empty input and overflow rather than rounding.
    public init?(_ text: some StringProtocol) {
        var utf8 = Array(text.utf8)
        let parsed = utf8.withUnsafeMutableBufferPointer { FixedDecimal.parse(UnsafeBufferPointer($0)) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// The byte-level parser the hot path uses: no allocation.
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> FixedDecimal? {
        // Up to 18 digits cannot overflow while they are read (a price or size has 6 to 10): no
        // check per digit, one for the scaling.
        if bytes.count <= 18 { return parseShort(bytes) }
        var index = 0
        let count = bytes.count
        var negative = false
        if index < count, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        var value: Int64 = 0
        var digitsBefore = 0
        while index < count, bytes[index] &- 48 < 10 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(bytes[index] &- 48))
            if o1 || o2 { return nil }
            value = a
            digitsBefore += 1
            index += 1
        }
        var fraction = 0
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, bytes[index] &- 48 < 10 {
                fraction += 1
                if fraction > fractionDigits { return nil }
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(bytes[index] &- 48))
                if o1 || o2 { return nil }
                value = a
                index += 1
            }
            if fraction == 0 { return nil }
        }
        guard index == count, digitsBefore + fraction > 0 else { return nil }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: pow10(fractionDigits - fraction))
        if overflow { return nil }
        return FixedDecimal(units: negative ? -scaled : scaled)
    }

    /// `parse` for at most 18 bytes (so at most 18 digits): the same rules, unchecked sums.
    @inlinable
    static func parseShort(_ bytes: UnsafeBufferPointer<UInt8>) -> FixedDecimal? {
        var index = 0
        let count = bytes.count
        var negative = false
        if index < count, bytes[index] == UInt8(ascii: "-") { negative = true; index &+= 1 }
        var value: Int64 = 0
        var digitsBefore = 0
        while index < count, bytes[index] &- 48 < 10 {
            value = value &* 10 &+ Int64(bytes[index] &- 48)
            digitsBefore &+= 1
            index &+= 1
        }
        var fraction = 0
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index &+= 1
            while index < count, bytes[index] &- 48 < 10 {
                fraction &+= 1
                if fraction > fractionDigits { return nil }
                value = value &* 10 &+ Int64(bytes[index] &- 48)
                index &+= 1
            }
            if fraction == 0 { return nil }
        }
        guard index == count, digitsBefore + fraction > 0 else { return nil }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: pow10(fractionDigits - fraction))
        if overflow { return nil }
        return FixedDecimal(units: negative ? -scaled : scaled)
    }

    @inlinable
    static func pow10(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result &*= 10 }
        return result
    }

    /// Ordered by value.
    public static func < (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool { lhs.units < rhs.units }

    /// The exact sum; traps on overflow (see `checkedAdding`).
    public static func + (lhs: FixedDecimal, rhs: FixedDecimal) -> FixedDecimal { FixedDecimal(units: lhs.units + rhs.units) }
    /// The exact difference; traps on overflow (see `checkedSubtracting`).
    public static func - (lhs: FixedDecimal, rhs: FixedDecimal) -> FixedDecimal { FixedDecimal(units: lhs.units - rhs.units) }
    /// Adds exactly; traps on overflow.
    public static func += (lhs: inout FixedDecimal, rhs: FixedDecimal) { lhs.units += rhs.units }
    /// Subtracts exactly; traps on overflow.
    public static func -= (lhs: inout FixedDecimal, rhs: FixedDecimal) { lhs.units -= rhs.units }
    public static prefix func - (value: FixedDecimal) -> FixedDecimal { FixedDecimal(units: -value.units) }

    /// `self + other`, or nil when the sum does not fit (where `+` traps).
    public func checkedAdding(_ other: FixedDecimal) -> FixedDecimal? {
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        return overflow ? nil : FixedDecimal(units: sum)
    }

    /// `self - other`, or nil when the difference does not fit (where `-` traps).
    public func checkedSubtracting(_ other: FixedDecimal) -> FixedDecimal? {
        let (difference, overflow) = units.subtractingReportingOverflow(other.units)
        return overflow ? nil : FixedDecimal(units: difference)
    }

    /// `self × other` rounded as `multiplied(by:)` rounds, or nil when the product does not fit
    /// (where `multiplied(by:)` clamps).
    public func checkedMultiplied(by other: FixedDecimal) -> FixedDecimal? {
        let product = Int128(units) * Int128(other.units) / Int128(Self.unitScale)
        return Int64(exactly: product).map(FixedDecimal.init(units:))
    }

    /// True for zero.
    public var isZero: Bool { units == 0 }
    /// True below zero.
    public var isNegative: Bool { units < 0 }

    /// `self × other`, rounded toward zero to 8 digits (exact for Lighter's 2-6 digit inputs
    /// whose product fits), computed in 128 bits so that price × size never overflows midway.
    public func multiplied(by other: FixedDecimal) -> FixedDecimal {
        let product = Int128(units) * Int128(other.units) / Int128(Self.unitScale)
        return FixedDecimal(units: Int64(clamping: product))
    }

    /// `self ÷ other` to 8 digits, rounded toward zero; nil when dividing by zero.
    public func divided(by other: FixedDecimal) -> FixedDecimal? {
        guard other.units != 0 else { return nil }
        let quotient = Int128(units) * Int128(Self.unitScale) / Int128(other.units)
        return FixedDecimal(units: Int64(clamping: quotient))
    }

    /// The value as an integer with `decimals` fraction digits, when it has no more digits
    /// than that (the wire form of signed transactions).
    public func scaledInteger(decimals: Int) -> Int64? {
        guard (0...Self.fractionDigits).contains(decimals) else { return nil }
        let divisor = Self.pow10(Self.fractionDigits - decimals)
        guard units % divisor == 0 else { return nil }
        return units / divisor
    }

    /// Rounded down (toward negative infinity) to `decimals` fraction digits.
    public func floored(decimals: Int) -> FixedDecimal {
        let divisor = Self.pow10(Self.fractionDigits - max(0, min(decimals, Self.fractionDigits)))
        var quotient = units / divisor
        if units % divisor != 0 && units < 0 { quotient -= 1 }
        return FixedDecimal(units: quotient * divisor)
    }

    /// Text with exactly `decimals` fraction digits, as Lighter writes them (`"61.9487"`,
    /// `"0.0000"`). Digits beyond `decimals` are cut, never rounded up.
    public func formatted(decimals: Int) -> String {
        let decimals = max(0, min(decimals, Self.fractionDigits))
        let magnitude = units.magnitude
        let scale = UInt64(Self.unitScale)
        let whole = magnitude / scale
        var text = units < 0 ? "-" : ""
        text += String(whole)
        if decimals > 0 {
            let fraction = magnitude % scale / UInt64(Self.pow10(Self.fractionDigits - decimals))
            let digits = String(fraction)
            text += "."
            text += String(repeating: "0", count: decimals - digits.count)
            text += digits
        }
        return text
    }

    /// Shortest exact text: `"2979.64"`, `"0.5"`, `"3"`.
    public var description: String {
        var text = formatted(decimals: Self.fractionDigits)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

extension FixedDecimal: ExpressibleByIntegerLiteral {
    /// A whole number (`let size: FixedDecimal = 3`); traps when it does not fit.
    public init(integerLiteral value: Int64) { self.units = value * Self.unitScale }
}

/// Encoded as a decimal string (`"3000.12"`), as Lighter writes amounts, so that no JSON
/// library ever turns it into a floating-point number.
extension FixedDecimal: Codable {
    /// Decodes a decimal string (`"3000.12"`); a number or other text is a data-corruption error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = FixedDecimal(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an exact decimal: \(text)")
        }
        self = value
    }

    /// Encodes the shortest exact decimal string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
