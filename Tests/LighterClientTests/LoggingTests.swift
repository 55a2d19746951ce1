import Diagnosis
import Foundation
import LighterProtocol
import Logging
import StreamKit
import Testing
@testable import LighterClient

/// The shared reference samples: `LIGHTER_SAMPLES`, else `shared/reference/samples/lighter` in an
/// ancestor of this file's real location (the checkout sits beside `shared/`).
private enum LoggingSamples {
    static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["LIGHTER_SAMPLES"] {
            return URL(fileURLWithPath: override)
        }
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/reference/samples/lighter")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "/work/shared/reference/samples/lighter")
    }

    static func frame(_ name: String) throws -> ServerFrame {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return try FrameDecoder.decode(text)
    }
}

private func dec(_ text: String) throws -> FixedDecimal { try #require(FixedDecimal(text)) }

private let hex160 = String(repeating: "0123456789abcdef", count: 10)
private let token = "1767225600:12345:3:" + hex160
/// The throwaway key of the signer samples: 0x + 80 hex.
private let privateKey = "0x8d8f7a764ef7f71d87115a5388766af312728a32e5ac016c5ea924843f97380eae3a28d319e77657"
/// 2025-12-22 14:03:07,123 UTC.
private let fixedMs: Int64 = 1_766_412_187_123

// MARK: - Guide lines from real frames

@Suite struct GuideLogFrameTests {
    @Test func updateAccountOrdersSample() throws {
        let frame = try LoggingSamples.frame("nautilus_docfixture_ws_update_account_orders.json")
        let lines = GuideLog.received(frame: frame)
        #expect(lines == [
            GuideLine(.debug, "📨 [LIGHTER WS] Received message type: update/account_orders"),
            GuideLine(.debug, "📨 [LIGHTER WS] Account orders update received - Markets: ['0']"),
            GuideLine(.debug, "📨 [LIGHTER WS] Market 0: 1 orders"),
            GuideLine(.debug, "📨 [LIGHTER WS]   Order 0: id=281476929510110, status=open, side=sell, size=0.005, "
                + "price=2352.74, filled=0.002, client_id=42"),
            GuideLine(.debug, "📨 [LIGHTER WS] Processing 1 orders for market 0"),
            GuideLine(.debug, "📨 [LIGHTER WS] Processing order id=281476929510110, status=open"),
            GuideLine(.debug, "📨 [LIGHTER WS] Skipping order id=281476929510110 with status=open (not filled)"),
        ])
        // An order the fill tracker reported is not skipped.
        let filled = GuideLog.received(frame: frame, fillsInFrame: [281476929510110])
        #expect(filled.count == 6)
        #expect(!filled.contains { $0.message.contains("Skipping") })
        // At INFO nothing of this frame is built.
        #expect(GuideLog.received(frame: frame, minimumLevel: .info).isEmpty)
    }

    @Test func subscribedOrderBookSample() throws {
        let frame = try LoggingSamples.frame("nautilus_docfixture_ws_subscribed_order_book.json")
        #expect(GuideLog.received(frame: frame) == [
            GuideLine(.debug, "📨 [LIGHTER WS] Received message type: subscribed/order_book"),
            GuideLine(.info, "📨 [LIGHTER WS] Subscription confirmation: subscribed to order book "
                + "(subscribed/order_book, market 0, offset 2164, nonce 904845, bids 1, asks 2)"),
        ])
    }

    @Test func updateOrderBookSample() throws {
        let frame = try LoggingSamples.frame("nautilus_docfixture_ws_update_order_book.json")
        let lines = GuideLog.received(frame: frame)
        #expect(lines.count == 2)
        #expect(lines[1] == GuideLine(.debug, "📨 [LIGHTER WS] Order book update - offset: 1558300, bids: 0, asks: 1, "
            + "market: 0, nonce: 9182390020, begin_nonce: 9182389998"))
    }

    @Test func errorFrameSample() throws {
        let frame = try LoggingSamples.frame("ccxt_ws_error_30005_invalid_channel.json")
        #expect(GuideLog.received(frame: frame) == [
            GuideLine(.debug, "📨 [LIGHTER WS] Received message type: error"),
            GuideLine(.warning, "⚠️ [LIGHTER WS] Server error frame: code=30005, message=Invalid Channel:  (marketId)"),
        ])
    }

    @Test func subscribedAccountOrdersAndAllOrders() throws {
        let orders = try FrameDecoder.decode(
            #"{"type":"subscribed/account_orders","channel":"account_orders:0","account":7,"orders":{}}"#)
        #expect(GuideLog.received(frame: orders)[1] == GuideLine(.info,
            "📨 [LIGHTER WS] Subscription confirmation: subscribed to account orders "
            + "(subscribed/account_orders, channel account_orders:0, account 7, orders 0)"))
        // A snapshot's orders are named apart from an update's, and doctor takes no partly filled
        // one among them for an ignored fill.
        let snapshot = try FrameDecoder.decode(#"""
            {"type":"subscribed/account_orders","channel":"account_orders:0","account":7,"orders":{"0":[{"order_index":5,"client_order_index":1,"order_id":"5","market_index":0,"owner_account_index":7,"initial_base_amount":"1.0","price":"3000.00","nonce":1,"remaining_base_amount":"0.6","is_ask":false,"base_size":10000,"base_price":300000,"filled_base_amount":"0.4","filled_quote_amount":"1200.0","side":"buy","type":"limit","time_in_force":"good-till-time","reduce_only":false,"trigger_price":"0.00","order_expiry":0,"status":"open","trigger_status":"na","trigger_time":0,"parent_order_index":0,"parent_order_id":"0","to_trigger_order_id_0":"0","to_trigger_order_id_1":"0","to_cancel_order_id_0":"0","timestamp":1766412187,"created_at":1766412187,"updated_at":1766412187}]}}
            """#)
        let snapshotLines = GuideLog.received(frame: snapshot).map(\.message)
        #expect(snapshotLines.contains { $0.contains("  Snapshot order 0: id=5, status=open") }, "\(snapshotLines)")
        #expect(!snapshotLines.contains { $0.contains("  Order 0:") })
        let log = snapshotLines.map { "2025-12-22 14:03:07,123 - lighter_hedge_ETH - DEBUG - \($0)" }.joined(separator: "\n") + "\n"
        #expect(LogDiagnoser.diagnose(text: log).finding(.partialFillIgnored) == nil)
        let all = try FrameDecoder.decode(
            #"{"type":"subscribed/account_all_orders","channel":"account_all_orders:7","orders":{}}"#)
        #expect(GuideLog.received(frame: all)[1].message
            .hasPrefix("📨 [LIGHTER WS] Subscription confirmation: subscribed to account all orders"))
        let trades = try FrameDecoder.decode(
            #"{"type":"subscribed/account_all_trades","channel":"account_all_trades:7","trades":{}}"#)
        #expect(GuideLog.received(frame: trades)[1].message
            .hasPrefix("📨 [LIGHTER WS] Subscription confirmation: subscribed to account all trades"))
    }

    @Test func pingLines() {
        #expect(GuideLog.received(frame: .ping) == [
            GuideLine(.debug, "📨 [LIGHTER WS] Received message type: ping"),
            GuideLine(.debug, "📨 [LIGHTER WS] Ping received (sending pong)"),
        ])
    }

    @Test func unexpectedFramePayloadIsRedactedThenCutAt500() throws {
        let filler = String(repeating: "x", count: 600)
        let raw = #"{"type":"update/mystery","auth":""# + token + #"","pad":""# + filler + #""}"#
        let lines = GuideLog.received(frame: .unknown(type: "update/mystery", raw: raw))
        #expect(lines.count == 3)
        #expect(lines[1] == GuideLine(.warning, "⚠️ [LIGHTER WS] UNEXPECTED MESSAGE TYPE: update/mystery"))
        let payloadPrefix = "⚠️ [LIGHTER WS] Payload: "
        #expect(lines[2].level == .warning)
        #expect(lines[2].message.hasPrefix(payloadPrefix + #"{"type":"update/mystery","auth":"<redacted>","pad":"xxx"#))
        let payload = lines[2].message.dropFirst(payloadPrefix.count)
        let cutMark = "… (cut, \(LogRedaction.redact(raw).count) chars)"
        #expect(payload.hasSuffix(cutMark))
        #expect(payload.count == 500 + cutMark.count)
        #expect(!lines[2].message.contains("0123456789abcdef"))

        let none = GuideLog.received(frame: .unknown(type: nil, raw: "{}"))
        #expect(none[1].message == "⚠️ [LIGHTER WS] UNEXPECTED MESSAGE TYPE: none")
        let other = try FrameDecoder.decode(#"{"type":"update/height","channel":"height","height":12}"#)
        #expect(GuideLog.received(frame: other)[1].message == "⚠️ [LIGHTER WS] UNEXPECTED MESSAGE TYPE: update/height")
    }

    @Test func fillLine() throws {
        let event = FillEvent(orderIndex: 281476929510110, clientOrderIndex: 42, market: 0, isAsk: true,
                              size: try dec("0.002"), price: try dec("2352.74"), cumulativeFilled: try dec("0.002"),
                              cumulativeQuote: try dec("4.70548"), status: "open", timeMs: fixedMs,
                              source: .accountOrders, recovered: false)
        #expect(GuideLog.fill(event) == GuideLine(.info, "✅ [LIGHTER WS] Order FILLED: id=281476929510110, client_id=42, "
            + "market=0, side=sell, size=0.002, price=2352.74, filled=0.002, avg=2352.74, status=open, source=account_orders"))
        var recovered = event
        recovered.source = .rest
        recovered.recovered = true
        recovered.status = nil
        #expect(GuideLog.fill(recovered).message.hasSuffix("status=unknown, source=rest, recovered=true"))
    }

    @Test func lifecycleLines() {
        #expect(GuideLog.connectFailed(reason: "timed out").message.contains("⚠️ Failed to connect to Lighter websocket: timed out"))
        #expect(GuideLog.closed(code: 1006, reason: "").message == "⚠️ Lighter websocket connection closed: 1006 (no reason)")
        #expect(GuideLog.reconnecting(delayMs: 250, attempt: 2, cause: "ping timeout").message
            == "Reconnecting to Lighter websocket in 250 ms (attempt 2, cause: ping timeout)")
        #expect(GuideLog.accountSubscriptionConfirmed(channel: "account_orders/0/7").message
            .contains("Subscribed to account orders with auth token"))
        #expect(GuideLog.bookGap(market: 0, expectedBeginNonce: 10, got: 12).message
            == "Order book gap on market 0: expected begin_nonce 10, got 12; resubscribing the book only")
        #expect(GuideLog.tokenRefresh(ageSeconds: 540).message == "Refreshing auth token (age 540 s); resubscribing private channels")
        #expect(GuideLog.reconciliation(ordersChecked: 4, fillsRecovered: 1).message
            == "REST reconciliation: 4 orders checked, 1 fills recovered")
        let sent = GuideLog.subscribeSent(json: #"{"type":"subscribe","channel":"account_orders/0/7","auth":""# + token + #""}"#)
        #expect(sent.level == .debug)
        #expect(sent.message.hasSuffix(#"{"type":"subscribe","channel":"account_orders/0/7","auth":"<redacted>"}"#))
        #expect(GuideLog.subscribeSent(channel: "account_orders/0/7", withAuth: true).message
            == sent.message)
        #expect(GuideLog.undecodable(raw: "{\"auth\":\"" + token, error: FrameDecodingError(reason: "truncated", offset: 9))
            .message == "⚠️ [LIGHTER WS] Undecodable frame (truncated at byte 9): {\"auth\":\"<redacted>\"")
    }

    @Test func healthLine() {
        let h = HealthSummary(
            messagesPerSecond: ["update/order_book": 4.94, "ping": 0.05, "update/account_orders": 0.2],
            subscriptions: [.init(channel: "order_book/0", state: "confirmed"),
                            .init(channel: "account_orders/0/7", state: "confirmed")],
            tokenAgeSeconds: 120, fills: 3)
        #expect(GuideLog.health(h) == GuideLine(.info, "Health: msgs/s {update/order_book: 4.9, update/account_orders: 0.2, "
            + "ping: 0.1}; subscriptions order_book/0=confirmed, account_orders/0/7=confirmed; token age 120 s; fills 3"))
    }
}

// MARK: - Redaction

@Suite struct RedactionTests {
    @Test func authToken() {
        #expect(LogRedaction.redact("token " + token + " used") == "token 1767225600:12345:3:<redacted> used")
        // Same shape as LighterProtocol's Redaction.token.
        #expect(LogRedaction.redact(token) == Redaction.token(token))
    }

    @Test func authFieldInJSON() {
        let json = #"{"type":"subscribe","channel":"account_orders/0/7","auth": "short-test-token"}"#
        #expect(LogRedaction.redact(json) == #"{"type":"subscribe","channel":"account_orders/0/7","auth": "<redacted>"}"#)
    }

    @Test func fortyByteKeys() {
        #expect(LogRedaction.redact("key=" + privateKey + ".") == "key=<redacted>.")
        #expect(LogRedaction.redact("key=" + privateKey.dropFirst(2) + ".") == "key=<redacted>.")
        // A 32-byte value (64 hex) and an ordinary number stay.
        let hex64 = String(hex160.prefix(64))
        #expect(LogRedaction.redact("order " + hex64) == "order " + hex64)
        #expect(LogRedaction.redact("id=281476929510110 0x1f") == "id=281476929510110 0x1f")
    }

    @Test func transactionHashesStay() {
        // Lighter tx hashes are 80 hex digits too, and are what one greps for.
        let hash = "9959d3feb30d0a89fcfd4532f071ac99a98ee1202aa2a7f2c1299932b1e540b6ecdabd2b92616a14"
        #expect(LogRedaction.redact(#"{"tx_hash":""# + hash + #""}"#) == #"{"tx_hash":""# + hash + #""}"#)
        #expect(LogRedaction.redact("tx_hash=" + hash) == "tx_hash=" + hash)
        // A signature never does, whatever its label.
        #expect(LogRedaction.redact("hash=" + hex160) == "hash=<redacted>")
    }

    @Test func cleanTextIsUnchanged() {
        let line = "📨 [LIGHTER WS]   Order 0: id=281476929510110, status=open, side=sell, size=0.005"
        #expect(LogRedaction.redact(line) == line)
        #expect(LogRedaction.redact("") == "")
        #expect(LogRedaction.redact("\"aut\"auth\"") == "\"aut\"auth\"")
    }

    @Test func handlersRedactMessageAndMetadata() throws {
        let sink = MemoryLogSink()
        var logger = Logger(label: "lighter_hedge_ETH") { PythonStyleLogHandler(name: $0, sink: sink) }
        logger[metadataKey: "auth"] = "plain-secret"
        logger.info("subscribe {\"auth\":\"\(token)\"}", metadata: ["key": "\(privateKey)"])
        let line = try #require(sink.lines.first)
        #expect(line.hasSuffix(#"subscribe {"auth":"<redacted>"} auth=<redacted> key=<redacted>"#))

        let jsonSink = MemoryLogSink()
        var jsonLogger = Logger(label: "lighter_hedge_ETH") { JSONLinesLogHandler(name: $0, sink: jsonSink) }
        jsonLogger[metadataKey: "token"] = "plain-secret"
        jsonLogger.warning("token \(token)", metadata: ["nested": ["k": "\(privateKey)"]])
        let jsonLine = try #require(jsonSink.lines.first)
        #expect(!jsonLine.contains("plain-secret") && !jsonLine.contains("0123456789abcdef") && !jsonLine.contains("8d8f7a"))
    }
}

// MARK: - Handlers

@Suite struct LogHandlerTests {
    @Test func pythonFormat() throws {
        let sink = MemoryLogSink()
        let logger = Logger(label: "lighter_hedge_ETH") {
            PythonStyleLogHandler(name: $0, sink: sink, clock: { fixedMs })
        }
        logger.info("✅ [LIGHTER WS] Order FILLED: id=1")
        logger.debug("dropped at the default INFO level")
        #expect(sink.lines == ["2025-12-22 14:03:07,123 - lighter_hedge_ETH - INFO - ✅ [LIGHTER WS] Order FILLED: id=1"])

        // The real clock, against the format's shape.
        let live = MemoryLogSink()
        Logger(label: "lighter_hedge_BTC") { PythonStyleLogHandler(name: $0, sink: live) }.warning("x")
        let line = try #require(live.lines.first)
        #expect(try #/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} - lighter_hedge_BTC - WARNING - x/#.wholeMatch(in: line) != nil)
    }

    @Test func timestamps() {
        #expect(LogClock.pythonTimestamp(milliseconds: 0) == "1970-01-01 00:00:00,000")
        #expect(LogClock.pythonTimestamp(milliseconds: 1_709_251_199_999) == "2024-02-29 23:59:59,999")
        #expect(LogClock.pythonTimestamp(milliseconds: -1) == "1969-12-31 23:59:59,999")
        #expect(LogClock.iso8601(milliseconds: fixedMs) == "2025-12-22T14:03:07.123Z")
    }

    @Test func levelMapping() {
        let sink = MemoryLogSink()
        let logger = Logger(label: "n") { PythonStyleLogHandler(name: $0, sink: sink, logLevel: .trace, clock: { 0 }) }
        for level in Logger.Level.allCases { logger.log(level: level, "m") }
        #expect(sink.lines.map { $0.split(separator: " - ")[2] } ==
            ["DEBUG", "DEBUG", "INFO", "INFO", "WARNING", "ERROR", "CRITICAL"])
        #expect(PythonStyleLogHandler(name: "n", sink: sink).logLevel == .info)
        #expect(JSONLinesLogHandler(name: "n", sink: sink).logLevel == .info)
    }

    @Test func metadataAndNewlines() {
        let sink = MemoryLogSink()
        var logger = Logger(label: "n") { PythonStyleLogHandler(name: $0, sink: sink, clock: { 0 }) }
        logger[metadataKey: "market"] = "0"
        logger.info("a\nb", metadata: ["account": "7"])
        #expect(sink.lines == ["1970-01-01 00:00:00,000 - n - INFO - a\\nb account=7 market=0"])
    }

    @Test func jsonLines() throws {
        let sink = MemoryLogSink()
        let logger = Logger(label: "lighter_hedge_ETH") { JSONLinesLogHandler(name: $0, sink: sink, clock: { fixedMs }) }
        logger.notice("📨 \"quoted\"\n", metadata: ["market": "0", "list": ["a", "b"]])
        let line = try #require(sink.lines.first)
        #expect(line == #"{"time":"2025-12-22T14:03:07.123Z","level":"notice","logger":"lighter_hedge_ETH","#
            + #""message":"📨 \"quoted\"\n","metadata":{"list":["a","b"],"market":"0"}}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "📨 \"quoted\"\n")
    }

    @Test func fileSinkAppendsWholeLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("logtest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("logs/backpack_ETH_hedge_mode_log.txt").path
        do {
            let sink = try FileLogSink(path: path)
            let logger = Logger(label: "lighter_hedge_ETH") { PythonStyleLogHandler(name: $0, sink: sink, clock: { 0 }) }
            logger.info("one")
            // Flushed per line: readable before the sink goes away.
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "1970-01-01 00:00:00,000 - lighter_hedge_ETH - INFO - one\n")
            DispatchQueue.concurrentPerform(iterations: 200) { i in logger.info("line \(i)") }
        }
        let reopened = try FileLogSink(path: path)
        reopened.write(line: "appended")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 202)
        #expect(lines.last == "appended")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("1970-01-01 00:00:00,000 - lighter_hedge_ETH - INFO - ") })
    }
}

// MARK: - The guide's Quick Diagnostics on a simulated session

@Suite struct QuickDiagnosticsTests {
    static let url = "wss://mainnet.zklighter.elliot.ai/stream"

    /// A session as the client will log it: connect, book, account orders with auth, an order
    /// that rests then fills, a ping, an unexpected frame, a server error, a drop and reconnect.
    static func runSession(level: Logger.Level) throws -> [String] {
        let sink = MemoryLogSink()
        var logger = Logger(label: "lighter_hedge_ETH") { PythonStyleLogHandler(name: $0, sink: sink, clock: { fixedMs }) }
        logger.logLevel = level
        func frame(_ frame: ServerFrame, fills: Set<Int64> = []) {
            logger.log(GuideLog.received(frame: frame, fillsInFrame: fills, minimumLevel: logger.logLevel))
        }
        logger.log(GuideLog.connecting(url: url))
        logger.log(GuideLog.connected(url: url))
        frame(try FrameDecoder.decode(#"{"session_id":"e4c1","type":"connected"}"#))
        logger.log(GuideLog.subscribeSent(channel: "order_book/0", withAuth: false))
        frame(try LoggingSamples.frame("nautilus_docfixture_ws_subscribed_order_book.json"))
        logger.log(GuideLog.subscribeSent(json: #"{"type":"subscribe","channel":"account_orders/0/1234","auth":""# + token + #""}"#))
        frame(try FrameDecoder.decode(
            #"{"type":"subscribed/account_orders","channel":"account_orders:0","account":1234,"orders":{}}"#))
        logger.log(GuideLog.accountSubscriptionConfirmed(channel: "account_orders/0/1234"))
        frame(try LoggingSamples.frame("nautilus_docfixture_ws_update_order_book.json"))
        frame(try FrameDecoder.decode(#"{"type":"update/account_orders","channel":"account_orders:0","account":1234,"#
            + #""orders":{"0":[{"order_index":281476929510110,"client_order_index":42,"market_index":0,"#
            + #""initial_base_amount":"0.0050","price":"2352.74","remaining_base_amount":"0.0050","is_ask":true,"#
            + #""filled_base_amount":"0.0000","filled_quote_amount":"0.000000","status":"pending"}]}}"#))
        frame(try LoggingSamples.frame("nautilus_docfixture_ws_update_account_orders.json"), fills: [281476929510110])
        logger.log(GuideLog.fill(FillEvent(
            orderIndex: 281476929510110, clientOrderIndex: 42, market: 0, isAsk: true, size: try dec("0.002"),
            price: try dec("2352.74"), cumulativeFilled: try dec("0.002"), cumulativeQuote: try dec("4.70548"),
            status: "open", timeMs: fixedMs, source: .accountOrders, recovered: false)))
        frame(.ping)
        frame(try FrameDecoder.decode(#"{"type":"update/height","channel":"height","height":227535533}"#))
        frame(try LoggingSamples.frame("ccxt_ws_error_30005_invalid_channel.json"))
        logger.log(GuideLog.closed(code: 1006, reason: "abnormal closure"))
        logger.log(GuideLog.reconnecting(delayMs: 500, attempt: 1, cause: "connection closed"))
        return sink.lines
    }

    /// `grep PATTERN`: fixed-string match, as the guide's patterns have no regex characters.
    static func grep(_ lines: [String], _ pattern: String) -> [String] { lines.filter { $0.contains(pattern) } }

    @Test func allSixAtDebug() throws {
        let log = try Self.runSession(level: .debug)

        // 1. grep "subscribed" | head -5 — both subscriptions confirmed.
        let first5 = Array(Self.grep(log, "subscribed").prefix(5))
        #expect(first5.contains { $0.contains("subscribed/order_book") })
        #expect(first5.contains { $0.contains("subscribed/account_orders") })

        // 2. grep -i "auth\|token" — the confirmation, and never a token.
        let auth = log.filter { $0.lowercased().contains("auth") || $0.lowercased().contains("token") }
        #expect(auth.contains { $0.contains("Subscribed to account orders with auth token") })
        #expect(!log.contains { $0.contains("0123456789abcdef") })
        #expect(auth.contains { $0.contains(#""auth":"<redacted>""#) })

        // 3. grep "update/account_orders" | wc -l — > 0 means the subscription works.
        #expect(Self.grep(log, "update/account_orders").count == 2)

        // 4. grep "Order FILLED" — the fill, with its real fields.
        let fills = Self.grep(log, "Order FILLED")
        #expect(fills.count == 1)
        #expect(fills.first?.hasSuffix("✅ [LIGHTER WS] Order FILLED: id=281476929510110, client_id=42, market=0, "
            + "side=sell, size=0.002, price=2352.74, filled=0.002, avg=2352.74, status=open, source=account_orders") == true)

        // 5. grep "Received message type:" | cut -d: -f4 | sort | uniq -c
        // The guide's `cut -d: -f5` is wrong for this format: the line
        //   2025-12-22 14:03:07,123 - lighter_hedge_ETH - DEBUG - 📨 [LIGHTER WS] Received message type: update/order_book
        // splits on ':' into "2025-12-22 14" | "03" | "07,123 - … Received message type" | " update/order_book",
        // so the type is field 4 and field 5 is always empty (the Python bot's lines have the same shape).
        let typeLines = Self.grep(log, "Received message type:")
        func cutField(_ line: String, _ n: Int) -> String {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            return fields.count >= n ? String(fields[n - 1]) : ""
        }
        #expect(typeLines.allSatisfy { cutField($0, 5).isEmpty })
        let counts = Dictionary(typeLines.map { (cutField($0, 4).trimmingCharacters(in: .whitespaces), 1) }, uniquingKeysWith: +)
        #expect(counts == ["connected": 1, "subscribed/order_book": 1, "subscribed/account_orders": 1,
                           "update/order_book": 1, "update/account_orders": 2, "ping": 1, "update/height": 1, "error": 1])

        // 6. grep "UNEXPECTED MESSAGE TYPE" — only the frame we do not handle (`connected` is handled).
        let unexpected = Self.grep(log, "UNEXPECTED MESSAGE TYPE")
        #expect(unexpected.count == 1)
        #expect(unexpected.first?.hasSuffix("WARNING - ⚠️ [LIGHTER WS] UNEXPECTED MESSAGE TYPE: update/height") == true)

        // Scenario signs beyond the six: the pending order is skipped, the drop is visible.
        #expect(!Self.grep(log, "Skipping order id=281476929510110 with status=pending (not filled)").isEmpty)
        #expect(Self.grep(log, "connection closed").count == 2)
        #expect(log.allSatisfy { $0.hasPrefix("2025-12-22 14:03:07,123 - lighter_hedge_ETH - ") })
    }

    @Test func whatSurvivesInfo() throws {
        let log = try Self.runSession(level: .info)
        #expect(!log.contains { $0.contains(" - DEBUG - ") })
        #expect(Self.grep(log, "Subscription confirmation").count == 2)
        // Quick Diagnostic 1 still works at INFO: the confirmations name their frame type.
        #expect(Self.grep(log, "subscribed/order_book").count == 1)
        #expect(Self.grep(log, "subscribed/account_orders").count == 1)
        #expect(Self.grep(log, "Subscribed to account orders with auth token").count == 1)
        #expect(Self.grep(log, "Order FILLED").count == 1)
        #expect(Self.grep(log, "Server error frame: code=30005").count == 1)
        #expect(Self.grep(log, "UNEXPECTED MESSAGE TYPE").count == 1)
        #expect(Self.grep(log, "Payload: ").count == 1)
        #expect(Self.grep(log, "connection closed").count == 2)
        #expect(!log.contains { $0.contains("0123456789abcdef") })
    }
}
