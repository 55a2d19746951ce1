import Foundation
import LighterProtocol

/// The timeline chart of the HTML report, as inline SVG: messages per second by type as stacked
/// bars (from the per-message DEBUG lines, or else from the health lines), and above them one
/// row per kind of event, each event a mark at its own moment whose tooltip (`<title>`) gives
/// its time and line. Time runs left to right over the log's span, labelled at round steps.
///
/// Classes and `data-` attributes name the parts so that tests can check the geometry without
/// a browser.
extension DiagnosisReport {
    private static let chartWidth = 1000.0
    private static let plotLeft = 124.0
    private static let plotRight = 970.0
    private static let rowHeight = 16.0
    private static let barsHeight = 180.0
    static let markRadius = 4.5
    private static let palette = ["#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#5d4037", "#546e7a"]
    private static let otherColour = "#b0bec5"

    /// The rows of marks, top to bottom: kind, row label, colour.
    static let markRows: [(kind: String, label: String, colour: String)] = [
        ("reconnect", "reconnects", "#c62828"),
        ("subscription-sent", "subscribe sent", "#78909c"),
        ("subscription-confirmed", "subscribed", "#2e7d32"),
        ("subscription-failed", "sub. refused", "#d81b60"),
        ("fill", "fills", "#f9a825"),
        ("finding", "findings", "#6d4c41"),
    ]

    /// A stretch of time with its message rates by type (msgs/s).
    private struct RateSpan {
        var start: Double
        var end: Double
        var rates: [String: Double]
        /// Messages counted, for the tooltip (nil: the rates come from health lines).
        var counts: [String: Int]?
    }

    private enum RateSource { case messageLines, healthLines, none }

    func timelineChart() -> String {
        guard let first = timeline.firstSecond, let last = timeline.lastSecond else {
            return "<p>No timestamped lines" + (timeline.untimedLines > 0 ? " (\(timeline.untimedLines) lines without a time)" : "") + ".</p>"
        }
        let step = max(1, timeline.bucketSeconds)
        let t0 = Double(floorDivide(first, step) * step)
        let t1 = Double((floorDivide(last, step) + 1) * step)
        let plotWidth = Self.plotRight - Self.plotLeft
        func x(_ second: Double) -> Double { Self.plotLeft + (second - t0) / (t1 - t0) * plotWidth }

        let (source, spans) = rateSpans(step: step, from: t0, to: t1)
        var totals: [String: Double] = [:]
        for span in spans { for (type, rate) in span.rates { totals[type, default: 0] += rate * (span.end - span.start) } }
        let ranked = totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        let shown = Array(ranked.prefix(Self.palette.count))
        let hasOther = ranked.count > shown.count
        let colour = Dictionary(uniqueKeysWithValues: shown.enumerated().map { ($0.element, Self.palette[$0.offset]) })

        let rows = Self.markRows.filter { row in timeline.marks.contains { $0.kind == row.kind } }
        let rowsTop = 6.0
        let barsTop = rowsTop + Double(rows.count) * Self.rowHeight + 16
        let barsBottom = barsTop + Self.barsHeight
        let height = barsBottom + 24
        let slots = Int((t1 - t0) / Double(step))

        var svg = "<svg class=\"timeline\" viewBox=\"0 0 \(Int(Self.chartWidth)) \(Int(height))\" width=\"100%\" role=\"img\""
            + " aria-label=\"timeline of message rates and events\" font-family=\"system-ui,sans-serif\""
            + " data-bucket-seconds=\"\(step)\" data-buckets=\"\(slots)\" data-start=\"\(Int(t0))\" data-end=\"\(Int(t1))\""
            + " data-plot-left=\"\(fmt(Self.plotLeft))\" data-plot-right=\"\(fmt(Self.plotRight))\">"

        // Bars, with a scale rounded up to 1, 2 or 5 times a power of ten.
        let peak = spans.map { $0.rates.values.reduce(0, +) }.max() ?? 0
        let top = Self.roundedUp(peak)
        if source != .none {
            for fraction in [0.5, 1.0] {
                let y = barsBottom - Self.barsHeight * fraction
                svg += "<line x1=\"\(fmt(Self.plotLeft))\" x2=\"\(fmt(Self.plotRight))\" y1=\"\(fmt(y))\" y2=\"\(fmt(y))\" stroke=\"#e0e0e0\"/>"
                svg += "<text class=\"y-label\" x=\"\(fmt(Self.plotLeft - 6))\" y=\"\(fmt(y + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">"
                    + "\(Self.rateText(top * fraction))/s</text>"
            }
        }
        for span in spans {
            let left = x(span.start), right = x(span.end)
            let gap = source == .messageLines && right - left > 4 ? 1.0 : 0.0
            var y = barsBottom
            var parts = shown.compactMap { type in span.rates[type].map { (type, $0, colour[type] ?? Self.otherColour) } }
            if hasOther {
                let other = span.rates.filter { colour[$0.key] == nil }.values.reduce(0, +)
                if other > 0 { parts.append(("other", other, Self.otherColour)) }
            }
            for (type, rate, fill) in parts where rate > 0 {
                let h = Self.barsHeight * rate / top
                y -= h
                var tip = "\(Self.clock(span.start, step: step)) to \(Self.clock(span.end, step: step)) \(type): \(Self.rateText(rate))/s"
                if let n = span.counts?[type] { tip += " (\(n) messages)" }
                if source == .healthLines { tip += " (health lines)" }
                svg += "<rect class=\"bar\" x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(max(right - left - gap, 0.5)))\""
                    + " height=\"\(fmt(h))\" fill=\"\(fill)\"><title>\(escape(tip))</title></rect>"
            }
        }
        if source == .none {
            let lines = missingRatesText()
            for (i, line) in lines.enumerated() {
                svg += "<text class=\"no-rates\" x=\"\(fmt((Self.plotLeft + Self.plotRight) / 2))\" y=\"\(fmt(barsTop + 70 + Double(i) * 20))\""
                    + " font-size=\"13\" text-anchor=\"middle\" fill=\"#555\">\(escape(line))</text>"
            }
        }

        // Time axis: round steps, about one label per 70 units.
        svg += "<line x1=\"\(fmt(Self.plotLeft))\" x2=\"\(fmt(Self.plotRight))\" y1=\"\(fmt(barsBottom))\" y2=\"\(fmt(barsBottom))\" stroke=\"#888\"/>"
        let tick = TimelineScale.tickSeconds(span: t1 - t0, maxLabels: Int(plotWidth / 70))
        var t = Int((t0 / Double(tick)).rounded(.up)) * tick
        while Double(t) <= t1 {
            let tx = x(Double(t))
            svg += "<line x1=\"\(fmt(tx))\" x2=\"\(fmt(tx))\" y1=\"\(fmt(barsBottom))\" y2=\"\(fmt(barsBottom + 4))\" stroke=\"#888\"/>"
            // A label at the right edge ends there rather than run out of the picture.
            let anchor = tx > Self.chartWidth - 30 ? "end" : "middle"
            svg += "<text class=\"tick\" x=\"\(fmt(tx))\" y=\"\(fmt(barsBottom + 16))\" font-size=\"11\" text-anchor=\"\(anchor)\" fill=\"#333\">"
                + "\(Self.tickLabel(t, step: tick))</text>"
            t += tick
        }

        // Marks, each at its moment. One that would cover the mark before moves right just enough
        // to stay apart (its tooltip keeps the exact time); where that would take it far from its
        // moment (or out of the picture), the events are too dense to draw apart and it joins the
        // mark before (a ringed dot, whose tooltip counts them).
        let spacing = 2 * Self.markRadius + 1
        var folded = false
        for (r, row) in rows.enumerated() {
            let cy = rowsTop + Double(r) * Self.rowHeight + Self.rowHeight / 2
            let count = timeline.events[row.kind] ?? 0
            svg += "<text class=\"row-label\" x=\"\(fmt(Self.plotLeft - 6))\" y=\"\(fmt(cy + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">"
                + "\(escape(row.label)) (\(count))</text>"
            svg += "<line x1=\"\(fmt(Self.plotLeft))\" x2=\"\(fmt(Self.plotRight))\" y1=\"\(fmt(cy))\" y2=\"\(fmt(cy))\" stroke=\"#f0f0f0\"/>"
            var groups: [(cx: Double, marks: [Timeline.Mark])] = []
            for mark in timeline.marks where mark.kind == row.kind {
                let exact = x(Double(mark.millisecond) / 1000)
                if row.kind == "reconnect" {
                    svg += "<line class=\"reconnect-line\" x1=\"\(fmt(exact))\" x2=\"\(fmt(exact))\" y1=\"\(fmt(cy))\" y2=\"\(fmt(barsBottom))\""
                        + " stroke=\"\(row.colour)\" stroke-opacity=\"0.35\"/>"
                }
                let cx = max(exact, (groups.last?.cx ?? -.infinity) + spacing)
                if cx - exact > 3 * spacing || cx + Self.markRadius > Self.chartWidth, !groups.isEmpty {
                    groups[groups.count - 1].marks.append(mark)
                } else {
                    groups.append((cx, [mark]))
                }
            }
            for group in groups {
                guard let mark = group.marks.first, let lastMark = group.marks.last else { continue }
                let events = group.marks.map(\.count).reduce(0, +)
                if events > 1 { folded = true }
                var tip = "\(mark.time) \(mark.kind)"
                if let detail = mark.detail { tip += " (\(detail))" }
                if events > 1 { tip += ", first of \(events) to \(lastMark.time)" }
                tip += "\n\(mark.evidence.file):\(mark.evidence.line): \(mark.evidence.text)"
                svg += "<circle class=\"mark \(row.kind)\" data-ms=\"\(mark.millisecond)\" data-count=\"\(events)\""
                    + " cx=\"\(fmt(group.cx))\" cy=\"\(fmt(cy))\" r=\"\(fmt(Self.markRadius))\" fill=\"\(row.colour)\" stroke=\"#333\""
                    + " stroke-width=\"\(events > 1 ? "2" : "0.6")\"><title>\(escape(tip))</title></circle>"
            }
        }
        svg += "</svg>"
        return svg + chartCaption(source: source, step: step, slots: slots, shown: shown, hasOther: hasOther,
                                  colour: colour, peak: peak, folded: folded)
    }

    /// What the chart's bars come from, as spans of time with their rates.
    private func rateSpans(step: Int, from t0: Double, to t1: Double) -> (RateSource, [RateSpan]) {
        let buckets = timeline.buckets
        if buckets.contains(where: { !$0.messages.isEmpty }) {
            return (.messageLines, buckets.filter { !$0.messages.isEmpty }.map { bucket in
                let start = Double(bucket.startSecond)
                return RateSpan(start: start, end: start + Double(step),
                                rates: bucket.messages.mapValues { Double($0) / Double(step) }, counts: bucket.messages)
            })
        }
        let samples = buckets.filter { $0.healthLines > 0 }
        guard !samples.isEmpty else { return (.none, []) }
        // A health line gives the rates since the one before it: its bar reaches back to the
        // previous one, or by the usual interval after a gap (a restart, a silent spell).
        let starts = samples.map { Double($0.startSecond) }
        let gaps = zip(starts.dropFirst(), starts).map { $0 - $1 }.sorted()
        let usual = max(Double(step), gaps.isEmpty ? 60 : gaps[gaps.count / 2])
        var spans: [RateSpan] = []
        var previousEnd: Double?
        for bucket in samples {
            let end = min(t1, Double(bucket.startSecond + step))
            var start = end - usual
            if let previousEnd { start = end - previousEnd <= 2 * usual ? previousEnd : max(start, previousEnd) }
            spans.append(RateSpan(start: max(t0, start), end: end, rates: bucket.healthRates, counts: nil))
            previousEnd = end
        }
        return (.healthLines, spans)
    }

    /// Why there are no bars, and what to turn on.
    private func missingRatesText() -> [String] {
        let python = (input.writers["python-bot"] ?? 0) > 0
        let ours = (input.writers["lighter-hedge"] ?? 0) > 0
        if python {
            return ["No message rates: the reference bot writes a `Received message type` line per message only at DEBUG,",
                    "and this log has none (nor health lines). Set the bot's logger and its handlers to DEBUG to chart them."]
        }
        if ours {
            return ["No message rates: no per-message lines (written with --log-level debug) and no health line",
                    "(written at INFO once a minute). Run with --log-level debug, or longer than a minute, to chart them."]
        }
        return ["No message rates: the log has no per-message lines (`Received message type`) and no health lines.",
                "Log at DEBUG to chart messages per second by type."]
    }

    private func chartCaption(source: RateSource, step: Int, slots: Int, shown: [String], hasOther: Bool,
                              colour: [String: String], peak: Double, folded: Bool) -> String {
        var legend = "<div class=\"legend\">"
        for type in shown {
            legend += "<span><i class=\"swatch\" style=\"background:\(colour[type] ?? Self.otherColour)\"></i>\(escape(type))</span>"
        }
        if hasOther { legend += "<span><i class=\"swatch\" style=\"background:\(Self.otherColour)\"></i>other types</span>" }
        legend += "</div>"
        var text = "<p class=\"caption\">"
        if let first = input.firstTimestamp, let last = input.lastTimestamp { text += "\(escape(first)) to \(escape(last)); " }
        text += "\(slots) buckets of \(Self.duration(step)). "
        switch source {
        case .messageLines: text += "Bars: messages per second by type, from the per-message lines (peak \(Self.rateText(peak))/s). "
        case .healthLines:
            text += "Bars: messages per second by type as the health lines give them (each over the time since the one before; "
                + "peak \(Self.rateText(peak))/s). "
        case .none: break
        }
        text += "Marks: each event at its own time (hover for its time and line)"
        if folded {
            text += "; a ringed dot stands for several events close together (its tooltip counts them)"
        }
        text += ".</p>"
        return legend + text
    }

    /// `1 second`, `30 seconds`, `5 minutes`, `2 hours`, `1 day`.
    static func duration(_ seconds: Int) -> String {
        if seconds % 86400 == 0 { return Wording.counted(seconds / 86400, "day") }
        if seconds % 3600 == 0 { return Wording.counted(seconds / 3600, "hour") }
        if seconds % 60 == 0 { return Wording.counted(seconds / 60, "minute") }
        return Wording.counted(seconds, "second")
    }

    /// A label for time `t` on an axis labelled every `step` seconds: `14:03:05`, `14:05`, or the
    /// date at midnight and for steps of days.
    static func tickLabel(_ t: Int, step: Int) -> String {
        let (days, secondOfDay) = CivilTime.floorDivide(t, 86400)
        let date = CivilTime.date(days: days)
        if secondOfDay == 0 && step >= 60 || step >= 86400 {
            return CivilTime.pad(date.month, 2) + "-" + CivilTime.pad(date.day, 2)
        }
        let clock = CivilTime.pad(secondOfDay / 3600, 2) + ":" + CivilTime.pad(secondOfDay / 60 % 60, 2)
        return step < 60 ? clock + ":" + CivilTime.pad(secondOfDay % 60, 2) : clock
    }

    /// The time of day of `t`, to the second when buckets are under a minute.
    private static func clock(_ t: Double, step: Int) -> String {
        let label = CivilTime.label(second: Int(t.rounded(.down)))
        return String(label.dropFirst(11).prefix(step < 60 ? 8 : 5))
    }

    /// `0.025`, `0.1`, `4.9`, `12`, `1200`.
    static func rateText(_ rate: Double) -> String {
        if rate >= 10 || rate == rate.rounded() { return String(Int(rate.rounded())) }
        return String(format: rate >= 1 ? "%.1f" : "%.2g", rate)
    }

    /// A round number at least `value` (1 for nothing) whose half is round too, close enough
    /// above it that the bars fill most of the height.
    static func roundedUp(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        var unit = pow(10, (log10(value)).rounded(.down))
        while true {
            for m in [1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0] where m * unit >= value * 0.999_999 { return m * unit }
            unit *= 10
        }
    }
}
