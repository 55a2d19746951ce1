/// Whether a venue's streams can be trusted right now.
public enum VenueHealth: Sendable, Hashable, CustomStringConvertible {
    /// Connected, subscribed, fills visible.
    case healthy
    /// Connecting, reconnecting or resubscribing: fills may be late.
    case unhealthy(String)
    /// No fill source alive: fills made now go unseen until one returns.
    case blind(String)

    /// True only for `.healthy`: the engine quotes only while both venues are.
    public var isHealthy: Bool { self == .healthy }

    /// `healthy`, or the state with its reason, for the log.
    public var description: String {
        switch self {
        case .healthy: "healthy"
        case .unhealthy(let reason): "unhealthy (\(reason))"
        case .blind(let reason): "blind (\(reason))"
        }
    }
}
