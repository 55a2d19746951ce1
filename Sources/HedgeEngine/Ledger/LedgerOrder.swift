import LighterProtocol

/// One order on either venue, as the ledger keeps it: written before it is sent, updated as
/// the venue answers.
public struct LedgerOrder: Sendable, Hashable {
    /// Why the engine sent it.
    public enum Role: String, Sendable, Hashable, Codable {
        /// A post-only quote on the maker venue.
        case quote
        /// An immediate-or-cancel order on the maker venue that closes a naked leg.
        case flatten
        /// An immediate-or-cancel order on the hedge venue.
        case hedge
    }

    /// Where the order stands, as the engine last learned it.
    public enum Status: String, Sendable, Hashable, Codable {
        /// In the ledger, handed to the venue, no answer yet.
        case created
        case accepted
        /// The send had no answer: the venue may or may not have it.
        case unknown
        /// A cancel was sent.
        case canceling
        case partiallyFilled
        case filled
        case canceled
        case expired
        case rejected
        /// The venue has no such order and can no longer execute it.
        case notFound

        /// No more fills can come.
        public var isFinal: Bool {
            switch self {
            case .filled, .canceled, .expired, .rejected, .notFound: true
            case .created, .accepted, .unknown, .canceling, .partiallyFilled: false
            }
        }
    }

    /// The venue it was sent to.
    public var venue: VenueRole
    /// The engine's id, unique across runs; the venue's client order id derives from it.
    public var clientOrderID: Int64
    /// The venue's id for it, once the venue has given one.
    public var venueOrderID: String?
    /// Why the engine sent it.
    public var role: Role
    /// Buy or sell: a buy adds to the position.
    public var side: TradeSide
    /// The limit price, on the venue's tick.
    public var price: FixedDecimal
    /// The quantity ordered: base asset, positive.
    public var quantity: FixedDecimal
    /// Where it stands.
    public var status: Status
    /// What the venue last said the order executed in all (its fills may follow).
    public var executed: FixedDecimal
    /// The venue's reason for a final status, or why the engine canceled.
    public var reason: String?
    /// The engine's round when it was sent.
    public var round: Int
    /// The engine's wall clock when it decided the order, milliseconds since the epoch.
    public var createdMs: Int64
    /// The engine's wall clock at its last change, milliseconds since the epoch.
    public var updatedMs: Int64
    /// For a hedge: microseconds from the oldest maker fill it covers to the order's decision.
    public var latencyMicros: Int64?

    /// A row as the engine writes it or the ledger reads it back; `updatedMs` defaults to `createdMs`.
    public init(venue: VenueRole, clientOrderID: Int64, venueOrderID: String? = nil, role: Role, side: TradeSide,
                price: FixedDecimal, quantity: FixedDecimal, status: Status = .created, executed: FixedDecimal = .zero,
                reason: String? = nil, round: Int, createdMs: Int64, updatedMs: Int64? = nil, latencyMicros: Int64? = nil) {
        self.venue = venue; self.clientOrderID = clientOrderID; self.venueOrderID = venueOrderID; self.role = role
        self.side = side; self.price = price; self.quantity = quantity; self.status = status; self.executed = executed
        self.reason = reason; self.round = round; self.createdMs = createdMs; self.updatedMs = updatedMs ?? createdMs
        self.latencyMicros = latencyMicros
    }
}
