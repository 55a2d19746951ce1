import Testing
@testable import LighterProtocol

@Suite struct FixedDecimalTests {
    @Test(arguments: [
        ("2979.64", Int64(297_964_000_000)),
        ("0.0000", 0),
        ("-1.5", -150_000_000),
        ("42", 4_200_000_000),
        ("61.9487", 6_194_870_000),
        ("0.00000001", 1),
        ("1.12345678", 112_345_678),
        ("92233720368.54775807", Int64.max),
    ])
    func parsesExactly(text: String, units: Int64) {
        #expect(FixedDecimal(text) == FixedDecimal(units: units))
    }

    @Test(arguments: [
        "", ".", "-", "1.", "1e5", "1.123456789", "abc", "1.2.3", " 1", "1 ", "+1", "--1",
        "92233720368.54775808", // one unit past Int64.max
        "92233720369", // whole part overflows once scaled
        "99999999999999999999", // overflows while reading digits
    ])
    func rejects(text: String) {
        #expect(FixedDecimal(text) == nil)
    }

    @Test func parsesSubstrings() {
        let line = "price=2979.64;"
        let start = line.index(line.startIndex, offsetBy: 6)
        let end = line.index(before: line.endIndex)
        #expect(FixedDecimal(line[start..<end]) == FixedDecimal(units: 297_964_000_000))
    }

    @Test func formatsWithFixedDecimals() {
        #expect(FixedDecimal.zero.formatted(decimals: 4) == "0.0000")
        #expect(decimal("61.9487").formatted(decimals: 4) == "61.9487")
        #expect(decimal("2979.64").formatted(decimals: 2) == "2979.64")
        #expect(decimal("-1.5").formatted(decimals: 2) == "-1.50")
        #expect(decimal("42").formatted(decimals: 0) == "42")
        // Extra digits are cut, never rounded up.
        #expect(decimal("1.23999999").formatted(decimals: 2) == "1.23")
    }

    @Test func descriptionIsShortest() {
        #expect(decimal("2979.64").description == "2979.64")
        #expect(decimal("0.5").description == "0.5")
        #expect(decimal("3").description == "3")
        #expect(decimal("3.000").description == "3")
        #expect(FixedDecimal.zero.description == "0")
        #expect(decimal("-1.5").description == "-1.5")
        #expect(FixedDecimal(units: 1).description == "0.00000001")
        #expect(FixedDecimal(units: Int64.max).description == "92233720368.54775807")
    }

    @Test func multipliesExactlyIn128Bits() {
        // The raw units product (~1.8e21) does not fit in Int64; the result does.
        let notional = decimal("2979.64").multiplied(by: decimal("61.9487"))
        #expect(notional == decimal("184584.824468"))
        #expect(decimal("-1.5").multiplied(by: decimal("2")) == decimal("-3"))
        #expect(decimal("0.00000001").multiplied(by: decimal("0.5")) == .zero) // toward zero
    }

    @Test func dividesTowardZero() {
        #expect(decimal("1").divided(by: decimal("3")) == decimal("0.33333333"))
        #expect(decimal("-1").divided(by: decimal("3")) == decimal("-0.33333333"))
        #expect(decimal("10").divided(by: decimal("4")) == decimal("2.5"))
        #expect(decimal("184584.824468").divided(by: decimal("61.9487")) == decimal("2979.64"))
        #expect(decimal("1").divided(by: .zero) == nil)
    }

    @Test func scaledIntegerRoundTrips() {
        let price = FixedDecimal(scaledInteger: 300_000, decimals: 2)
        #expect(price == decimal("3000"))
        #expect(price?.scaledInteger(decimals: 2) == 300_000)
        #expect(decimal("61.9487").scaledInteger(decimals: 4) == 619_487)
        #expect(FixedDecimal(scaledInteger: 619_487, decimals: 4) == decimal("61.9487"))
        #expect(decimal("61.9487").scaledInteger(decimals: 8) == 6_194_870_000)
        // Digits that the wire form cannot carry are refused, not rounded.
        #expect(decimal("1.234").scaledInteger(decimals: 2) == nil)
        #expect(decimal("1").scaledInteger(decimals: 9) == nil)
        #expect(FixedDecimal(scaledInteger: 1, decimals: 9) == nil)
        #expect(FixedDecimal(scaledInteger: Int64.max, decimals: 0) == nil)
    }

    @Test func wholeNumberInit() {
        #expect(FixedDecimal(Int64(42)) == decimal("42"))
        #expect(FixedDecimal(Int64.max) == nil)
        #expect((42 as FixedDecimal) == decimal("42"))
    }

    @Test func comparesByValue() {
        let values = ["2979.64", "-1.5", "0", "0.00000001", "42", "-0.00000001", "61.9487"].map(decimal)
        #expect(values.sorted().map(\.description) == ["-1.5", "-0.00000001", "0", "0.00000001", "42", "61.9487", "2979.64"])
        #expect(decimal("1.10") == decimal("1.1"))
        #expect(decimal("-2") < decimal("-1.99999999"))
    }

    @Test func floorsTowardNegativeInfinity() {
        #expect(decimal("1.239").floored(decimals: 2) == decimal("1.23"))
        #expect(decimal("-1.231").floored(decimals: 2) == decimal("-1.24"))
        #expect(decimal("-1.23").floored(decimals: 2) == decimal("-1.23"))
    }
}

/// Test literal helper: the inputs are known-good constants.
private func decimal(_ text: String) -> FixedDecimal {
    guard let value = FixedDecimal(text) else { preconditionFailure("bad test literal \(text)") }
    return value
}
