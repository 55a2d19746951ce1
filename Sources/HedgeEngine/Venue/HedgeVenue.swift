import LighterProtocol

/// The venue the engine hedges on (Lighter): immediate-or-cancel limit orders whose outcome
/// (filled, partly filled then canceled, rejected) comes from the venue's fill stream, with
/// REST as the fallback, never from a timeout.
///
/// The adapter must report each fill exactly once by a fill id unique on the venue, each
/// order's fills before its outcome, and an outcome for every order it was given (or for an id
/// it was asked to `resolve`) as soon as the venue has decided it.
public protocol HedgeVenue: AnyObject, Sendable {
    /// The venue's name in the ledger and the CSV (`lighter`).
    var name: String { get }
    /// Tick, step (from the market's decimals) and minimum size.
    var rules: MarketRules { get }
    /// Everything the venue reports, in order. Iterated once, by the engine.
    var events: AsyncStream<HedgeVenueEvent> { get }
    /// Hands the order to the venue (signing and sending happen in the adapter).
    func place(_ order: HedgeOrder)
    /// Asks for the fate of an order whose outcome was not seen (after a restart): its fills and
    /// `.outcome` follow once the venue knows. `createdMs` is when the engine made it, which
    /// bounds when its transaction expires.
    func resolve(clientOrderID: Int64, createdMs: Int64)
}
