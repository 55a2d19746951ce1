import Foundation

/// The verdict on one or more logs: the guide's scenario, the lines that show it, findings
/// with stable ids, the six quick checks and a timeline.
public struct DiagnosisReport: Codable, Sendable, Hashable {
    /// The guide's scenario 1-6 best supported by the log; nil when the log holds no Lighter
    /// evidence at all.
    public var scenario: Int?
    /// Every scenario the evidence leaves open, most likely first. One entry when the log decides.
    public var candidates: [Int]
    /// How firmly the log supports `scenario`.
    public var confidence: Confidence
    /// The verdict in one line, for a person.
    public var title: String
    /// Whether the Lighter stream (connection, subscriptions, account updates) works, as far as
    /// the log shows; nil when it cannot tell.
    public var streamWorking: Bool?
    /// What the lines show, a paragraph each.
    public var diagnosis: [String]
    /// What to do next, most useful first.
    public var actions: [String]
    /// The signs behind the verdict.
    public var evidence: [Evidence]
    /// Everything else worth knowing, most severe first, then in `FindingID` order.
    public var findings: [Finding]
    /// The quick checks by name: `connection`, `auth`, `order-updates`, `fills`,
    /// `message-types`, `unexpected`.
    public var checks: [String: QuickCheck]
    /// Counts over time and the rare events at their moment, for the chart.
    public var timeline: Timeline
    /// What was read: files, lines, levels, layouts, writers.
    public var input: InputSummary

    /// A report as given (doctor builds them; the live probe builds one from what it saw).
    public init(scenario: Int?, candidates: [Int], confidence: Confidence, title: String, streamWorking: Bool?,
                diagnosis: [String], actions: [String], evidence: [Evidence], findings: [Finding],
                checks: [String: QuickCheck], timeline: Timeline, input: InputSummary) {
        self.scenario = scenario; self.candidates = candidates; self.confidence = confidence; self.title = title
        self.streamWorking = streamWorking; self.diagnosis = diagnosis; self.actions = actions
        self.evidence = evidence; self.findings = findings; self.checks = checks; self.timeline = timeline
        self.input = input
    }

    /// The order `renderText` prints the checks in, and the names `doctor --check` accepts.
    public static let checkNames = ["connection", "auth", "order-updates", "fills", "message-types", "unexpected"]

    /// The quick check called `name` (one of `checkNames`), or nil.
    public func check(named name: String) -> QuickCheck? { checks[name] }

    /// `Scenario 6`; `Scenario 3, 4 or 5` while the evidence leaves several open (the JSON
    /// `scenario` then holds the most likely, with a low confidence); nil with no evidence.
    public var scenarioLabel: String? {
        let open = candidates.count > 1 && (scenario == nil || confidence == .low) ? candidates : scenario.map { [$0] } ?? candidates
        guard let last = open.last else { return nil }
        let names = open.dropLast().map(String.init)
        return "Scenario " + (names.isEmpty ? "\(last)" : names.joined(separator: ", ") + " or \(last)")
    }

    /// The finding with `id`, or nil when the log did not show it.
    public func finding(_ id: FindingID) -> Finding? { findings.first { $0.id == id } }

    /// The findings' ids, in report order.
    public var findingIDs: [FindingID] { findings.map(\.id) }

    /// 0 when the bot is healthy (scenario 6 and no error finding), 1 when a problem was
    /// found. (The CLI uses 2 for input it cannot read.)
    public var exitCode: Int32 {
        scenario == 6 && !findings.contains { $0.severity == .error } ? 0 : 1
    }

    private enum CodingKeys: String, CodingKey {
        case scenario, candidates, confidence, title, streamWorking, diagnosis, actions, evidence, findings
        case checks, timeline, input
    }

    private enum DerivedKeys: String, CodingKey {
        case exitCode
    }

    /// Written by hand so that `scenario` and `streamWorking` appear as `null` rather than
    /// vanish when nil, and so that the exit code travels with the report.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(title, forKey: .title)
        try c.encode(streamWorking, forKey: .streamWorking)
        try c.encode(diagnosis, forKey: .diagnosis)
        try c.encode(actions, forKey: .actions)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(findings, forKey: .findings)
        try c.encode(checks, forKey: .checks)
        try c.encode(timeline, forKey: .timeline)
        try c.encode(input, forKey: .input)
        var derived = encoder.container(keyedBy: DerivedKeys.self)
        try derived.encode(exitCode, forKey: .exitCode)
    }

    /// The report as JSON, keys sorted so that two runs over the same log give the same bytes.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Every value is a plain struct of strings and integers: encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}
