import LighterProtocol

/// The venue the engine quotes on (Backpack): post-only orders, cancels that report what the
/// order executed, and an ordered event stream.
///
/// The adapter must report each fill exactly once by its venue trade id (a replay of fills the
/// engine already has is harmless), report every order's cumulative executed quantity when it
/// knows it, answer every cancel with `MakerCancelResult`, and say when its streams are not
/// healthy. Commands never block: their answers come back as events.
public protocol MakerVenue: AnyObject, Sendable {
    /// The venue's name in the ledger and the CSV (`backpack`).
    var name: String { get }
    /// Tick, step and minimum of the market.
    var rules: MarketRules { get }
    /// Everything the venue reports, in order. Iterated once, by the engine.
    var events: AsyncStream<MakerVenueEvent> { get }
    /// Hands the order to the venue; `.accepted` or `.rejected` follows.
    func place(_ order: MakerOrder)
    /// Cancels by the engine's id; `.cancelResult` follows.
    func cancel(clientOrderID: Int64)
}
