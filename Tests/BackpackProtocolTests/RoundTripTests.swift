import BackpackProtocol
import Foundation
import LighterProtocol
import Testing

@Suite struct RoundTripTests {
    static let encoder = BackpackFrameEncoder(padding: ["ETH_USDC_PERP": BackpackPadding(price: 2, quantity: 4)])

    /// Objects compared as JSON values, so key order and whitespace do not matter but string
    /// padding, numbers versus strings and nulls do.
    static func sameJSON(_ a: String, _ b: String) throws -> Bool {
        let x = try JSONSerialization.jsonObject(with: Data(a.utf8), options: [.fragmentsAllowed]) as? NSObject
        let y = try JSONSerialization.jsonObject(with: Data(b.utf8), options: [.fragmentsAllowed]) as? NSObject
        return x != nil && x == y
    }

    @Test(arguments: BackpackReference.streamFrames.filter { !$0.contains("markPrice") && !$0.contains("ticker.json") && !$0.contains("balanceUpdate") && !$0.contains("bookTicker") })
    func theEncoderWritesTheSamplesShape(name: String) throws {
        let text = try BackpackReference.text(name)
        let frame = try BackpackFrameDecoder.decode(text)
        let stream = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])["stream"] as? String
        let encoded = Self.encoder.encode(frame, stream: stream ?? "")
        #expect(try Self.sameJSON(encoded, text), "\(name):\n\(encoded)")
        #expect(try BackpackFrameDecoder.decode(encoded) == frame)
    }

    @Test func bookTickerRoundTripsAndWritesEmptySidesAsNull() throws {
        let text = try BackpackReference.text("ws_bookTicker.json")
        let frame = try BackpackFrameDecoder.decode(text)
        #expect(try Self.sameJSON(Self.encoder.encode(frame), text))
        let empty = BackpackServerFrame.bookTicker(BackpackBookTicker(symbol: "ETH_USDC_PERP", bid: nil, ask: nil, updateID: 9,
                                                                       eventTime: 1, engineTime: 2))
        let encoded = Self.encoder.encode(empty)
        #expect(encoded.contains(#""a":null"#))
        #expect(try BackpackFrameDecoder.decode(encoded) == empty)
    }

    @Test func generatedFramesRoundTrip() throws {
        let level = { (p: String, q: String) in PriceLevel(price: FixedDecimal(p)!, size: FixedDecimal(q)!) }
        let frames: [BackpackServerFrame] = [
            .depth(BackpackDepthUpdate(symbol: "ETH_USDC_PERP", firstUpdateID: 10, lastUpdateID: 12,
                                       asks: [level("3000.01", "0"), level("3000.5", "1.25")], bids: [], eventTime: 5, engineTime: 4)),
            .trade(BackpackTrade(symbol: "ETH_USDC_PERP", price: 3000, quantity: FixedDecimal("0.5")!, buyerOrderID: "1",
                                 sellerOrderID: "2", tradeID: 77, buyerIsMaker: false, eventTime: 1, engineTime: 1)),
            .orderUpdate(BackpackOrderUpdate(event: .orderExpired, eventTime: 1, engineTime: 1, symbol: "ETH_USDC_PERP",
                                             orderID: "99", side: .ask, orderType: .market, timeInForce: "IOC",
                                             quantity: FixedDecimal("0.5")!, price: nil, status: .expired,
                                             expiryReason: "ImmediateOrCancel", executedQuantity: FixedDecimal("0.2")!,
                                             executedQuoteQuantity: 600)),
            .error(BackpackStreamError(code: 4006, message: "Invalid stream")),
        ]
        for frame in frames {
            #expect(try BackpackFrameDecoder.decode(Self.encoder.encode(frame)) == frame)
        }
    }

    @Test func restBodiesRoundTripThroughTheVenuesShape() throws {
        for name in ["rest_order_execute_response_new.json", "rest_order_query_response_partiallyfilled.json"] {
            let text = try BackpackReference.text(name)
            let order = try BackpackREST.decode(BackpackOrder.self, from: Data(text.utf8))
            let encoded = BackpackREST.encode(order)
            #expect(try BackpackREST.decode(BackpackOrder.self, from: Data(encoded.utf8)) == order)
            // systemOrderType is written always (null here); the first sample omits it.
            var expected = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            expected["systemOrderType"] = NSNull()
            let expectedText = String(decoding: try JSONSerialization.data(withJSONObject: expected), as: UTF8.self)
            #expect(try Self.sameJSON(encoded, expectedText), "\(name): \(encoded)")
        }
        for name in ["rest_fills_response.json", "rest_position_response.json", "rest_depth_response.json",
                     "rest_markets_response.json", "rest_capital_collateral_response.json", "rest_status_response.json",
                     "rest_ticker_response.json", "rest_markPrices_response.json", "rest_account_response.json"] {
            let text = try BackpackReference.text(name)
            let reencoded: String
            switch name {
            case "rest_fills_response.json": reencoded = BackpackREST.encode(try BackpackREST.decode([BackpackFill].self, from: Data(text.utf8)))
            case "rest_position_response.json":
                // The sample's imfFunction/mmfFunction objects are not modelled.
                var rows = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
                rows = rows.map { var row = $0; row["imfFunction"] = nil; row["mmfFunction"] = nil; return row }
                let trimmed = String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
                let again = BackpackREST.encode(try BackpackREST.decode([BackpackPosition].self, from: Data(text.utf8)))
                #expect(try Self.sameJSON(again, trimmed), "\(name): \(again)")
                continue
            case "rest_depth_response.json": reencoded = BackpackREST.encode(try BackpackREST.decode(BackpackDepthSnapshot.self, from: Data(text.utf8)))
            case "rest_markets_response.json":
                let markets = try BackpackREST.decode([BackpackMarket].self, from: Data(text.utf8))
                #expect(try BackpackREST.decode([BackpackMarket].self, from: Data(BackpackREST.encode(markets).utf8)) == markets)
                continue
            case "rest_capital_collateral_response.json": reencoded = BackpackREST.encode(try BackpackREST.decode(BackpackCollateral.self, from: Data(text.utf8)))
            case "rest_status_response.json": reencoded = BackpackREST.encode(try BackpackREST.decode(BackpackStatus.self, from: Data(text.utf8)))
            case "rest_ticker_response.json": reencoded = BackpackREST.encode(try BackpackREST.decode(BackpackTicker.self, from: Data(text.utf8)))
            case "rest_markPrices_response.json": reencoded = BackpackREST.encode(try BackpackREST.decode([BackpackMarkPrice].self, from: Data(text.utf8)))
            default: reencoded = BackpackREST.encode(try BackpackREST.decode(BackpackAccountSettings.self, from: Data(text.utf8)))
            }
            #expect(try Self.sameJSON(reencoded, text), "\(name): \(reencoded)")
        }
    }

    @Test func historyOrdersWriteNaiveTimesAndTheExpiryReason() throws {
        var order = try BackpackREST.decode(BackpackOrder.self, from: try BackpackReference.data("rest_order_execute_response_new.json"))
        order.status = .expired
        order.expiryReason = "ImmediateOrCancel"
        let history = BackpackREST.encode(order, history: true)
        #expect(history.contains(#""createdAt":"2026-01-01T00:00:00.150""#))
        #expect(try BackpackREST.decode(BackpackOrder.self, from: Data(history.utf8)) == order)
    }

    @Test func clientMessagesRoundTrip() throws {
        let signer = try BackpackSigner(secretBase64: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
        let message = signer.subscribe(["account.orderUpdate.ETH_USDC_PERP"], timestampMs: 1_767_225_602_500)
        #expect(try BackpackClientMessage.decode(message.encoded()).get() == message)
        #expect(message.encoded() == (try BackpackReference.text("ws_subscribe_private_signed.json")).filter { !$0.isWhitespace })
        #expect(BackpackClientMessage.decode("not json") == .failure(.parseError))
        #expect(BackpackClientMessage.decode(#"{"method":"LIST","params":[]}"#) == .failure(.parseError))
    }

    @Test func streamNamesParseAsTheVenueJudgesThem() throws {
        #expect(try BackpackStream(parsing: "depth.200ms.ETH_USDC_PERP") == .depth(symbol: "ETH_USDC_PERP", intervalMs: 200))
        #expect(try BackpackStream(parsing: "account.orderUpdate") == .orderUpdate(symbol: nil))
        #expect(try BackpackStream(parsing: "account.positionUpdate.SOL_USDC_PERP").isPrivate)
        #expect(throws: BackpackStreamError.invalidDepthWindow) { try BackpackStream(parsing: "depth.100ms.ETH_USDC_PERP") }
        #expect(throws: BackpackStreamError.invalidStream) { try BackpackStream(parsing: "depthx.ETH_USDC_PERP") }
        for name in ["depth.ETH_USDC_PERP", "bookTicker.ETH_USDC_PERP", "trade.X", "account.orderUpdate.X", "depth.1000ms.X"] {
            #expect(try BackpackStream(parsing: name).name == name)
        }
    }

    @Test func naiveTimesParseAndFormat() {
        #expect(BackpackTime.milliseconds(naiveUTC: "2025-01-21T06:34:54.691858") == 1_737_441_294_691)
        #expect(BackpackTime.milliseconds(naiveUTC: "2026-01-01T00:00:05") == 1_767_225_605_000)
        #expect(BackpackTime.milliseconds(naiveUTC: "2026-01-01") == nil)
        #expect(BackpackTime.milliseconds(naiveUTC: "2026-13-01T00:00:00") == nil)
        #expect(BackpackTime.naiveUTC(milliseconds: 1_767_225_605_871) == "2026-01-01T00:00:05.871")
    }
}
