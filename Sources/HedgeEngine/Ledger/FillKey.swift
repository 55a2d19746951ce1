/// A fill's identity: its venue and the venue's id for it.
public struct FillKey: Sendable, Hashable, CustomStringConvertible {
    public var venue: VenueRole
    public var fillID: String

    public init(venue: VenueRole, fillID: String) {
        self.venue = venue
        self.fillID = fillID
    }

    public var description: String { "\(venue.rawValue):\(fillID)" }
}
