/// What a market index says of its market, by the venue's numbering: perpetuals are 0-254,
/// spot books 2048-4094, and nothing else is a market. The one place the ranges are written.
public enum MarketIndexClass: Sendable, Hashable {
    /// A perpetual future (0-254): what a hedge trades.
    case perp
    /// A spot book (2048-4094): hedging a perp position on it does not hedge.
    case spot
    /// Outside both ranges: no market has it.
    case invalid

    /// The indexes of perpetual markets.
    public static let perpIndexes: ClosedRange<Int> = 0...254
    /// The indexes of spot markets.
    public static let spotIndexes: ClosedRange<Int> = 2048...4094

    /// The class of `index`.
    public init(_ index: Int) {
        self = Self.perpIndexes.contains(index) ? .perp : Self.spotIndexes.contains(index) ? .spot : .invalid
    }
}
