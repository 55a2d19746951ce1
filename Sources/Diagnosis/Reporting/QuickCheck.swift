/// One of the guide's six quick checks, run in the same pass.
public struct QuickCheck: Codable, Sendable, Hashable {
    /// The check's key in `DiagnosisReport.checks` (one of `DiagnosisReport.checkNames`).
    public var name: String
    /// The check's heading, as the guide words it.
    public var title: String
    /// The shell command the check replaces (corrected where the guide's is wrong).
    public var command: String
    /// What was wrong with the guide's command, when `command` corrects it.
    public var correction: String?
    /// The answer.
    public var status: CheckStatus
    /// The answer in a sentence, with the counts that decided it.
    public var summary: String
    /// The counts behind the answer, by what they count; zero counts are left out.
    public var counts: [String: Int]
    /// The lines the command would have printed first, in file and line order.
    public var lines: [Evidence]
    /// Lines the command would have printed beyond `lines`.
    public var linesOmitted: Int

    /// A check as given (doctor builds them; so does the live probe, from what it saw).
    public init(name: String, title: String, command: String, correction: String? = nil, status: CheckStatus, summary: String,
                counts: [String: Int] = [:], lines: [Evidence] = [], linesOmitted: Int = 0) {
        self.name = name; self.title = title; self.command = command; self.correction = correction; self.status = status
        self.summary = summary; self.counts = counts; self.lines = lines; self.linesOmitted = linesOmitted
    }
}
