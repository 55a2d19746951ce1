/// One problem or notable fact the log shows, under a stable id, with its count and its first
/// lines.
public struct Finding: Codable, Sendable, Hashable {
    /// What was found; stable across versions (scripts match on it).
    public var id: FindingID
    /// How much it matters; an `error` makes the exit code 1.
    public var severity: Severity
    /// One or two sentences for a person: what the lines show and why it matters.
    public var message: String
    /// How many times the sign occurred (lines, hedges, orders: the message says which).
    public var count: Int
    /// A sub-type where one applies: `dns`, `refused`, `tls`, `upgrade-rejected`, `timeout`,
    /// `other` for `connect-failed`; the main cause for `reconnect-storm`.
    public var kind: String?
    /// The venue's error code, for `auth-rejected` and `server-error`.
    public var code: Int?
    /// Counts by kind, cause, type or code.
    public var breakdown: [String: Int]
    /// The first few lines; `evidenceOmitted` more were seen.
    public var evidence: [Evidence]
    /// Lines that showed the sign beyond those in `evidence`.
    public var evidenceOmitted: Int

    /// A finding as given; doctor fills `evidence` with at most `DiagnosisOptions.evidencePerFinding` lines.
    public init(id: FindingID, severity: Severity, message: String, count: Int, kind: String? = nil,
                code: Int? = nil, breakdown: [String: Int] = [:], evidence: [Evidence] = [], evidenceOmitted: Int = 0) {
        self.id = id; self.severity = severity; self.message = message; self.count = count; self.kind = kind
        self.code = code; self.breakdown = breakdown; self.evidence = evidence; self.evidenceOmitted = evidenceOmitted
    }
}
