import LighterProtocol

/// A market's trading grid on one venue: prices are multiples of `tickSize`, quantities
/// multiples of `stepSize` and at least `minQuantity`. All exact.
public struct MarketRules: Sendable, Hashable {
    /// The venue's name for the market (`ETH_USDC_PERP`, `ETH`).
    public var symbol: String
    /// The price increment: every price is a multiple of it.
    public var tickSize: FixedDecimal
    /// The quantity increment: every quantity is a multiple of it.
    public var stepSize: FixedDecimal
    /// The smallest quantity the venue takes in one order.
    public var minQuantity: FixedDecimal

    /// Nil when a size is not positive or the minimum is negative.
    public init?(symbol: String, tickSize: FixedDecimal, stepSize: FixedDecimal, minQuantity: FixedDecimal) {
        guard tickSize > .zero, stepSize > .zero, !minQuantity.isNegative else { return nil }
        self.symbol = symbol
        self.tickSize = tickSize
        self.stepSize = stepSize
        self.minQuantity = minQuantity
    }

    /// A Lighter-style market: tick and step from the number of decimals (2 price decimals is a
    /// tick of 0.01); the minimum is one step when the venue names none.
    public init?(symbol: String, priceDecimals: Int, sizeDecimals: Int, minQuantity: FixedDecimal?) {
        guard let tick = FixedDecimal(scaledInteger: 1, decimals: priceDecimals),
              let step = FixedDecimal(scaledInteger: 1, decimals: sizeDecimals) else { return nil }
        self.init(symbol: symbol, tickSize: tick, stepSize: step, minQuantity: max(minQuantity ?? step, step))
    }

    /// Down to the step (toward zero for a positive quantity).
    public func floorQuantity(_ quantity: FixedDecimal) -> FixedDecimal { Self.floor(quantity, to: stepSize) }

    /// Down to the tick.
    public func floorPrice(_ price: FixedDecimal) -> FixedDecimal { Self.floor(price, to: tickSize) }

    /// Up to the tick.
    public func ceilPrice(_ price: FixedDecimal) -> FixedDecimal {
        let floored = Self.floor(price, to: tickSize)
        return floored == price ? price : floored + tickSize
    }

    /// `value` rounded toward negative infinity to a multiple of `unit` (positive).
    static func floor(_ value: FixedDecimal, to unit: FixedDecimal) -> FixedDecimal {
        var quotient = value.units / unit.units
        if value.units % unit.units != 0 && value.units < 0 { quotient -= 1 }
        return FixedDecimal(units: quotient &* unit.units)
    }
}
