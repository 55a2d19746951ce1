/// Whether a venue's streams can be trusted right now.
public enum VenueHealth: Sendable, Hashable, CustomStringConvertible {
    /// Connected, subscribed, fills visible.
    case healthy
    /// Connecting, reconnecting or resubscribing: fills may be late.
    case unhealthy(String)
    /// No fill source alive: fills made now go unseen until one returns.
    case blind(String)

    public var isHealthy: Bool { self == .healthy }

    public var description: String {
        switch self {
        case .healthy: "healthy"
        case .unhealthy(let reason): "unhealthy (\(reason))"
        case .blind(let reason): "blind (\(reason))"
        }
    }
}
