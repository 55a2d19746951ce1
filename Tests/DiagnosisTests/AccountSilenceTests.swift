import Foundation
import Testing
@testable import Diagnosis

/// Logs made up of frames at chosen times, for the account-silence rule.
enum FrameLog {
    static let start = "2026-11-29 20:06"

    /// `2026-11-29 20:06:05,000` for `ms` after 20:06:00.
    static func time(_ ms: Int) -> String {
        let minute = 6 + ms / 60_000
        let second = ms / 1000 % 60
        return "2026-11-29 20:\(pad(minute, 2)):\(pad(second, 2)),\(pad(ms % 1000, 3))"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func line(_ ms: Int, _ level: String, _ message: String) -> String {
        "\(time(ms)) - hedge_bot_ETH - \(level) - \(message)"
    }

    /// A reference-bot DEBUG log: the subscriptions, then book and account frames at the given
    /// times (ms after 20:06:00), in time order.
    static func python(book: [Int], account: [Int], extra: [(Int, String)] = []) -> String {
        var lines = [
            line(0, "INFO", "✅ Subscribed to account orders with auth token (expires in 10 minutes)"),
            line(0, "DEBUG", "📨 [LIGHTER WS] Received message type: subscribed/order_book"),
            line(0, "INFO", "📨 [LIGHTER WS] Subscription confirmation: subscribed to order book"),
            line(0, "DEBUG", "📨 [LIGHTER WS] Received message type: subscribed/account_orders"),
            line(0, "INFO", "📨 [LIGHTER WS] Subscription confirmation: subscribed to account orders"),
        ]
        var timed: [(Int, Int, String)] = []
        for ms in book { timed.append((ms, 0, line(ms, "DEBUG", "📨 [LIGHTER WS] Received message type: update/order_book"))) }
        for ms in account { timed.append((ms, 1, line(ms, "DEBUG", "📨 [LIGHTER WS] Received message type: update/account_orders"))) }
        for (ms, text) in extra { timed.append((ms, 2, text)) }
        lines += timed.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.2)
        return lines.joined(separator: "\n") + "\n"
    }

    static func every(_ step: Int, from: Int, to: Int) -> [Int] { Array(stride(from: from, to: to, by: step)) }
}

@Suite struct AccountSilenceTests {
    /// Account frames every second, then none for 12 s while the book flows.
    static let silentLog = FrameLog.python(book: FrameLog.every(200, from: 100, to: 20_000),
                                           account: FrameLog.every(1000, from: 0, to: 6000) + [17_000, 18_000])

    @Test func aChannelSilentWhileTheBookFlowsIsScenario4() throws {
        let report = LogDiagnoser.diagnose(text: Self.silentLog, file: "silent.log")
        #expect(report.scenario == 4)
        #expect(report.confidence == .medium)
        let finding = try #require(report.finding(.accountStreamSilent))
        #expect(finding.severity == .warning)
        #expect(finding.count == 1)
        #expect(finding.message.contains("went quiet at 2026-11-29 20:06:05,000 for 12.0 s"))
        #expect(finding.message.contains("after 6 account frames"))
        // The last account frame before the silence.
        let lines = Self.silentLog.split(separator: "\n")
        let last = try #require(lines.firstIndex { $0.contains("20:06:05,000") && $0.contains("update/account_orders") })
        #expect(finding.evidence.map(\.line) == [last + 1])
        #expect(report.check(named: "order-updates")?.status == .attention)
    }

    @Test func aDeadSocketIsNoAccountSilence() {
        // The book pauses with the account channel: the socket, not the subscription.
        let log = FrameLog.python(book: FrameLog.every(200, from: 100, to: 5200) + FrameLog.every(200, from: 17_100, to: 20_000),
                                  account: FrameLog.every(1000, from: 0, to: 6000) + [17_000, 18_000])
        #expect(LogDiagnoser.diagnose(text: log).finding(.accountStreamSilent) == nil)
        // A book that flows through only part of the silence does not count either.
        let halfway = FrameLog.python(book: FrameLog.every(200, from: 100, to: 9000) + FrameLog.every(200, from: 17_100, to: 20_000),
                                      account: FrameLog.every(1000, from: 0, to: 6000) + [17_000, 18_000])
        #expect(LogDiagnoser.diagnose(text: halfway).finding(.accountStreamSilent) == nil)
    }

    @Test func steadyTrafficComesFirst() {
        // Four frames are no steady traffic.
        let log = FrameLog.python(book: FrameLog.every(200, from: 100, to: 20_000),
                                  account: FrameLog.every(1000, from: 2000, to: 6000) + [17_000, 18_000])
        #expect(LogDiagnoser.diagnose(text: log).finding(.accountStreamSilent) == nil)
    }

    @Test func theSilenceIsMeasuredAgainstTheUsualGap() throws {
        // Frames every 3 s: a silence needs about 5 times that (14 s), not 10 s.
        let account = FrameLog.every(3000, from: 0, to: 24_000)
        let short = FrameLog.python(book: FrameLog.every(200, from: 100, to: 45_000), account: account + [33_000, 36_000])
        #expect(LogDiagnoser.diagnose(text: short).finding(.accountStreamSilent) == nil)
        let long = FrameLog.python(book: FrameLog.every(200, from: 100, to: 50_000), account: account + [37_000, 40_000])
        let finding = try #require(LogDiagnoser.diagnose(text: long).finding(.accountStreamSilent))
        #expect(finding.message.contains("for 16.0 s"))
        #expect(finding.message.contains("here about 2.8 s"))
    }

    @Test func aSilenceAtTheEndCountsOnlyIfTheBookKeptFlowingThatLong() throws {
        let account = FrameLog.every(1000, from: 0, to: 6000)
        // The log ends 8 s after the last account frame: it may simply have ended.
        let ended = FrameLog.python(book: FrameLog.every(200, from: 100, to: 13_000), account: account)
        #expect(LogDiagnoser.diagnose(text: ended).finding(.accountStreamSilent) == nil)
        let flowed = FrameLog.python(book: FrameLog.every(200, from: 100, to: 17_000), account: account)
        let finding = try #require(LogDiagnoser.diagnose(text: flowed).finding(.accountStreamSilent))
        #expect(finding.message.contains("for 11.9 s, to the end of the log"))
    }

    @Test func aSilenceDoesNotSpanFiles() {
        let first = FrameLog.python(book: FrameLog.every(200, from: 100, to: 6000), account: FrameLog.every(1000, from: 0, to: 6000))
        let second = FrameLog.python(book: FrameLog.every(200, from: 6100, to: 30_000), account: [])
        var diagnoser = LogDiagnoser()
        diagnoser.feed(data: Data(first.utf8), file: "a.log")
        diagnoser.endOfFile("a.log")
        diagnoser.feed(data: Data(second.utf8), file: "b.log")
        diagnoser.endOfFile("b.log")
        #expect(diagnoser.finish().finding(.accountStreamSilent) == nil)
        // Within one file the same frames are a silence.
        #expect(LogDiagnoser.diagnose(text: first + second).finding(.accountStreamSilent) != nil)
    }

    /// The silence is found the same way whichever parts the log is read in.
    @Test func partsFindTheSameSilence() {
        let logs = [
            Self.silentLog,
            FrameLog.python(book: FrameLog.every(200, from: 100, to: 50_000), account: FrameLog.every(3000, from: 0, to: 24_000) + [37_000, 40_000]),
            FrameLog.python(book: FrameLog.every(200, from: 100, to: 17_000), account: FrameLog.every(1000, from: 0, to: 6000)),
        ]
        for log in logs {
            let data = Data(log.utf8)
            let whole = PartReadingTests.text(LogDiagnoser.diagnose(data: data, file: "frames.log"))
            #expect(whole.contains("account-stream-silent"))
            let lines = log.split(separator: "\n").count
            for cut in 1..<lines {
                let parts = PartReadingTests.text(PartReadingTests.partsReport(data, file: "frames.log", cuts: [cut]))
                #expect(parts == whole, "cut after line \(cut)")
                if parts != whole { break }
            }
            for step in [1, 2, 7] {
                let cuts = Array(stride(from: step, to: lines, by: step))
                #expect(PartReadingTests.text(PartReadingTests.partsReport(data, file: "frames.log", cuts: cuts)) == whole, "parts of \(step)")
            }
        }
    }

    // MARK: The real log, cut

    @Test func theCutRealLogNamesWhenAndHowLong() throws {
        let name = "python-fk-real-s4-account-silent.cut.debug.log"
        let report = try Fixtures.report(name)
        let finding = try #require(report.finding(.accountStreamSilent))
        #expect(finding.message.contains("went quiet at 2026-11-29 20:06:12,950 for 10.5 s, to the end of the log"))
        let evidence = try #require(finding.evidence.first)
        #expect(evidence.file == name && evidence.line == 73)
        #expect(evidence.text.contains("Received message type: update/account_orders"))
        // The log it was cut from shows no silence.
        #expect(try Fixtures.report("python-fk-real-s6-healthy.debug.log").finding(.accountStreamSilent) == nil)
    }

    // MARK: Our client's own lines

    static let ours = "2026-11-27 10:24:"
    static func ourLine(_ second: Int, _ level: String, _ message: String) -> String {
        "\(ours)\(FrameLog.pad(second, 2)),000 - lighter_hedge_ETH - \(level) - \(message)"
    }

    /// Our client at INFO, subscribed, with a fill the account channels delivered.
    static func ourLog(_ more: [String]) -> String {
        ([
            ourLine(30, "INFO", "✅ Connected to Lighter websocket ws://127.0.0.1:41835/stream"),
            ourLine(30, "INFO", "📨 [LIGHTER WS] Subscription confirmation: subscribed to order book (subscribed/order_book, market 0, "
                + "offset 11308662, nonce 3098671126, bids 10, asks 10)"),
            ourLine(30, "INFO", "✅ Subscribed to account orders with auth token (confirmed by server): account_orders/0/7"),
            ourLine(31, "INFO", "✅ [LIGHTER WS] Order FILLED: id=281474977507291, client_id=700000001, market=0, side=buy, size=0.1, "
                + "price=3000.45, filled=0.1, avg=3000.45, status=filled, source=account_orders"),
        ] + more).joined(separator: "\n") + "\n"
    }

    @Test(arguments: [
        "account_orders/0/7 last frame 12.4 s ago",
        "account_orders/0/7 no frame since subscribing",
    ])
    func aFillOnlyRESTFoundIsAnAccountStreamGap(_ age: String) throws {
        let gap = "⚠️ Account stream gap: a fill of order 281474977510700 (0.05) was found only by REST reconciliation; \(age); "
            + "resubscribing the account channels"
        let report = LogDiagnoser.diagnose(text: Self.ourLog([Self.ourLine(44, "WARNING", gap)]), file: "ours.log")
        // Fills came, but one only through REST: not scenario 6.
        #expect(report.scenario == 4)
        #expect(report.confidence == .high)
        let finding = try #require(report.finding(.accountStreamSilent))
        #expect(finding.severity == .error)
        #expect(finding.evidence.map(\.line) == [5])
        #expect(finding.evidence.first?.text.contains(age) == true)
        #expect(finding.breakdown == ["fills found only by REST": 1])
    }

    @Test(arguments: [
        ("account_orders/0/7 silent for 12 s, REST reconciliation failing: HTTP 503", 4, "stream"),
        ("account_orders/0/7 refused (20013), REST reconciliation refused", 3, "auth"),
        ("account channels refused: invalid auth: signature verification failed", 3, "auth"),
        ("token refresh failed: the key command exited 1", 3, "auth"),
    ])
    func blindLinesPointAtTheirScenario(_ reason: String, _ scenario: Int, _ kind: String) throws {
        let blind = "🚨 Blind: no fill source is alive for account 7 (12 s): \(reason); fills made now are unseen until a source returns"
        let report = LogDiagnoser.diagnose(text: Self.ourLog([
            Self.ourLine(40, "ERROR", blind.replacingOccurrences(of: "(12 s)", with: "(2 s)")),
            Self.ourLine(50, "ERROR", blind),
            Self.ourLine(52, "INFO", "Fill source restored for account 7 after 14 s blind: account_orders/0/7"),
        ]))
        #expect(report.scenario == scenario, "\(report.title)")
        #expect(report.confidence == .high)
        let finding = try #require(report.finding(.fillSourceBlind))
        #expect(finding.severity == .error)
        #expect(finding.kind == kind)
        #expect(finding.count == 2)
        #expect(finding.message.contains("up to 12 s"))
        #expect(finding.message.contains("a source came back once"))
        #expect(finding.evidence.map(\.line) == [5, 6, 7])
        #expect(report.exitCode == 1)
    }

    @Test func authRefusedStillWinsOverASilence() throws {
        // The silence has its cause in the log: the account subscription was refused.
        let refused = FrameLog.line(19_001, "WARNING", "📨 [LIGHTER WS] Payload: {\"error\": {\"code\": 20013, \"message\": \"invalid auth\"}}")
        let pending = FrameLog.line(19_000, "WARNING", "📨 [LIGHTER WS] UNEXPECTED MESSAGE TYPE: UNKNOWN_TYPE")
        let log = FrameLog.python(book: FrameLog.every(200, from: 100, to: 20_000), account: FrameLog.every(1000, from: 0, to: 6000)
                                  + [17_000, 18_000], extra: [(19_000, pending), (19_001, refused)])
        let report = LogDiagnoser.diagnose(text: log)
        #expect(report.finding(.accountStreamSilent) != nil)
        #expect(report.finding(.authRejected) != nil)
        #expect(report.scenario == 3)
    }
}

/// An order the reference bot skips as `canceled-*` may have filled in part; whether the log
/// shows the amount decides between `partial-fill-ignored` and `canceled-fill-unknown`.
@Suite struct CanceledFillTests {
    static let debug = "2026-11-29 20:06:12,350 - hedge_bot_ETH - DEBUG - 📨 [LIGHTER WS] "
    static let info = "2026-11-29 20:06:12,350 - hedge_bot_ETH - INFO - 📨 [LIGHTER WS] "
    static let ours = "2026-11-27 10:24:35,272 - lighter_hedge_ETH - DEBUG - 📨 [LIGHTER WS] "

    static func report(_ lines: [String]) -> DiagnosisReport {
        LogDiagnoser.diagnose(text: lines.joined(separator: "\n") + "\n")
    }

    @Test func theReferenceBotsSkippedRemainderIsUnknown() throws {
        let report = Self.report([
            Self.info + "  Order 0: id=11, status=canceled-not-enough-liquidity, side=sell, size=0, price=3000.45",
            Self.debug + "Skipping order id=11 with status=canceled-not-enough-liquidity (not filled)",
            // The DEBUG line alone says as much.
            Self.debug + "Skipping order id=12 with status=canceled-too-much-slippage (not filled)",
        ])
        let finding = try #require(report.finding(.canceledFillUnknown))
        #expect(finding.severity == .warning)
        #expect(finding.count == 2)
        #expect(finding.evidence.map(\.line) == [1, 3])
        #expect(finding.message.contains("canceled-not-enough-liquidity, canceled-too-much-slippage"))
        #expect(report.finding(.partialFillIgnored) == nil)
    }

    @Test func aShownAmountSettlesIt() {
        // Our client writes the amount: nothing filled, or a partial fill that is partial-fill-ignored's.
        let none = Self.report([
            Self.ours + "  Order 0: id=21, status=canceled-not-enough-liquidity, side=sell, size=1, price=3000.6, filled=0, client_id=2",
            Self.ours + "Skipping order id=21 with status=canceled-not-enough-liquidity (not filled)",
        ])
        #expect(none.finding(.canceledFillUnknown) == nil)
        #expect(none.finding(.partialFillIgnored) == nil)
        let partial = Self.report([
            Self.ours + "Skipping order id=22 with status=canceled-not-enough-liquidity (not filled)",
            Self.ours + "  Order 0: id=22, status=canceled-not-enough-liquidity, side=sell, size=1, price=3000.6, filled=0.4, client_id=2",
        ])
        #expect(partial.finding(.canceledFillUnknown) == nil)
        #expect(partial.finding(.partialFillIgnored) != nil)
    }

    @Test func refusalsAndDetectedFillsAreNotUnknown() {
        let report = Self.report([
            // Refused before it could trade.
            Self.debug + "Skipping order id=31 with status=canceled-post-only (not filled)",
            Self.debug + "Skipping order id=32 with status=canceled-margin-not-allowed (not filled)",
            Self.debug + "Skipping order id=33 with status=canceled-invalid-balance (not filled)",
            Self.debug + "Skipping order id=34 with status=open (not filled)",
            // Its fill was seen.
            Self.debug + "Skipping order id=35 with status=canceled-self-trade (not filled)",
            "2026-11-29 20:06:12,351 - hedge_bot_ETH - INFO - ✅ [LIGHTER WS] Order FILLED: id=35",
        ])
        #expect(report.finding(.canceledFillUnknown) == nil)
    }

    /// An order's lines meet across parts read apart, in either order.
    @Test func canceledOrdersMeetAcrossParts() {
        let lines = [
            Self.ours + "Skipping order id=41 with status=canceled-not-enough-liquidity (not filled)",
            Self.debug + "Skipping order id=42 with status=canceled-not-enough-liquidity (not filled)",
            Self.ours + "  Order 0: id=41, status=canceled-not-enough-liquidity, side=sell, size=1, price=3000.6, filled=0, client_id=2",
            Self.ours + "  Order 0: id=43, status=canceled-expired, side=sell, size=1, price=3000.6, filled=0, client_id=3",
            Self.debug + "Skipping order id=43 with status=canceled-expired (not filled)",
            Self.info + "  Order 0: id=44, status=canceled, side=sell, size=0, price=3000.45",
        ]
        let data = Data(lines.joined(separator: "\n").utf8)
        let whole = LogDiagnoser.diagnose(data: data, file: "canceled.log")
        #expect(whole.finding(.canceledFillUnknown)?.evidence.map(\.line) == [2, 6])
        for cut in 1..<lines.count {
            let parts = PartReadingTests.partsReport(data, file: "canceled.log", cuts: [cut])
            #expect(PartReadingTests.text(parts) == PartReadingTests.text(whole), "cut after \(cut)")
        }
    }
}
