import LighterProtocol

/// What a maker venue adapter reports, in the order it learned it.
public enum MakerVenueEvent: Sendable, Hashable {
    /// The top of the book changed (or was confirmed unchanged).
    case book(BookTop)
    /// The streams' health changed: quoting pauses while it is not `.healthy`.
    case health(VenueHealth)
    /// A REST reconciliation started (true) or ended (false): quoting waits for it.
    case reconciling(Bool)
    /// The venue took the order.
    case accepted(clientOrderID: Int64, venueOrderID: String)
    /// The venue refused the order; `wouldTake` for a post-only order that would have matched.
    case rejected(clientOrderID: Int64, reason: String, wouldTake: Bool)
    /// A fill, exactly once per fill id.
    case fill(VenueFill)
    /// The order's state and its cumulative executed quantity (which may run ahead of the
    /// fills seen: the engine hedges the difference at once).
    case orderUpdate(clientOrderID: Int64, status: MakerOrderStatus, executedQuantity: FixedDecimal)
    /// The answer to a cancel.
    case cancelResult(clientOrderID: Int64, MakerCancelResult)
    /// The venue's own position for the market (REST), to check the ledger against.
    case position(FixedDecimal)
}

/// A maker order's state as the venue tells it.
public enum MakerOrderStatus: String, Sendable, Hashable, Codable {
    case open
    case partiallyFilled
    case filled
    case canceled
    /// Ended by the venue (an IOC's remainder, a post-only that would take, …).
    case expired

    /// No more fills can come.
    public var isFinal: Bool { self == .filled || self == .canceled || self == .expired }
}

/// What a cancel achieved. A cancel may race a fill: the order is closed with whatever it had
/// executed by then, which the adapter must report (from the cancel reply or the order's
/// history), so that no fill goes unhedged because its event was lost.
public enum MakerCancelResult: Sendable, Hashable {
    /// The order is no longer on the book (canceled now, or already filled or canceled), having
    /// executed this much in all.
    case closed(executedQuantity: FixedDecimal)
    /// The cancel did not go through (rate limit, network): the order may still rest.
    case failed(reason: String)
}
