/// Why a venue adapter could not be set up.
public struct HedgeVenueSetupError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the market or the client, in one line.
    public var description: String
    /// An error that says `description`.
    public init(_ description: String) { self.description = description }
}
