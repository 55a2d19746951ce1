import LighterProtocol
import Testing
@testable import Diagnosis

/// The order rules' fields read where the bots' layout puts them, against the searches they
/// stand for, on lines that start like the frequent ones and differ at each place.
@Suite struct OrderFieldsTests {
    /// Bytes that can move a literal or end a value: its letters, separators, digits, high bytes.
    static let substitutes: [UInt8] = Array("sifd=:, 0x_]".utf8) + [0x80, 0x00]

    /// `line` with byte `place` replaced by each substitute, each prefix of it, and the line as is.
    static func variants(of line: String) -> [[UInt8]] {
        let base = Array(line.utf8)
        var all = [base]
        for place in base.indices {
            for b in substitutes where b != base[place] {
                var changed = base
                changed[place] = b
                all.append(changed)
            }
            // Dropped, and a byte inserted, to shift what follows.
            var shorter = base
            shorter.remove(at: place)
            all.append(shorter)
            var longer = base
            longer.insert(UInt8(ascii: "7"), at: place)
            all.append(longer)
        }
        for length in 0..<base.count { all.append(Array(base[0..<length])) }
        return all
    }

    @Test func orderFieldsAgreeWithTheSearches() {
        let lines = ["Order 0: id=281474977366603, status=open, side=buy, size=0, price=3003.31",
                     "Order 1: id=7, status=filled, filled=0.5",
                     "Order 0: id=12, status=canceled-self-trade, filled_base_amount=0.2",
                     "Order 3: id=status=, status=open"]
        for text in lines {
            for bytes in Self.variants(of: text) {
                bytes.withUnsafeBufferPointer { line in
                    let p = 6
                    for window in [line.count, line.count - 1, line.count - 9, 20, 30, p + 512] {
                        let fields = DiagnosisState.orderFields(line, from: p, to: window)
                        #expect(fields.id == line.value(after: "id=", from: p, to: window), "\(bytes) to \(window)")
                        #expect(fields.status == line.value(after: "status=", from: p, to: window), "\(bytes) to \(window)")
                        // No `filled` starts before where its search begins.
                        if let first = line.find("filled", from: p, to: window) {
                            #expect(first >= fields.searched, "\(bytes) to \(window)")
                        }
                    }
                }
            }
        }
    }

    @Test func skippedStatusAgreesWithTheSearch() {
        let lines = ["Skipping order id=281474977366603 with status=canceled-not-enough-liquidity (not filled)",
                     "Skipping order id=9 with status=open", "Skipping order id=status= with status=filled"]
        for text in lines {
            for bytes in Self.variants(of: text) {
                bytes.withUnsafeBufferPointer { line in
                    let p = min(18, line.count)
                    let idEnd = line.valueEnd(from: p, to: line.count)
                    for end in [line.count, line.count - 1, idEnd + 13, idEnd + 12, idEnd + 14] {
                        #expect(DiagnosisState.skippedStatus(line, idEnd: idEnd, end: end)
                                    == line.value(after: "status=", from: idEnd, to: min(end, idEnd + 200)), "\(bytes) to \(end)")
                    }
                }
            }
        }
    }
}
