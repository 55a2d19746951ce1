import HedgeEngine
import LighterProtocol

/// The ledger against the venues' own records of the account's trades: every maker trade in
/// the ledger once (by trade id) and nothing else, and each venue's net position the same on
/// both sides. Built from plain values, so that a test or a demo can feed it any venue's record.
public struct LedgerVenueAudit: Sendable {
    /// A trade as the venue recorded it: its id on the venue, and signed quantity (+ bought).
    public struct VenueTrade: Sendable, Hashable {
        /// The venue's id for the trade: for maker trades, the ledger's fill id.
        public var id: String
        /// Base-asset quantity, signed: + bought, - sold.
        public var signedQuantity: FixedDecimal
        /// A trade from the venue's record.
        public init(id: String, signedQuantity: FixedDecimal) { self.id = id; self.signedQuantity = signedQuantity }
    }

    /// Maker trades the venue made that the ledger lacks.
    public var makerMissing: Set<String>
    /// Maker fills in the ledger the venue never made.
    public var makerExtra: Set<String>
    /// Net positions on the maker venue: its record, then the ledger's.
    public var makerNet: (venue: FixedDecimal, ledger: FixedDecimal)
    /// Net positions on the hedge venue: its record, then the ledger's.
    public var hedgeNet: (venue: FixedDecimal, ledger: FixedDecimal)

    /// Compares `ledger` with the maker venue's trades (ids are the ledger's fill ids) and the
    /// hedge venue's (compared by net quantity: its fills are keyed by order there).
    public init(ledger: HedgeLedger, makerTrades: [VenueTrade], hedgeTrades: [VenueTrade]) throws(LedgerError) {
        let fills = try ledger.fills()
        // Executions reported ahead of their fills are the ledger's own rows, not venue trades.
        let makerIDs = Set(fills.filter { $0.venue == .maker && $0.role != .reported }.map(\.fillID))
        let venueIDs = Set(makerTrades.map(\.id))
        makerMissing = venueIDs.subtracting(makerIDs)
        makerExtra = makerIDs.subtracting(venueIDs)
        let positions = try ledger.positions()
        makerNet = (makerTrades.reduce(.zero) { $0 + $1.signedQuantity }, positions[.maker] ?? .zero)
        hedgeNet = (hedgeTrades.reduce(.zero) { $0 + $1.signedQuantity }, positions[.hedge] ?? .zero)
    }

    /// The ledger and both venues say the same.
    public var agrees: Bool {
        makerMissing.isEmpty && makerExtra.isEmpty && makerNet.venue == makerNet.ledger && hedgeNet.venue == hedgeNet.ledger
    }

    /// One line for a person.
    public var summary: String {
        if agrees { return "agrees with both venues (maker net \(makerNet.venue), hedge net \(hedgeNet.venue))" }
        var parts: [String] = []
        if !makerMissing.isEmpty { parts.append("maker trades missing from the ledger: \(makerMissing.sorted().joined(separator: ", "))") }
        if !makerExtra.isEmpty { parts.append("maker fills the venue never made: \(makerExtra.sorted().joined(separator: ", "))") }
        if makerNet.venue != makerNet.ledger { parts.append("maker net \(makerNet.venue) on the venue, \(makerNet.ledger) in the ledger") }
        if hedgeNet.venue != hedgeNet.ledger { parts.append("hedge net \(hedgeNet.venue) on the venue, \(hedgeNet.ledger) in the ledger") }
        return "DISAGREES: " + parts.joined(separator: "; ")
    }
}
