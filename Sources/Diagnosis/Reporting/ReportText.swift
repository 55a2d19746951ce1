/// ANSI styling, applied only when asked for.
struct TextStyle {
    let color: Bool

    func bold(_ s: String) -> String { wrap(s, "1") }
    func dim(_ s: String) -> String { wrap(s, "2") }
    func red(_ s: String) -> String { wrap(s, "31") }
    func green(_ s: String) -> String { wrap(s, "32") }
    func yellow(_ s: String) -> String { wrap(s, "33") }
    func cyan(_ s: String) -> String { wrap(s, "36") }

    private func wrap(_ s: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: red("ERROR  ")
        case .warning: yellow("WARNING")
        case .info: cyan("INFO   ")
        }
    }

    func status(_ status: CheckStatus) -> String {
        switch status {
        case .ok: green("[ok]       ")
        case .attention: yellow("[attention]")
        case .problem: red("[problem]  ")
        case .unknown: dim("[unknown]  ")
        }
    }

    func evidence(_ e: Evidence, indent: String) -> String {
        "\(indent)\(dim("\(e.file):\(e.line):")) \(e.text)"
    }
}

extension DiagnosisReport {
    /// The report for people: the verdict first, then findings, then the quick checks.
    public func renderText(color: Bool) -> String {
        let style = TextStyle(color: color)
        var out: [String] = []
        out.append(style.bold(headline))
        if candidates.count > 1 {
            out.append("Candidates: " + candidates.map(String.init).joined(separator: ", ") + " (most likely first)")
        }
        out.append("Stream: " + streamText(style))
        if !diagnosis.isEmpty {
            out.append("")
            out.append(style.bold("Diagnosis"))
            out += diagnosis.map { "  - \($0)" }
        }
        if !actions.isEmpty {
            out.append("")
            out.append(style.bold("What to do"))
            out += actions.map { "  - \($0)" }
        }
        if !evidence.isEmpty {
            out.append("")
            out.append(style.bold("Signs"))
            out += evidence.map { style.evidence($0, indent: "  ") }
        }
        out.append("")
        out.append(style.bold("Findings (\(findings.count))"))
        if findings.isEmpty { out.append("  none") }
        for finding in findings {
            var head = "  \(style.severity(finding.severity))  \(style.bold(finding.id.rawValue))"
            if let kind = finding.kind { head += " [\(kind)]" }
            if let code = finding.code { head += " code=\(code)" }
            head += " ×\(finding.count)"
            out.append(head)
            out.append("           \(finding.message)")
            if !finding.breakdown.isEmpty {
                out.append("           " + Self.breakdownText(finding.breakdown))
            }
            out += finding.evidence.map { style.evidence($0, indent: "           ") }
            if finding.evidenceOmitted > 0 { out.append(style.dim("           … and \(finding.evidenceOmitted) more")) }
        }
        out.append("")
        out.append(style.bold("Quick checks"))
        for name in Self.checkNames {
            guard let check = checks[name] else { continue }
            out.append(check.renderText(color: color, detailed: false))
        }
        out.append("")
        out.append(style.dim(inputText))
        return out.joined(separator: "\n") + "\n"
    }

    private var headline: String {
        guard let label = scenarioLabel else { return title }
        return "\(label): \(title) (confidence: \(confidence.rawValue))"
    }

    private func streamText(_ style: TextStyle) -> String {
        switch streamWorking {
        case true?: style.green("working")
        case false?: style.red("not working")
        case nil: style.yellow("cannot tell from this log")
        }
    }

    private var inputText: String {
        var parts = ["Read \(input.lines) lines (\(input.bytes) bytes) from \(input.files.count) file(s)"]
        if !input.levels.isEmpty { parts.append("levels " + Self.breakdownText(input.levels)) }
        if input.mojibakeLines > 0 { parts.append("\(input.mojibakeLines) lines with Windows-1252 mojibake") }
        if input.longLines > 0 { parts.append("\(input.longLines) over-long lines cut") }
        if let first = input.firstTimestamp, let last = input.lastTimestamp { parts.append("\(first) to \(last)") }
        return parts.joined(separator: "; ") + "."
    }

    static func breakdownText(_ counts: [String: Int]) -> String {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

extension QuickCheck {
    /// One check: a status line, and with `detailed` its counts and lines (for `doctor --check NAME`).
    public func renderText(color: Bool, detailed: Bool = true) -> String {
        let style = TextStyle(color: color)
        var out = ["  \(style.status(status)) \(style.bold(name)): \(summary)"]
        guard detailed else { return out.joined(separator: "\n") }
        out.append("      \(title); replaces: \(command)")
        if let correction { out.append("      \(correction)") }
        if !counts.isEmpty { out.append("      " + DiagnosisReport.breakdownText(counts)) }
        out += lines.map { style.evidence($0, indent: "      ") }
        if linesOmitted > 0 { out.append(style.dim("      … and \(linesOmitted) more")) }
        return out.joined(separator: "\n")
    }
}
