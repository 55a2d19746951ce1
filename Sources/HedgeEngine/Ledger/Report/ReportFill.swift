import LighterProtocol

/// Which fill a report line is about: its venue, ids, role, side and price.
public struct ReportFill: Sendable, Hashable, Codable {
    /// The venue it traded on.
    public var venue: VenueRole
    /// The venue's id for the fill.
    public var fillID: String
    /// The engine's id for the order it filled.
    public var clientOrderID: Int64
    /// Why its order was sent (`quote`, `hedge`, `flatten`; `reported` for executed quantity the
    /// venue stated before its fill; `foreign` for an order the engine did not send).
    public var role: LedgerFill.Role
    /// Its side.
    public var side: TradeSide
    /// Its price.
    public var price: FixedDecimal
    /// When it reached the engine, milliseconds since the epoch.
    public var receivedMs: Int64

    init(_ fill: LedgerFill) {
        venue = fill.venue
        fillID = fill.fillID
        clientOrderID = fill.clientOrderID
        role = fill.role
        side = fill.side
        price = fill.price
        receivedMs = fill.receivedMs
    }
}
