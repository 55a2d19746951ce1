import LighterProtocol

/// Buy or sell, on either venue.
public enum TradeSide: String, Sendable, Hashable, Codable, CustomStringConvertible {
    case buy
    case sell

    /// The side that offsets this one.
    public var opposite: TradeSide { self == .buy ? .sell : .buy }

    /// `quantity` with the sign of a position change: positive for a buy.
    public func signed(_ quantity: FixedDecimal) -> FixedDecimal { self == .buy ? quantity : -quantity }

    /// The side that reduces a position of this sign (a long is reduced by a sell).
    public static func reducing(_ position: FixedDecimal) -> TradeSide { position.isNegative ? .buy : .sell }

    /// `buy` or `sell`, as the ledger and the log write it.
    public var description: String { rawValue }
}
