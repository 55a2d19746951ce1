/// A quick check's answer.
public enum CheckStatus: String, Codable, Sendable, Hashable {
    /// What the check looks for is there.
    case ok
    /// Something to look at, not necessarily wrong.
    case attention
    /// What the check looks for is missing or wrong.
    case problem
    /// The log cannot say (for instance DEBUG lines it would need are not written).
    case unknown
}
