import LighterProtocol

/// What a hedge venue adapter reports, in the order it learned it. For each order its fills
/// come before its outcome, so that an outcome never names fills the engine has not seen.
public enum HedgeVenueEvent: Sendable, Hashable {
    /// The top of the hedge venue's book, as the stream client last saw it.
    case book(BookTop)
    /// The streams' health changed: quoting pauses while it is not `.healthy`.
    case health(VenueHealth)
    /// A REST reconciliation started (true) or ended (false).
    case reconciling(Bool)
    /// The venue took the order (it is in the sequencer; its fate comes later).
    case accepted(clientOrderID: Int64, reference: String)
    /// No answer to the send: the order may or may not exist. The adapter keeps looking (REST
    /// by client order index) and reports the outcome when it knows it.
    case sendUnknown(clientOrderID: Int64, reason: String)
    /// A fill, exactly once per fill id.
    case fill(VenueFill)
    /// The order's final state, learned from the venue (never from a timeout).
    case outcome(clientOrderID: Int64, HedgeOutcome)
    /// The venue's own position for the market (REST).
    case position(FixedDecimal)
}

/// How a hedge order ended.
public struct HedgeOutcome: Sendable, Hashable {
    /// The venue's verdict on the order.
    public enum Status: Sendable, Hashable {
        /// Filled in full.
        case filled
        /// Canceled by the venue with `filledQuantity` done (an IOC's remainder:
        /// `canceled-not-enough-liquidity`, `canceled-too-much-slippage`, …).
        case canceled(reason: String)
        /// Refused: nothing filled.
        case rejected(reason: String)
        /// The venue has no such order and can no longer execute it (its transaction expired).
        case notFound
    }

    /// How the venue ended it; `filledQuantity` says how much was done in any case.
    public var status: Status
    /// Cumulative quantity filled.
    public var filledQuantity: FixedDecimal

    /// An outcome as the venue reported it.
    public init(status: Status, filledQuantity: FixedDecimal) {
        self.status = status
        self.filledQuantity = filledQuantity
    }

    /// A short text for the ledger and the log.
    public var text: String {
        switch status {
        case .filled: "filled"
        case .canceled(let reason): "canceled: \(reason)"
        case .rejected(let reason): "rejected: \(reason)"
        case .notFound: "not found"
        }
    }
}
