import LighterProtocol

/// A `depth.<symbol>` frame: absolute sizes at the levels that changed between update ids
/// `firstUpdateID` (`U`) and `lastUpdateID` (`u`); size 0 deletes a level. Updates chain:
/// the next frame's `U` is this one's `u + 1`.
public struct BackpackDepthUpdate: Sendable, Hashable {
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// `U`.
    public var firstUpdateID: Int64
    /// `u`.
    public var lastUpdateID: Int64
    /// `a`, in the order sent.
    public var asks: [PriceLevel]
    /// `b`, in the order sent.
    public var bids: [PriceLevel]
    /// `E`: event time, microseconds.
    public var eventTime: Int64
    /// `T`: engine time, microseconds.
    public var engineTime: Int64

    /// Creates a value from its parts.
    public init(symbol: String, firstUpdateID: Int64, lastUpdateID: Int64, asks: [PriceLevel], bids: [PriceLevel],
                eventTime: Int64, engineTime: Int64) {
        self.symbol = symbol; self.firstUpdateID = firstUpdateID; self.lastUpdateID = lastUpdateID
        self.asks = asks; self.bids = bids; self.eventTime = eventTime; self.engineTime = engineTime
    }
}
