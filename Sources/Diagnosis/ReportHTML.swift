import Foundation

extension DiagnosisReport {
    /// A self-contained HTML page (no scripts, no external files): the verdict, a timeline
    /// chart drawn as inline SVG (messages by type stacked per bucket, with reconnects,
    /// subscription confirmations, fills and findings marked), the findings and the checks.
    public func renderHTML(title pageTitle: String = "lighter-hedge doctor") -> String {
        var html = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(escape(pageTitle))</title>
        <style>
        body{font:14px/1.45 -apple-system,system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
        h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:24px 0 8px}
        .verdict{padding:12px 16px;border-radius:8px;background:#f3f6fa;border-left:6px solid #888}
        .ok{border-color:#2e7d32}.warn{border-color:#ed6c02}.bad{border-color:#c62828}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
        code,pre{font:12px/1.4 ui-monospace,Menlo,monospace;white-space:pre-wrap;word-break:break-all}
        .sev-error{color:#c62828;font-weight:600}.sev-warning{color:#ed6c02;font-weight:600}.sev-info{color:#555}
        .legend span{display:inline-block;margin-right:12px}.swatch{display:inline-block;width:10px;height:10px;margin-right:4px}
        </style></head><body>
        """
        let verdictClass = exitCode == 0 ? "ok" : (findings.contains { $0.severity == .error } ? "bad" : "warn")
        let scenarioText = scenarioLabel ?? "No Lighter evidence"
        html += "<h1>\(escape(pageTitle))</h1>"
        html += "<p>\(escape(input.files.joined(separator: ", "))): \(input.lines) lines"
        if let first = input.firstTimestamp, let last = input.lastTimestamp { html += ", \(escape(first)) to \(escape(last))" }
        html += "</p>"
        html += "<div class=\"verdict \(verdictClass)\"><b>\(escape(scenarioText)): \(escape(title))</b> (confidence \(confidence.rawValue))"
        if !diagnosis.isEmpty { html += "<ul>" + diagnosis.map { "<li>\(escape($0))</li>" }.joined() + "</ul>" }
        if !actions.isEmpty { html += "<b>Next steps</b><ol>" + actions.map { "<li>\(escape($0))</li>" }.joined() + "</ol>" }
        html += "</div>"

        html += "<h2>Timeline</h2>" + timelineSVG()

        html += "<h2>Findings</h2>"
        if findings.isEmpty { html += "<p>None.</p>" } else {
            html += "<table><tr><th>severity</th><th>finding</th><th>evidence</th></tr>"
            for finding in findings {
                let evidence = finding.evidence.map { "<code>\(escape($0.file)):\($0.line)</code> <code>\(escape($0.text))</code>" }
                    .joined(separator: "<br>") + (finding.evidenceOmitted > 0 ? "<br>… \(finding.evidenceOmitted) more" : "")
                html += "<tr><td class=\"sev-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</td>"
                html += "<td><b>\(escape(finding.id.rawValue))</b> (\(finding.count))<br>\(escape(finding.message))</td><td>\(evidence)</td></tr>"
            }
            html += "</table>"
        }

        html += "<h2>The guide's quick checks</h2><table><tr><th>check</th><th>status</th><th>result</th></tr>"
        for check in checks.values.sorted(by: { $0.name < $1.name }) {
            html += "<tr><td><b>\(escape(check.title))</b><br><code>\(escape(check.command))</code></td>"
            html += "<td>\(escape(check.status.rawValue))</td><td>\(escape(check.summary))</td></tr>"
        }
        html += "</table></body></html>\n"
        return html
    }

    /// Stacked bars of messages by type per bucket, with event marks above them.
    func timelineSVG() -> String {
        let buckets = timeline.buckets
        guard !buckets.isEmpty else { return "<p>No timestamped lines.</p>" }
        let palette = ["#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#5d4037", "#546e7a"]
        var totals: [String: Int] = [:]
        for bucket in buckets { for (type, count) in bucket.messages { totals[type, default: 0] += count } }
        let types = totals.sorted { $0.value > $1.value }.map(\.key).prefix(palette.count)
        let colour = Dictionary(uniqueKeysWithValues: types.enumerated().map { ($0.element, palette[$0.offset]) })
        let width = 1000.0, height = 220.0, top = 40.0
        // Few buckets would make a few huge bars: cap their width.
        let barWidth = min(60.0, max(1.0, width / Double(buckets.count)))
        let peak = max(1, buckets.map { $0.messages.values.reduce(0, +) }.max() ?? 1)
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height + top + 20))\" width=\"100%\" role=\"img\" aria-label=\"message rate timeline\">"
        for (index, bucket) in buckets.enumerated() {
            let x = Double(index) * barWidth
            var y = top + height
            for type in types {
                guard let count = bucket.messages[type], count > 0 else { continue }
                let h = height * Double(count) / Double(peak)
                y -= h
                svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(max(barWidth - 0.5, 0.5)))\" height=\"\(fmt(h))\" fill=\"\(colour[type] ?? "#999")\"><title>\(escape(bucket.start)) \(escape(type)): \(count)</title></rect>"
            }
            for (row, mark) in Self.marks.enumerated() {
                let count = mark.count(bucket)
                guard count > 0 else { continue }
                svg += "<circle cx=\"\(fmt(x + barWidth / 2))\" cy=\"\(fmt(5 + Double(row) * 6.5))\" r=\"2.8\" fill=\"\(mark.colour)\"><title>\(escape(bucket.start)) \(mark.name): \(count)</title></circle>"
            }
        }
        if totals.isEmpty {
            // An INFO log of the reference bot has no per-message lines: say why there are no bars.
            svg += "<text x=\"\(Int(width / 2))\" y=\"\(Int(top + height / 2))\" font-size=\"13\" text-anchor=\"middle\" fill=\"#666\">"
                + "No per-message lines (they are written at DEBUG): no message rate to chart</text>"
        }
        svg += "<text x=\"0\" y=\"\(Int(top + height + 16))\" font-size=\"11\">\(escape(buckets.first?.start ?? ""))</text>"
        svg += "<text x=\"\(Int(width))\" y=\"\(Int(top + height + 16))\" font-size=\"11\" text-anchor=\"end\">\(escape(buckets.last?.start ?? ""))</text>"
        svg += "</svg>"
        var legend = "<div class=\"legend\">"
        for type in types { legend += "<span><i class=\"swatch\" style=\"background:\(colour[type] ?? "#999")\"></i>\(escape(type))</span>" }
        for mark in Self.marks { legend += "<span><i class=\"swatch\" style=\"background:\(mark.colour);border-radius:5px\"></i>\(mark.name)</span>" }
        legend += "<span>(dots, top to bottom, in the order listed) \(timeline.bucketMinutes)-minute buckets; peak \(peak) messages</span></div>"
        return svg + legend
    }

    /// The event rows above the bars: reconnects, the subscriptions' states, fills, findings.
    private static let marks: [(name: String, colour: String, count: @Sendable (Timeline.Bucket) -> Int)] = [
        ("reconnects", "#c62828", { $0.reconnects }),
        ("subscriptions requested", "#90a4ae", { $0.subscriptionsSent }),
        ("subscriptions confirmed", "#2e7d32", { $0.subscriptions }),
        ("subscriptions refused or unconfirmed", "#d81b60", { $0.subscriptionFailures }),
        ("fills", "#f9a825", { $0.fills }),
        ("findings", "#6d4c41", { $0.findings }),
    ]

    private func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    private func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
