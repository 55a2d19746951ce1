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
        #expect(html.contains("<svg") || html.contains("No timestamped lines"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import"), "no external resources")
        #expect(html.contains("Scenario 1"))
    }
}
