import LighterProtocol

/// One fill on either venue, in the ledger before anything is done about it.
public struct LedgerFill: Sendable, Hashable {
    /// What the fill's order was for, or that the row is an execution stated ahead of its fill.
    public enum Role: String, Sendable, Hashable, Codable {
        /// A fill of a quote.
        case quote
        /// A fill of an order that closed a naked leg on the maker venue.
        case flatten
        /// A fill of a hedge.
        case hedge
        /// A fill of an order the engine did not send (a manual trade on the account).
        case foreign
        /// Executed quantity the venue reported (a cancel reply, an order update) before its
        /// fill event arrived: hedged at once; the fill, when it comes, is not counted again.
        case reported
    }

    /// The venue it traded on.
    public var venue: VenueRole
    /// Unique per venue.
    public var fillID: String
    /// The engine's id for the order it filled (for a `foreign` fill, whatever the venue named).
    public var clientOrderID: Int64
    /// What its order was for.
    public var role: Role
    /// Our side: a buy adds to the position.
    public var side: TradeSide
    /// The execution price, exact.
    public var price: FixedDecimal
    /// The fill's base-asset quantity as the venue reported it, positive.
    public var quantity: FixedDecimal
    /// The part of `quantity` that moved the position: less than `quantity` when a `reported`
    /// row already counted it.
    public var counted: FixedDecimal
    /// What the venue charged, in `feeAsset` (zero on a `reported` row).
    public var fee: FixedDecimal
    /// The asset of the fee (empty on a `reported` row).
    public var feeAsset: String
    /// The venue's time of the fill, milliseconds since the epoch, when it says.
    public var venueTimeMs: Int64?
    /// The engine's wall clock when the fill reached it, milliseconds since the epoch.
    public var receivedMs: Int64
    /// For a hedge fill: microseconds from the maker fill it pairs with to this fill.
    public var latencyMicros: Int64?
    /// Position in the ledger (set when read back).
    public var sequence: Int64?

    /// A row as the engine writes it or the ledger reads it back.
    public init(venue: VenueRole, fillID: String, clientOrderID: Int64, role: Role, side: TradeSide, price: FixedDecimal,
                quantity: FixedDecimal, counted: FixedDecimal, fee: FixedDecimal = .zero, feeAsset: String = "",
                venueTimeMs: Int64? = nil, receivedMs: Int64, latencyMicros: Int64? = nil, sequence: Int64? = nil) {
        self.venue = venue; self.fillID = fillID; self.clientOrderID = clientOrderID; self.role = role; self.side = side
        self.price = price; self.quantity = quantity; self.counted = counted; self.fee = fee; self.feeAsset = feeAsset
        self.venueTimeMs = venueTimeMs; self.receivedMs = receivedMs; self.latencyMicros = latencyMicros
        self.sequence = sequence
    }

    /// The fill's identity across both venues.
    public var key: FillKey { FillKey(venue: venue, fillID: fillID) }
}
