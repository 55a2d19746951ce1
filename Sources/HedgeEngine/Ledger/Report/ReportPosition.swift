import LighterProtocol

/// The net position on one venue, from the ledger's fills (positive long).
public struct ReportPosition: Sendable, Hashable, Codable {
    /// Maker or hedge venue.
    public var venue: VenueRole
    /// The venue's name (`backpack`, `lighter`).
    public var name: String
    /// The signed position in the base asset.
    public var position: FixedDecimal
}
