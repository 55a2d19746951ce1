import LighterProtocol

/// The run's settings: the reference bot's (`size`, `iterations`, `maxPosition`) and the
/// engine's limits. Durations in milliseconds.
public struct HedgeConfiguration: Sendable, Hashable {
    /// Quantity of one round's quote.
    public var size: FixedDecimal
    /// Rounds to run before closing the position back to flat.
    public var iterations: Int
    /// The maker position is built up to `+maxPosition`, then unwound to `-maxPosition`, and so on.
    public var maxPosition: FixedDecimal
    /// A hedge may pay at most this fraction beyond the hedge venue's best price (0.005 = 50 bps).
    public var slippage: FixedDecimal
    /// The same cap for an order that flattens on the maker venue.
    public var flattenSlippage: FixedDecimal
    /// A quote older than this is canceled and placed again.
    public var quoteMaxAgeMs: Int64 = 10_000
    /// A quote younger than this is not repriced (the book may flicker).
    public var quoteMinLifeMs: Int64 = 500
    /// After a refused quote, wait this long before the next.
    public var quoteRetryMs: Int64 = 250
    /// After a cancel that did not go through, send it again after this long.
    public var cancelRetryMs: Int64 = 1_000
    /// A book not updated for this long is stale: no quoting from it, no hedging from it.
    public var bookStaleMs: Int64 = 5_000
    /// Hedge orders that may end short (IOC remainders, refusals) before the budget is spent.
    public var hedgeMaxAttempts: Int = 5
    /// Time from the first unhedged fill after which the budget is spent.
    public var hedgeMaxMs: Int64 = 10_000
    /// What happens when the budget is spent or the kill switch trips.
    public var policy: NakedLegPolicy = .flatten
    /// Kill switch: naked exposure above this stops quoting at once.
    public var maxNakedQuantity: FixedDecimal
    /// Kill switch: naked (and hedgeable) for longer than this stops quoting at once.
    public var maxNakedMs: Int64 = 30_000
    /// Pause between rounds (the reference bot's `--sleep`).
    public var pauseBetweenRoundsMs: Int64 = 0

    /// - Parameters:
    ///   - maxNakedQuantity: nil for twice `size` (the reference bot's imbalance limit).
    public init(size: FixedDecimal, iterations: Int, maxPosition: FixedDecimal,
                slippage: FixedDecimal = FixedDecimal(units: 500_000), flattenSlippage: FixedDecimal? = nil,
                maxNakedQuantity: FixedDecimal? = nil) {
        self.size = size
        self.iterations = iterations
        self.maxPosition = maxPosition
        self.slippage = slippage
        self.flattenSlippage = flattenSlippage ?? slippage
        self.maxNakedQuantity = maxNakedQuantity ?? size + size
    }

    /// Why these settings cannot run on these markets, or nil.
    public func problem(maker: MarketRules, hedge: MarketRules) -> String? {
        let minimum = max(maker.minQuantity, hedge.minQuantity)
        if size < minimum { return "size \(size) is below the markets' minimum \(minimum)" }
        if maker.floorQuantity(size) != size || hedge.floorQuantity(size) != size {
            return "size \(size) is not a multiple of both steps (\(maker.stepSize), \(hedge.stepSize))"
        }
        if iterations < 0 { return "iterations must not be negative" }
        if maxPosition < size { return "max position \(maxPosition) is below size \(size)" }
        let onePercentTen = FixedDecimal(units: 10_000_000)
        if slippage <= .zero || slippage > onePercentTen { return "slippage \(slippage) must be above 0 and at most 0.1" }
        if flattenSlippage <= .zero || flattenSlippage > onePercentTen {
            return "flatten slippage \(flattenSlippage) must be above 0 and at most 0.1"
        }
        if maxNakedQuantity < size { return "max naked exposure \(maxNakedQuantity) is below size \(size): every fill would trip it" }
        if hedgeMaxAttempts < 1 { return "hedge attempts must be at least 1" }
        if [quoteMaxAgeMs, quoteMinLifeMs, quoteRetryMs, cancelRetryMs, bookStaleMs, hedgeMaxMs, maxNakedMs,
            pauseBetweenRoundsMs].contains(where: { $0 < 0 }) {
            return "durations must not be negative"
        }
        return nil
    }
}
