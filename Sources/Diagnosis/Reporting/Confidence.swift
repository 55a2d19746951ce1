/// How firmly the log supports the verdict's scenario.
public enum Confidence: String, Codable, Sendable, Hashable {
    /// The log shows the scenario's own signs.
    case high
    /// The signs point one way, but lines that would confirm it are missing.
    case medium
    /// Several scenarios stay open (`DiagnosisReport.candidates`); the next run must log more.
    case low
}
