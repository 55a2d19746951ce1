/// How much a finding matters. Ordered: `info < warning < error`; reports list the most severe
/// first, and an `error` finding makes the exit code 1 even in scenario 6.
public enum Severity: String, Codable, Sendable, Hashable, Comparable, CaseIterable {
    /// Worth knowing; nothing to fix.
    case info
    /// May cost fills or hedges; worth fixing.
    case warning
    /// Breaks the hedge: fills unseen, hedges not sent, credentials exposed.
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// `info < warning < error`.
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}
