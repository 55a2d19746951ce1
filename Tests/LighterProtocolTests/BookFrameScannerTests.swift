import Foundation
@testable import LighterProtocol
import LighterTestSupport
import Testing

/// The book-frame scanner reads what it accepts exactly as the general decoder does, and a
/// side's insertion point is the same counted or searched: both on frames others made (the
/// simulator's sessions, the reference samples) and on those frames bent every way.
@Suite struct BookFrameScannerTests {
    /// Frames of a simulated session (three markets' books of 60 levels a side, an account's
    /// scripted orders, fills and trades), as the simulator encodes them.
    static let sessionFrames: [String] = SessionFrames.make(seed: 21, ticks: 400, levelsPerSide: 60).map(\.text)

    /// The scanner's reading of `bytes`, if it accepts them, against the general decoder's.
    static func check(_ bytes: [UInt8], _ note: @autoclosure () -> String) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var scanned = FrameDecoder.Levels()
            guard let header = BookFrameScanner.scan(buffer, levels: &scanned) else { return false }
            var general = FrameDecoder.Levels()
            let decoded = try? FrameDecoder.decodeInGeneral(buffer, rawText: nil, levels: &general)
            #expect(decoded == .orderBook(header), "\(note()): \(String(decoding: bytes, as: UTF8.self))")
            #expect(scanned.asks == general.asks && scanned.bids == general.bids, "\(note()): \(String(decoding: bytes, as: UTF8.self))")
            return true
        }
    }

    @Test func theScannerReadsEverySessionBookFrame() {
        var books = 0
        for text in Self.sessionFrames where Self.check(Array(text.utf8), "session") { books += 1 }
        // Every book frame the simulator writes is the scanner's; nothing else is.
        #expect(books == Self.sessionFrames.filter { $0.contains("\"order_book\":{") }.count)
        #expect(books > 300)
    }

    @Test func theReferenceSamplesReadTheSame() throws {
        var books = 0
        for name in ReferenceSamples.webSocketFrames {
            let text = try ReferenceSamples.text(name)
            if Self.check(Array(text.utf8), name) { books += 1 }
            // As one line, as a capture holds it.
            let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            if Self.check(Array(line.utf8), name + " on one line") { books += 1 }
        }
        #expect(books >= 4)
    }

    /// Each book frame changed in ways the scanner must refuse or read as the general decoder
    /// does: every byte dropped, bytes inserted, tokens rewritten.
    @Test func bentFramesReadTheSameOrNotAtAll() {
        let books = Self.sessionFrames.filter { $0.contains("\"order_book\":{") }
        var random = SeededRandom(seed: 77)
        var accepted = 0
        let inserts = Array(" \n\t\"\\,:{}[]0123456789.-eEnul\u{0}x".utf8)
        let rewrites: [(String, String)] = [
            ("\"offset\":", "\"offset\": "), ("\"nonce\":", "\"nonce\":\"1\",\"nonce\":"), ("\"code\":0", "\"code\":null"),
            ("\"type\":", "\"unknown\":1,\"type\":"), ("\"asks\":[", "\"asks\":[[\"1.0\",\"2.0\"],"), ("\"price\":\"", "\"price\":\"-"),
            ("\"size\":\"", "\"size\":\"\","), ("\"size\":\"", "\"size\":\"0"), ("order_book\":", "order_bo\\u006fk\":"),
            ("\"timestamp\":", "\"timestamp\":1e3,\"timestamp\":"), ("\"timestamp\":", "\"timestamp\":12345678901234567890,\"timestamp\":"),
            ("\"timestamp\":", "\"timestamp\":123456789012345678,\"timestamp\":"), ("\"offset\":", "\"offset\":1234567890123456789,\"offset\":"),
            ("\"nonce\":", "\"nonce\":-"), ("\"nonce\":", "\"nonce\":0000"), ("\"begin_nonce\":", "\"begin_nonce\":1.5,\"begin_nonce\":"),
            ("\"price\":\"", "\"price\":\"\",\"price\":\""), ("\"size\":\"", "\"size\":\"\",\"size\":\"\",\"x\":\""),
            (",\"size\":\"", "}],\"x\":[{\"size\":\""), ("\"price\":\"", "\"price\":\"12345678901234.123456789\",\"price\":\""),
            ("{", "{ "), ("}", " }"), (",", " , "), ("\"size\"", "\"size\":\"1\",\"size\""), ("update/order_book", "update\\/order_book"),
            ("\"order_book:", "\"order_book:99999999"), ("\"bids\":[", "\"bids\":[],\"bids\":["), ("\"price\":\"", "\"price\":\"1234567890."),
            ("\"channel\":", "\"order_book\":{},\"channel\":"), ("\"last_updated_at\":", "\"last_updated_at\":null,\"last_updated_at\":"),
            ("\"size\":\"", "\"size\":\"\"}, {\"price\":\"1\",\"size\":\""), ("{\"price\"", "{\"size\":\"1\"},{\"price\""),
        ]
        for (n, text) in books.prefix(60).enumerated() {
            let bytes = Array(text.utf8)
            if Self.check(bytes, "as is") { accepted += 1 }
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
                var dropped = bytes
                dropped.remove(at: cut)
                _ = Self.check(dropped, "byte \(cut) dropped")
                _ = Self.check(Array(bytes[0..<cut]), "cut at \(cut)")
            }
            for _ in 0..<30 {
                var bent = bytes
                let at = Int(random.next() % UInt64(bent.count + 1))
                bent.insert(inserts[Int(random.next() % UInt64(inserts.count))], at: at)
                if Self.check(bent, "insert at \(at)") { accepted += 1 }
            }
            for (from, to) in rewrites {
                if let range = text.range(of: from) {
                    var rewritten = text
                    rewritten.replaceSubrange(range, with: to)
                    if Self.check(Array(rewritten.utf8), "\(from) -> \(to) in frame \(n)") { accepted += 1 }
                }
                if Self.check(Array(text.replacingOccurrences(of: from, with: to).utf8), "all \(from) -> \(to) in frame \(n)") {
                    accepted += 1
                }
            }
        }
        #expect(accepted > 200)
    }

    /// An insertion point counted over a short side is the one a binary search finds, on sides of
    /// every length around the limit and prices on, between and beyond the levels.
    @Test func countingAndSearchingAgree() {
        var random = SeededRandom(seed: 5)
        for length in [0, 1, 2, 3, 7, 60, 95, 96, 97, 200] {
            for descending in [true, false] {
                var prices = Set<Int64>()
                while prices.count < length { prices.insert(Int64(random.next() % 1_000) * 1_000_000) }
                let sorted = descending ? prices.sorted(by: >) : prices.sorted()
                let side = sorted.map { PriceLevel(price: FixedDecimal(units: $0), size: FixedDecimal(units: 1)) }
                for _ in 0..<200 {
                    let price = FixedDecimal(units: Int64(random.next() % 1_100_000) * 1_000 - 50_000_000)
                    let counted = OrderBook.firstIndex(notBetterThan: price, in: side, descending: descending, countedUpTo: .max)
                    let searched = OrderBook.firstIndex(notBetterThan: price, in: side, descending: descending, countedUpTo: -1)
                    #expect(counted == searched, "\(length) levels, descending \(descending), price \(price)")
                }
                for level in side {
                    #expect(OrderBook.firstIndex(notBetterThan: level.price, in: side, descending: descending, countedUpTo: .max)
                            == OrderBook.firstIndex(notBetterThan: level.price, in: side, descending: descending, countedUpTo: -1))
                }
            }
        }
    }
}
