import Foundation
import Testing
@testable import Diagnosis

@Suite struct ReportHTMLTests {
    @Test func theHTMLReportIsSelfContainedAndEscaped() {
        let log = """
        2025-12-22 14:03:07,123 - hedge_bot_ETH - INFO - ⚠️ Failed to connect to Lighter websocket: <script>alert(1)</script>
        2025-12-22 14:04:07,123 - hedge_bot_ETH - INFO - ⚠️ Failed to connect to Lighter websocket: HTTP 400
        """
        let report = LogDiagnoser.diagnose(text: log, file: "bot.log")
        let html = report.renderHTML()
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import"), "no external resources")
        #expect(html.contains("Scenario 1"))
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The chart of a healthy debug log: message bars by type, subscriptions requested and
    /// confirmed, fills; the marks' counts add up to the timeline's.
    @Test func theTimelineChartsMessagesSubscriptionsAndFills() throws {
        let report = try Fixtures.report("ours-s6-healthy.debug.log")
        let html = report.renderHTML()
        let bars = Self.count("<rect class=\"bar\"", in: html)
        #expect(bars > 0)
        #expect(bars >= report.timeline.buckets.filter { !$0.messages.isEmpty }.count)
        #expect(html.contains("update/order_book: "))
        let buckets = report.timeline.buckets
        #expect(buckets.map(\.subscriptionsSent).reduce(0, +) > 0)
        #expect(buckets.map(\.subscriptions).reduce(0, +) > 0)
        let text = String(decoding: try Fixtures.data("ours-s6-healthy.debug.log"), as: UTF8.self)
        #expect(buckets.map(\.fills).reduce(0, +) == Self.count("Order FILLED", in: text))
        #expect(Self.count("class=\"mark subscription-confirmed\"", in: html) == buckets.map(\.subscriptions).reduce(0, +))
        #expect(Self.count("class=\"mark fill\"", in: html) == Self.count("Order FILLED", in: text))
        #expect(!html.contains("No message rates"))
    }

    @Test func aRefusedSubscriptionShowsInTheTimeline() throws {
        let report = try Fixtures.report("python-fk-s3-auth-20013.mojibake-crlf.log")
        #expect(report.timeline.buckets.map(\.subscriptionFailures).reduce(0, +) > 0)
        #expect(report.renderHTML().contains("class=\"mark subscription-failed\""))
    }

    /// An INFO log of the reference bot has neither per-message lines nor health lines: no bars,
    /// and the chart says what is missing and what to turn on.
    @Test func anInfoLogSaysWhyItHasNoBars() throws {
        let html = try Fixtures.report("python-up-s6-info-healthy.log").renderHTML()
        #expect(Self.count("<rect class=\"bar\"", in: html) == 0)
        #expect(html.contains("No message rates: the reference bot writes"))
        #expect(html.contains("logger and its handlers to DEBUG"))
    }
}
