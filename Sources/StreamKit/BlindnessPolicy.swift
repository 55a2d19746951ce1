/// When a stream client with no fill source alive (no standing private stream, no recent
/// reconciliation) says it is blind, how often it says it again, and whether it stops.
public struct BlindnessPolicy: Sendable, Hashable {
    /// Blind after this long with no fill source alive.
    public var after: Duration = .seconds(10)
    /// Said again this often while it lasts.
    public var repeatEvery: Duration = .seconds(10)
    /// Stop the run (the client throws its `blind` failure) as soon as it is blind.
    public var stopsRun = false

    /// The defaults above.
    public init() {}
}
