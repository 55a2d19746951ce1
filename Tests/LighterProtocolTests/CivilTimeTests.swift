@testable import LighterProtocol
import Testing

/// The label helpers specialized for Int (as other modules get them, inlined) against the same
/// helpers on Int64.
@Suite struct CivilTimeTests {
    /// The generic `pad`, whatever the argument's type.
    static func genericPad<T: BinaryInteger>(_ value: T, _ width: Int) -> String { CivilTime.pad(value, width) }

    static func genericFloorDivide<T: BinaryInteger>(_ a: T, _ b: T) -> (T, T) { CivilTime.floorDivide(a, b) }

    @Test func intPadAgreesWithTheGenericOne() {
        let values = [0, 1, 7, 9, 10, 59, 99, 100, 999, 1000, 1969, 2025, 9999, 10000, 123_456_789, Int.max, -1, -9, -10, -2025, Int.min]
        for value in values {
            for width in 0...6 {
                #expect(CivilTime.pad(value, width) == Self.genericPad(Int64(value), width), "\(value) width \(width)")
                #expect(CivilTime.pad(value, width) == Self.genericPad(value, width), "\(value) width \(width)")
            }
        }
    }

    @Test func intFloorDivideAgreesWithTheGenericOne() {
        for a in [-10_000, -1441, -1440, -1439, -61, -60, -59, -1, 0, 1, 59, 60, 61, 1439, 1440, 1441, 29_000_000] {
            for b in [1, 7, 60, 1000, 1440] {
                let fast = CivilTime.floorDivide(a, b)
                let generic = Self.genericFloorDivide(Int64(a), Int64(b))
                #expect(fast.0 == Int(generic.0) && fast.1 == Int(generic.1), "\(a) / \(b)")
            }
        }
    }
}
