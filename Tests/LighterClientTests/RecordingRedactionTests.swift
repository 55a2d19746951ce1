import Foundation
import Testing
@testable import LighterClient
import LighterProtocol

/// A recording must hold no secret the server sent back, wherever it sits in a frame, and must
/// stay a file `replay` reads.
@Suite struct RecordingRedactionTests {
    static let signature = String(repeating: "9f3a", count: 40)  // 160 hex: a real token's length
    static let readOnlySignature = String(repeating: "7e1b", count: 32)
    static let shortSignature = String(repeating: "c0de", count: 10)  // a cut token
    static let privateKey = String(repeating: "5d2c", count: 20)  // 40 bytes
    static let txHash = String(repeating: "0a1b", count: 20)  // also 40 bytes, labelled as a hash

    static var hostileFrames: [String] {
        [
            #"{"error":{"code":20013,"message":"invalid auth: 1767225600:7:0:\#(signature)"}}"#,
            #"{"type":"error","error":{"code":20013,"message":"invalid auth: ro:7:all:1798761600:\#(readOnlySignature)"}}"#,
            #"{"error":{"code":20013,"message":"bad token 1767225600:7:0:\#(shortSignature) (truncated)"}}"#,
            #"{"type":"update/mystery","payload":{"note":["key", "0x\#(privateKey)"],"other":"\#(privateKey.uppercased())"}}"#,
            #"{"type":"update/mystery","ro_token":"RO:12:single:1798761600:\#(readOnlySignature)"}"#,
        ]
    }

    @Test func everyTokenAndKeyShapeIsRedactedAndReplayStillReads() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("redaction-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("rec.jsonl").path
        let encoder = FrameEncoder(decimals: [0: MarketDecimals(size: 4, price: 2)])
        let book = encoder.encode(.orderBook(OrderBookFrame(
            market: 0, isSnapshot: true, offset: 1, nonce: 5, beginNonce: 0,
            asks: [PriceLevel(price: 3001, size: 1)], bids: [PriceLevel(price: 2999, size: 2)])))
        let trade = #"{"type":"update/account_all_trades","channel":"account_all_trades:7","trades":{"0":[{"trade_id":1,"tx_hash":"\#(Self.txHash)","market_id":0,"size":"0.1000","price":"3001.00"}]}}"#

        // No token registered: the recorder must recognise the shapes by itself.
        let recorder = try FrameRecorder(path: path)
        recorder.record(book, timeMs: 1)
        for (index, frame) in Self.hostileFrames.enumerated() { recorder.record(frame, timeMs: Int64(2 + index)) }
        recorder.record(trade, timeMs: 10)
        recorder.close()

        let raw = try String(contentsOfFile: path, encoding: .utf8)
        for secret in [Self.signature, Self.readOnlySignature, Self.shortSignature, Self.privateKey] {
            #expect(!raw.lowercased().contains(secret.prefix(16)), "\(secret.prefix(16)) left in the recording")
        }
        let entries = try RecordingReader.entries(path: path)
        #expect(entries.count == Self.hostileFrames.count + 2)
        #expect(entries[1].text.contains("invalid auth: 1767225600:7:0:<redacted>"))
        #expect(entries[2].text.contains("ro:7:all:1798761600:<redacted>"))
        #expect(entries[3].text.contains("1767225600:7:0:<redacted> (truncated)"))
        #expect(entries[5].text.contains("RO:12:single:1798761600:<redacted>"))
        // What is not a secret stays as received: the book and a labelled tx hash.
        #expect(entries[0].text == book)
        #expect(entries.last?.text == trade)
        // Every line, and every frame that was JSON, is still JSON.
        for line in raw.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)")
        }
        for entry in entries {
            #expect((try? JSONSerialization.jsonObject(with: Data(entry.text.utf8))) != nil, "\(entry.text)")
        }
        let summary = try ReplayPipeline.replay(path: path)
        #expect(summary.frames == entries.count)
        #expect(summary.markets.first?.bestBid == PriceLevel(price: 2999, size: 2))
        #expect(summary.markets.first?.bestAsk == PriceLevel(price: 3001, size: 1))
    }

    @Test func tokenShapesAreRedactedInLogTextToo() {
        #expect(LogRedaction.redact("auth 1767225600:7:0:\(Self.shortSignature) refused")
            == "auth 1767225600:7:0:<redacted> refused")
        #expect(LogRedaction.redact("ro:7:all:1798761600:\(Self.readOnlySignature)") == "ro:7:all:1798761600:<redacted>")
        // Look-alikes that are no token stay.
        for text in ["2026-01-01 12:00:00,123 - hedge_bot_ETH - INFO - ok", "channel account_orders:0:12",
                     "t 12:30:45:deadbeef", "id 1:2:3:0123456789abcde", "ro:7:all:\(Self.shortSignature)",
                     "order_book:0 nonce 3000000001"] {
            #expect(LogRedaction.redact(text) == text, "\(text)")
        }
    }
}
