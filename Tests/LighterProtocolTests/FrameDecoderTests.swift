import Foundation
import Testing
@testable import LighterProtocol

@Suite struct FrameDecoderTests {
    @Test func theSamplesArePresent() {
        #expect(ReferenceSamples.webSocketFrames.count >= 20, "samples missing at \(ReferenceSamples.directory.path)")
    }

    @Test(arguments: ReferenceSamples.webSocketFrames)
    func everyWebSocketSampleDecodes(name: String) throws {
        let frame = try FrameDecoder.decode(try ReferenceSamples.text(name))
        if case .unknown = frame { Issue.record("\(name) decoded as unknown") }
        // Modelled frames re-encode to text that decodes back to the same value.
        let encoder = FrameEncoder(decimals: [0: MarketDecimals(size: 4, price: 2)])
        let again = try FrameDecoder.decode(encoder.encode(frame))
        #expect(again == frame, "\(name) does not survive a round trip")
    }

    @Test func orderBookSnapshotFields() throws {
        let frame = try FrameDecoder.decode(try ReferenceSamples.text("nautilus_docfixture_ws_subscribed_order_book.json"))
        guard case .orderBook(let book) = frame else { Issue.record("not a book: \(frame)"); return }
        #expect(book.isSnapshot)
        #expect(book.market == 0)
        #expect(book.nonce == 904845)
        #expect(book.beginNonce == 0)
        #expect(book.offset == 2164)
        #expect(book.asks == [PriceLevel(price: FixedDecimal("2325.00")!, size: FixedDecimal("99.0000")!),
                              PriceLevel(price: FixedDecimal("2341.25")!, size: FixedDecimal("340.1028")!)])
        #expect(book.bids.count == 1)
        #expect(book.lastUpdatedAt == 1778138389655150)
    }

    @Test func olderBookUpdateWithoutBeginNonce() throws {
        let frame = try FrameDecoder.decode(try ReferenceSamples.text("ccxt_ws_update_order_book.json"))
        guard case .orderBook(let book) = frame else { Issue.record("not a book"); return }
        #expect(!book.isSnapshot)
        #expect(book.beginNonce == nil)
        #expect(book.bids.first?.size == .zero)
        #expect(book.nonce == 3107818665)
    }

    @Test func accountOrdersFields() throws {
        let frame = try FrameDecoder.decode(try ReferenceSamples.text("nautilus_docfixture_ws_update_account_orders.json"))
        guard case .accountOrders(let update) = frame else { Issue.record("not account orders"); return }
        #expect(update.source == .accountOrders)
        #expect(!update.isSnapshot)
        #expect(update.account == 1234)
        let order = try #require(update.orders["0"]?.first)
        #expect(order.orderIndex == 281476929510110)
        #expect(order.clientOrderIndex == 42)
        #expect(order.status == .open)
        #expect(order.isAsk)
        #expect(order.filledBaseAmount == FixedDecimal("0.002"))
        #expect(order.filledQuoteAmount == FixedDecimal("4.70548"))
        #expect(order.remainingBaseAmount == FixedDecimal("0.003"))
        #expect(order.timestampMilliseconds == 1777941383900)
    }

    @Test func restOrderWithSecondTimestamps() throws {
        // The REST body is not a frame, but its Order object is the same record.
        let text = try ReferenceSamples.text("ccxt_rest_accountActiveOrders_response.json")
        var bytes = Array(text.utf8)
        let orders: [Order] = try bytes.withUnsafeMutableBufferPointer { buffer in
            var reader = JSONReader(UnsafeBufferPointer(buffer))
            var orders: [Order] = []
            try reader.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
                if key == "orders" {
                    try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in orders.append(try OrderDecoding.readOrder(&r)) }
                } else { try r.skipValue() }
            }
            return orders
        }
        let order = try #require(orders.first)
        #expect(order.status == .canceledMarginNotAllowed)
        #expect(order.status.isFinal)
        #expect(order.timestampMilliseconds == 1766387932000)
        #expect(order.price == FixedDecimal("2221.60"))
    }

    @Test func accountAllTradesAreKeyedByMarket() throws {
        let frame = try FrameDecoder.decode(try ReferenceSamples.text("nautilus_docfixture_ws_update_account_all_trades.json"))
        guard case .accountTrades(let update) = frame else { Issue.record("not trades"); return }
        let trade = try #require(update.trades["0"]?.first)
        #expect(trade.tradeID == 19209006902)
        #expect(trade.bidAccountID == 1234)
        #expect(trade.isMakerAsk)
        #expect(trade.size == FixedDecimal("0.1336"))
    }

    @Test func errorFramesWithAndWithoutType() throws {
        let bare = try FrameDecoder.decode(#"{"error":{"code":30005,"message":"Invalid Channel:  (marketId)"}}"#)
        #expect(bare == .error(ErrorFrame(code: 30005, message: "Invalid Channel:  (marketId)")))
        let typed = try FrameDecoder.decode(#"{"type":"error","error":{"code":20001,"message":"invalid param : auth field is required: account_all_orders:0"}}"#)
        #expect(typed == .error(ErrorFrame(code: 20001, message: "invalid param : auth field is required: account_all_orders:0")))
        let noCode = try FrameDecoder.decode(#"{"error":{"message":"invalid auth: invalid deadline"}}"#)
        #expect(noCode == .error(ErrorFrame(code: nil, message: "invalid auth: invalid deadline")))
        let withID = try FrameDecoder.decode(#"{"error":{"code":21104,"message":"invalid nonce"},"id":"probe-c"}"#)
        #expect(withID == .error(ErrorFrame(code: 21104, message: "invalid nonce", id: "probe-c")))
    }

    @Test func controlFrames() throws {
        #expect(try FrameDecoder.decode(#"{"type":"ping"}"#) == .ping)
        #expect(try FrameDecoder.decode(#" { "type" : "pong" } "#) == .pong)
        #expect(try FrameDecoder.decode(#"{"type":"shutdown","close_in_ms":5000}"#) == .shutdown(closeInMs: 5000))
        #expect(try FrameDecoder.decode(#"{"session_id":"abc","type":"connected"}"#) == .connected(sessionID: "abc"))
    }

    @Test func unknownFramesKeepTheirText() throws {
        let text = #"{"type":"update/mystery","channel":"mystery:1","x":[1,2,{"y":null}]}"#
        #expect(try FrameDecoder.decode(text) == .otherChannel(type: "update/mystery", channel: "mystery:1", raw: text))
        let odd = #"{"hello":"world"}"#
        #expect(try FrameDecoder.decode(odd) == .unknown(type: nil, raw: odd))
        let strange = #"{"type":"surprise"}"#
        #expect(try FrameDecoder.decode(strange) == .unknown(type: "surprise", raw: strange))
    }

    @Test(arguments: [
        "", "not json", "{", "{\"type\":", "[1,2]", "{\"type\":\"ping\"} trailing", "{\"a\":1,}",
        "{\"order_book\":{\"asks\":[{\"price\":\"1e5\",\"size\":\"1\"}]},\"type\":\"update/order_book\",\"channel\":\"order_book:0\"}",
        "{\"type\":\"ping\\x\"}", "{\"n\":01x}", "{\"s\":\"\u{01}\"}",
        String(repeating: "[", count: 10_000),
    ])
    func malformedInputThrows(text: String) {
        #expect(throws: FrameDecodingError.self) { try FrameDecoder.decode(text) }
    }

    @Test func unicodeEscapes() throws {
        let frame = try FrameDecoder.decode(#"{"error":{"code":1,"message":"a\"b\\c\u00e9\ud83d\udce8\n"}}"#)
        #expect(frame == .error(ErrorFrame(code: 1, message: "a\"b\\cé📨\n")))
    }

    /// Random bytes, truncations and mutations of real frames never crash the decoder.
    @Test func fuzzNeverCrashes() throws {
        var rng = SeededRandom(seed: 0xC0FFEE)
        let seeds = try ReferenceSamples.webSocketFrames.map { Array(try ReferenceSamples.text($0).utf8) }
        var decoded = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 4 == 0 || seeds.isEmpty {
                bytes = (0..<Int(rng.next() % 200)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                bytes = seeds[Int(rng.next() % UInt64(seeds.count))]
                switch rng.next() % 3 {
                case 0: bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count + 1))))
                case 1:
                    for _ in 0..<(1 + rng.next() % 4) where !bytes.isEmpty {
                        bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
                    }
                default:
                    let at = Int(rng.next() % UInt64(bytes.count + 1))
                    bytes.insert(contentsOf: [0x7B, 0x5B, 0x22, 0x5C, 0x00, 0x2C][...].shuffled(using: &rng).prefix(2), at: at)
                }
            }
            if (try? FrameDecoder.decode(bytes)) != nil { decoded += 1 }
        }
        // Mutations keep some frames valid; pure noise almost never is.
        #expect(decoded > 100)
    }
}

/// A tiny seeded generator so that failures reproduce.


