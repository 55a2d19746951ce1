/// A fill's identity: its venue and the venue's id for it.
public struct FillKey: Sendable, Hashable, CustomStringConvertible {
    /// The venue the fill is on.
    public var venue: VenueRole
    /// The venue's id for the fill, unique on that venue.
    public var fillID: String

    /// The key of the fill `fillID` on `venue`.
    public init(venue: VenueRole, fillID: String) {
        self.venue = venue
        self.fillID = fillID
    }

    /// `maker:<fill id>` or `hedge:<fill id>`, for messages.
    public var description: String { "\(venue.rawValue):\(fillID)" }
}
