import LighterProtocol

/// A `bookTicker.<symbol>` frame: best bid and ask. `updateID` (`u`) is a JSON number and
/// equals the depth stream's `u` at the same instant. A side is nil when it is empty.
public struct BackpackBookTicker: Sendable, Hashable {
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// `b` and `B`.
    public var bid: PriceLevel?
    /// `a` and `A`.
    public var ask: PriceLevel?
    /// `u`.
    public var updateID: Int64
    /// `E`, microseconds.
    public var eventTime: Int64
    /// `T`, microseconds.
    public var engineTime: Int64

    /// Creates a value from its parts.
    public init(symbol: String, bid: PriceLevel?, ask: PriceLevel?, updateID: Int64, eventTime: Int64, engineTime: Int64) {
        self.symbol = symbol; self.bid = bid; self.ask = ask; self.updateID = updateID
        self.eventTime = eventTime; self.engineTime = engineTime
    }
}
