import Foundation

extension DiagnosisReport {
    /// A self-contained HTML page (no scripts, no external files): the verdict, a timeline
    /// chart drawn as inline SVG (`timelineChart`), the findings and the checks.
    public func renderHTML(title pageTitle: String = "lighter-hedge doctor") -> String {
        var html = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(escape(pageTitle))</title>
        <style>
        body{font:14px/1.45 -apple-system,system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
        h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:24px 0 8px}
        .verdict{padding:12px 16px;border-radius:8px;background:#f3f6fa;border-left:6px solid #888}
        .ok{border-color:#2e7d32}.warn{border-color:#ed6c02}.bad{border-color:#c62828}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
        code,pre{font:12px/1.4 ui-monospace,Menlo,monospace;white-space:pre-wrap;word-break:break-all}
        .sev-error{color:#c62828;font-weight:600}.sev-warning{color:#ed6c02;font-weight:600}.sev-info{color:#555}
        .legend span{display:inline-block;margin-right:12px}.caption{color:#444;font-size:13px;margin-top:4px}.swatch{display:inline-block;width:10px;height:10px;margin-right:4px}
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

        html += "<h2>Timeline</h2>" + timelineChart()

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

    func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    func escape(_ text: String) -> String {
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
