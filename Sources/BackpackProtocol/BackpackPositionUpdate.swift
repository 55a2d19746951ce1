import LighterProtocol

/// The `e` of an `account.positionUpdate` frame; `snapshot` is the message sent per open
/// position on subscribing, which has no `e`.
public enum BackpackPositionEvent: Sendable, Hashable {
    case snapshot
    case positionOpened
    case positionAdjusted
    case positionClosed
    case unknown(String)

    /// The value for its wire text.
    public init(wire: String?) {
        switch wire {
        case nil: self = .snapshot
        case "positionOpened": self = .positionOpened
        case "positionAdjusted": self = .positionAdjusted
        case "positionClosed": self = .positionClosed
        case let other?: self = .unknown(other)
        }
    }

    /// The `e` text; nil for the subscribe snapshot.
    public var wire: String? {
        switch self {
        case .snapshot: nil
        case .positionOpened: "positionOpened"
        case .positionAdjusted: "positionAdjusted"
        case .positionClosed: "positionClosed"
        case .unknown(let text): text
        }
    }
}

/// An `account.positionUpdate` frame. Decimals arrive as strings (live) or numbers (the docs'
/// example); both read. Derived prices may carry more than eight fraction digits and are cut.
public struct BackpackPositionUpdate: Sendable, Hashable {
    /// What happened.
    public var event: BackpackPositionEvent
    /// `E`, microseconds.
    public var eventTime: Int64
    /// `T`, microseconds.
    public var engineTime: Int64
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// `q`: positive long, negative short.
    public var netQuantity: FixedDecimal
    /// `Q`: net exposure including open orders.
    public var netExposureQuantity: FixedDecimal
    /// `n`.
    public var netExposureNotional: FixedDecimal
    /// `B`.
    public var entryPrice: FixedDecimal
    /// `b`.
    public var breakEvenPrice: FixedDecimal
    /// `M`.
    public var markPrice: FixedDecimal
    /// `P`.
    public var unrealizedPnl: FixedDecimal
    /// `p`.
    public var realizedPnl: FixedDecimal
    /// `f`.
    public var initialMarginFraction: FixedDecimal
    /// `m`.
    public var maintenanceMarginFraction: FixedDecimal
    /// `i`: a number live, a string in the docs; kept as text.
    public var positionID: String
    /// `l`: a placeholder `0` on the live venue.
    public var estimatedLiquidationPrice: FixedDecimal

    /// Creates a value from its parts.
    public init(event: BackpackPositionEvent, eventTime: Int64, engineTime: Int64, symbol: String,
                netQuantity: FixedDecimal, netExposureQuantity: FixedDecimal, netExposureNotional: FixedDecimal,
                entryPrice: FixedDecimal, breakEvenPrice: FixedDecimal, markPrice: FixedDecimal,
                unrealizedPnl: FixedDecimal, realizedPnl: FixedDecimal, initialMarginFraction: FixedDecimal,
                maintenanceMarginFraction: FixedDecimal, positionID: String, estimatedLiquidationPrice: FixedDecimal = .zero) {
        self.event = event; self.eventTime = eventTime; self.engineTime = engineTime; self.symbol = symbol
        self.netQuantity = netQuantity; self.netExposureQuantity = netExposureQuantity
        self.netExposureNotional = netExposureNotional; self.entryPrice = entryPrice; self.breakEvenPrice = breakEvenPrice
        self.markPrice = markPrice; self.unrealizedPnl = unrealizedPnl; self.realizedPnl = realizedPnl
        self.initialMarginFraction = initialMarginFraction; self.maintenanceMarginFraction = maintenanceMarginFraction
        self.positionID = positionID; self.estimatedLiquidationPrice = estimatedLiquidationPrice
    }
}
