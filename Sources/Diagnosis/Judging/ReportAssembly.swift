import LighterProtocol
extension Judge {
    /// The report on everything read so far.
    func report() -> DiagnosisReport {
        let f = record.facts()
        var findings = self.findings(f)
        let verdict = self.verdict(f, findings: findings)
        if let debug = debugFinding(f, verdict: verdict) {
            // Placed by severity like the rest, first among its equals (as in `FindingID` order).
            let index = findings.firstIndex { $0.severity <= debug.severity } ?? findings.endIndex
            findings.insert(debug, at: index)
        }
        return DiagnosisReport(
            scenario: verdict.scenario, candidates: verdict.candidates, confidence: verdict.confidence,
            title: verdict.title, streamWorking: verdict.streamWorking, diagnosis: verdict.diagnosis,
            actions: verdict.actions, evidence: signs(verdict.signs), findings: findings, checks: quickChecks(f),
            timeline: record.timeline.build(typeNames: record.messageTypes.names, healthTypeNames: record.healthTypes.names,
                                     countProcessedFills: record.pythonFillsDetected == 0, files: record.files),
            input: inputSummary())
    }

    /// The first two lines of each sign, in file and line order, at most ten.
    private func signs(_ signals: [Signal]) -> [Evidence] {
        var seen = Set<Evidence>()
        var picked: [Evidence] = []
        for signal in signals {
            for line in record.evidence(of: signal).prefix(2) where seen.insert(line).inserted { picked.append(line) }
        }
        return Array(picked.sorted(by: Self.lineOrder).prefix(10))
    }

    private func inputSummary() -> InputSummary {
        var levels: [String: Int] = [:]
        for level in LogLevel.allCases where record.levelCounts[level.rawValue] > 0 { levels[level.name] = record.levelCounts[level.rawValue] }
        var layouts: [String: Int] = [:]
        for layout in LineLayout.allCases where record.layoutCounts[layout.rawValue] > 0 { layouts[layout.name] = record.layoutCounts[layout.rawValue] }
        let writerNames = [LineWriter.pythonBot.rawValue: "python-bot", LineWriter.lighterHedge.rawValue: "lighter-hedge",
                           LineWriter.unknown.rawValue: "unknown"]
        var writers: [String: Int] = [:]
        for (raw, name) in writerNames where record.writerCounts[raw] > 0 { writers[name] = record.writerCounts[raw] }
        var names = record.files
        if record.filesOmitted > 0 { names.append("(\(record.filesOmitted) more files)") }
        return InputSummary(files: names, lines: record.lines, bytes: record.bytes, levels: levels, layouts: layouts, writers: writers,
                            mojibakeLines: record.mojibakeLines, longLines: record.longLines,
                            firstTimestamp: record.timeline.firstSecond.map { CivilTime.label(second: $0) },
                            lastTimestamp: record.timeline.lastSecond.map { CivilTime.label(second: $0) })
    }
}
