/// Why a venue adapter could not be set up.
public struct HedgeVenueSetupError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
