import Foundation
import Testing
@testable import Diagnosis

/// The timeline chart's geometry, read from the SVG as a browser would draw it (no browser):
/// buckets sized to the log's span, a mark for every reconnect and fill at its own x in time
/// order, time labels on the axis. `scripts/render-report-pngs.sh` renders the same reports to
/// PNG for a person to look at.
@Suite struct TimelineChartTests {
    /// What the SVG draws, in its own units.
    struct Chart {
        struct Mark { var kind: String; var millisecond: Int; var count: Int; var cx: Double; var r: Double }
        var bucketSeconds: Int
        var buckets: Int
        var start: Double
        var end: Double
        var left: Double
        var right: Double
        /// The picture's width (the viewBox's).
        var width: Double
        var marks: [Mark]
        var ticks: [(x: Double, label: String)]
        var bars: Int

        /// Where an event at `millisecond` belongs on the time axis.
        func x(_ millisecond: Int) -> Double {
            left + (Double(millisecond) / 1000 - start) / (end - start) * (right - left)
        }

        func marks(_ kind: String) -> [Mark] { marks.filter { $0.kind == kind } }
    }

    enum ChartError: Error { case missing(String) }

    static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let start = tag.range(of: " \(name)=\"") else { return nil }
        let rest = tag[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func number(_ name: String, in tag: Substring) throws -> Double {
        guard let text = attribute(name, in: tag), let value = Double(text) else { throw ChartError.missing(name) }
        return value
    }

    /// The tags that start with `prefix`, each up to its closing `>`, with the text after it.
    static func tags(_ prefix: String, in html: String) -> [(tag: Substring, text: Substring)] {
        html.components(separatedBy: prefix).dropFirst().map { piece in
            let tagEnd = piece.firstIndex(of: ">") ?? piece.endIndex
            let after = piece[tagEnd...].dropFirst()
            return (Substring(" " + piece[..<tagEnd]), after.prefix { $0 != "<" })
        }
    }

    static func parse(_ html: String) throws -> Chart {
        guard let svg = tags("<svg class=\"timeline\"", in: html).first?.tag else { throw ChartError.missing("svg") }
        var chart = Chart(bucketSeconds: Int(try number("data-bucket-seconds", in: svg)), buckets: Int(try number("data-buckets", in: svg)),
                          start: try number("data-start", in: svg), end: try number("data-end", in: svg),
                          left: try number("data-plot-left", in: svg), right: try number("data-plot-right", in: svg),
                          width: Double(attribute("viewBox", in: svg)?.split(separator: " ").dropFirst(2).first ?? "") ?? 0, marks: [], ticks: [], bars: tags("<rect class=\"bar\"", in: html).count)
        for (tag, _) in tags("<circle class=\"mark ", in: html) {
            let kind = String(tag.dropFirst().prefix { $0 != "\"" })
            chart.marks.append(Chart.Mark(kind: kind, millisecond: Int(try number("data-ms", in: tag)),
                                          count: Int(try number("data-count", in: tag)),
                                          cx: try number("cx", in: tag), r: try number("r", in: tag)))
        }
        for (tag, text) in tags("<text class=\"tick\"", in: html) { chart.ticks.append((try number("x", in: tag), String(text))) }
        return chart
    }

    static func timelineFixture(_ name: String) throws -> Data { try Fixtures.data(name, in: "TimelineFixtures") }

    /// Every log the charts are checked on: the scenario fixtures and the timeline ones.
    static func allLogs() throws -> [(name: String, data: Data)] {
        try Fixtures.names().map { ($0, try Fixtures.data($0)) } + Fixtures.names(in: "TimelineFixtures").map { ($0, try timelineFixture($0)) }
    }

    /// Checks what every chart must show; returns the chart for more checks.
    @discardableResult
    static func checkGeometry(_ report: DiagnosisReport, name: String) throws -> Chart? {
        guard let first = report.timeline.firstSecond, let last = report.timeline.lastSecond else { return nil }
        let chart = try parse(report.renderHTML())
        let buckets = report.timeline.buckets
        // 60-120 buckets across the span; fewer only when the span is under a minute of seconds.
        if last - first >= 59 {
            #expect((60...120).contains(chart.buckets), "\(name): \(chart.buckets) buckets")
        } else {
            #expect(chart.buckets <= 60 && chart.bucketSeconds == 1, "\(name)")
        }
        #expect(Double(chart.buckets * chart.bucketSeconds) == chart.end - chart.start, "\(name)")
        #expect(chart.start <= Double(first) && Double(last) < chart.end, "\(name)")
        for row in DiagnosisReport.markRows {
            let marks = chart.marks(row.kind)
            // Every event is drawn, or counted by the mark that stands for its stretch, as the buckets count it.
            #expect(marks.map(\.count).reduce(0, +) == report.timeline.events[row.kind] ?? 0, "\(name) \(row.kind)")
            for (a, b) in zip(marks, marks.dropFirst()) {
                #expect(a.millisecond <= b.millisecond, "\(name) \(row.kind): marks out of time order")
                #expect(b.cx - a.cx >= a.r + b.r, "\(name) \(row.kind): marks at \(a.cx) and \(b.cx) overlap")
            }
            for mark in marks {
                // At its moment, or moved right just enough to clear the marks before it.
                #expect(mark.cx >= chart.x(mark.millisecond) - 0.06, "\(name) \(row.kind) at \(mark.cx)")
                #expect(mark.cx <= chart.x(mark.millisecond) + 3 * (2 * mark.r + 1), "\(name) \(row.kind) moved far")
                #expect(mark.cx >= chart.left && mark.cx + mark.r <= chart.width, "\(name) \(row.kind) off the picture")
            }
        }
        let counted: [String: Int] = [
            "reconnect": buckets.map(\.reconnects).reduce(0, +), "subscription-sent": buckets.map(\.subscriptionsSent).reduce(0, +),
            "subscription-confirmed": buckets.map(\.subscriptions).reduce(0, +),
            "subscription-failed": buckets.map(\.subscriptionFailures).reduce(0, +), "fill": buckets.map(\.fills).reduce(0, +),
            "finding": buckets.map(\.findings).reduce(0, +),
        ]
        for (kind, n) in counted { #expect(chart.marks(kind).map(\.count).reduce(0, +) == n, "\(name) \(kind): marks and buckets disagree") }
        #expect(chart.ticks.count >= 3, "\(name): \(chart.ticks.count) time labels")
        #expect(Set(chart.ticks.map(\.label)).count == chart.ticks.count, "\(name): repeated time labels")
        for (a, b) in zip(chart.ticks, chart.ticks.dropFirst()) { #expect(b.x - a.x >= 60, "\(name): labels too close") }
        #expect(chart.ticks.allSatisfy { $0.x >= chart.left - 0.05 && $0.x <= chart.right + 0.05 }, "\(name)")
        return chart
    }

    @Test func everyChartFitsItsSpanAndMarksEveryEvent() throws {
        var checked = 0
        for (name, data) in try Self.allLogs() {
            let report = LogDiagnoser.diagnose(data: data, file: name)
            if try Self.checkGeometry(report, name: name) != nil { checked += 1 }
        }
        #expect(checked >= 40)
    }

    /// The acceptance logs: 15 seconds, 10 minutes and 6 hours, ours and the reference bot's.
    /// Every reconnect and fill line is a mark of its own.
    @Test(arguments: [
        ("ours-15s-reconnects.debug.log", 1...1), ("ours-10min-reconnects.info.log", 5...10),
        ("ours-6h-reconnects.info.log", 180...300), ("reference-bot-12s-reconnects.debug.log", 1...1),
        ("reference-bot-10min-reconnects.debug.log", 5...10), ("reference-bot-6h-reconnects.info.log", 180...300),
    ])
    func everyReconnectAndFillIsAMark(name: String, bucketSeconds: ClosedRange<Int>) throws {
        let data = try Self.timelineFixture(name)
        let report = LogDiagnoser.diagnose(data: data, file: name)
        let chart = try #require(try Self.checkGeometry(report, name: name))
        #expect(bucketSeconds.contains(chart.bucketSeconds), "\(chart.bucketSeconds)-second buckets")
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        let fills = lines.filter { $0.contains("Order FILLED") }.count
        let reconnects = lines.filter { $0.contains("Reconnecting to Lighter websocket") || $0.contains("websocket connection closed") }.count
        let oursDropsTwice = name.hasPrefix("ours-") ? 2 : 1
        #expect(fills >= 6)
        #expect(chart.marks("fill").count == fills)
        // Ours writes a close line and a reconnect line per drop; the reference bot only the close.
        #expect(chart.marks("reconnect").count * oursDropsTwice == reconnects)
        #expect(chart.marks.allSatisfy { $0.count == 1 })
    }

    /// Our INFO log has no per-message lines; its health lines give the rates.
    @Test func healthLinesChartTheRatesOfAnInfoLog() throws {
        let name = "ours-10min-reconnects.info.log"
        let data = try Self.timelineFixture(name)
        let report = LogDiagnoser.diagnose(data: data, file: name)
        let html = report.renderHTML()
        #expect(try Self.parse(html).bars > 0)
        #expect(html.contains("as the health lines give them"))
        #expect(!html.contains("No message rates"))
        let text = String(decoding: data, as: UTF8.self)
        let health = try #require(text.split(separator: "\n").first { $0.contains("Health: msgs/s {update/order_book: ") })
        let stamp = String(health.prefix(19))
        let value = try #require(Double(health.split(separator: "{update/order_book: ")[1].prefix { $0 != "," && $0 != "}" }))
        let bucket = try #require(report.timeline.buckets.first { $0.healthLines > 0 })
        #expect(bucket.start <= stamp)
        #expect(bucket.healthRates["update/order_book"] == value)
        #expect(html.contains("update/order_book: \(DiagnosisReport.rateText(value))/s"))
    }

    /// The reference bot's INFO log has neither: the chart says so and what to turn on.
    @Test func anInfoLogWithoutHealthLinesSaysWhatItLacks() throws {
        let name = "reference-bot-6h-reconnects.info.log"
        let html = LogDiagnoser.diagnose(data: try Self.timelineFixture(name), file: name).renderHTML()
        #expect(try Self.parse(html).bars == 0)
        #expect(html.contains("only at DEBUG"))
        #expect(html.contains("Set the bot&#39;s logger") || html.contains("Set the bot's logger"))
    }

    /// A subscription written as three lines at once is one event, one mark.
    @Test func theLinesOfOneSubscriptionAreOneMark() throws {
        let lines = try Self.timelineFixture("reference-bot-12s-reconnects.debug.log")
        let report = LogDiagnoser.diagnose(data: lines, file: "ref.log")
        #expect(report.timeline.events["subscription-sent"] == 3)
        #expect(report.timeline.buckets.map(\.subscriptionsSent).reduce(0, +) == 3)
    }

    /// A long busy log: the first marks one by one, then one per stretch with its count; the page
    /// stays small, and parts read apart keep the same marks.
    @Test func aLongLogKeepsABoundedNumberOfMarks() throws {
        var text = ""
        let fills = 3000
        for i in 0..<fills {
            let second = i * 4
            let stamp = String(format: "2026-11-27 %02d:%02d:%02d,%03d", 10 + second / 3600, second / 60 % 60, second % 60, i % 1000)
            text += "\(stamp) - lighter_hedge_ETH - INFO - ✅ [LIGHTER WS] Order FILLED: id=\(i), client_id=\(i), market=0, "
                + "side=buy, size=1, price=10, filled=1, avg=10, status=filled, source=account_orders\n"
            if i % 10 == 0 {
                text += "\(stamp) - lighter_hedge_ETH - INFO - Reconnecting to Lighter websocket in 238 ms (attempt 1, "
                    + "cause: connection dropped (no close frame))\n"
            }
        }
        let data = Data(text.utf8)
        let report = LogDiagnoser.diagnose(data: data, file: "busy.log")
        let fillMarks = report.timeline.marks.filter { $0.kind == "fill" }
        #expect(fillMarks.count <= MarkSeries.headLimit + MarkSeries.cellLimit)
        #expect(fillMarks.prefix(MarkSeries.headLimit).allSatisfy { $0.count == 1 })
        #expect(fillMarks.map(\.count).reduce(0, +) == fills)
        #expect(report.timeline.events["reconnect"] == fills / 10)
        let html = report.renderHTML()
        #expect(html.utf8.count < 200_000, "\(html.utf8.count) bytes")
        try Self.checkGeometry(report, name: "busy.log")
        let whole = PartReadingTests.text(report)
        for cuts in [[1], [700], [1650], Array(stride(from: 97, to: 3300, by: 97))] {
            let parts = PartReadingTests.text(PartReadingTests.partsReport(data, file: "busy.log", cuts: cuts))
            #expect(parts == whole, "cut after \(cuts.prefix(3))")
        }
        // Parts that start at a wider width, up to the one the whole log needs, change nothing.
        var diagnoser = LogDiagnoser()
        diagnoser.feed(data: data, file: "busy.log")
        let width = diagnoser.timelineBucketSeconds
        #expect(width > 1)
        let wide = PartReadingTests.partsReport(data, file: "busy.log", cuts: Array(stride(from: 97, to: 3300, by: 97)), timelineWidth: width)
        #expect(PartReadingTests.text(wide) == whole)
    }

    /// Marks and the account-silence rule place a line by one reading of its stamp: the
    /// fraction after the seconds in either separator, the second's start without one.
    @Test(arguments: [
        ("2026-11-27 10:24:37,672 - lighter_hedge_ETH - INFO - Order FILLED: id=1", 672),
        ("2026-11-27 10:24:37.672 - hedge_bot_ETH - INFO - Order FILLED: id=1", 672),
        ("2026-11-27 10:24:37 - hedge_bot_ETH - INFO - Order FILLED: id=1", 0),
        ("2026-11-27 10:24:37,6x2 - hedge_bot_ETH - INFO - Order FILLED: id=1", 0),
        (#"{"time":"2026-11-27T10:24:37.672Z","level":"info","logger":"lighter_hedge_ETH","message":"Order FILLED: id=1"}"#, 672),
    ])
    func aLinesMomentIsItsSecondAndFraction(_ text: String, fraction: Int) throws {
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            let line = LineBytes(buffer)
            var cache = MinuteCache()
            let header = LogHeader.parse(line, minuteCache: &cache)
            let second = try #require(header.second)
            #expect(header.milliseconds(in: line) == second * 1000 + fraction)
            #expect(second % 60 == 37)
        }
    }

    @Test func aLineWithoutAStampHasNoMoment() {
        var bytes = Array("INFO:hedge_bot_ETH:Order FILLED: id=1".utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            let line = LineBytes(buffer)
            var cache = MinuteCache()
            #expect(LogHeader.parse(line, minuteCache: &cache).milliseconds(in: line) == nil)
        }
    }

    @Test func labelsAndWidthsAreRound() {
        #expect(TimelineScale.bucketSeconds(first: 0, last: 14, dividing: 1) == 1)
        #expect(TimelineScale.bucketSeconds(first: 0, last: 600, dividing: 1) == 10)
        #expect(TimelineScale.bucketSeconds(first: 0, last: 21600, dividing: 15) == 300)
        #expect(TimelineScale.bucketSeconds(first: 0, last: 21599, dividing: 15) == 180)
        #expect(DiagnosisReport.tickLabel(3 * 3600 + 65, step: 5) == "03:01:05")
        #expect(DiagnosisReport.tickLabel(3 * 3600 + 60, step: 60) == "03:01")
        #expect(DiagnosisReport.tickLabel(86400 * 2, step: 3600) == "01-03")
        #expect(DiagnosisReport.duration(180) == "3 minutes")
        #expect(DiagnosisReport.roundedUp(11) == 15)
        #expect(DiagnosisReport.roundedUp(0.7) == 0.8)
    }
}
