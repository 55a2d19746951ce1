import LighterProtocol

/// An account's money, as `account`, `user_stats` and `account_all_assets` report it, worked
/// out from the starting collateral and the account's positions: the collateral moves by
/// realized PnL only (the simulator charges no fees and no funding), the portfolio value by
/// unrealized PnL as well.
public struct SimAccountSummary: Sendable, Hashable {
    /// Starting collateral plus every realized PnL: exact.
    public var collateral: FixedDecimal
    /// The open positions' PnL at the mark.
    public var unrealizedPnl: FixedDecimal
    /// Collateral plus unrealized PnL.
    public var portfolioValue: FixedDecimal
    /// Sum of the open positions' values at the mark.
    public var positionValue: FixedDecimal
    /// Sum of each position's value times its initial margin fraction.
    public var initialMarginRequirement: FixedDecimal
    /// Portfolio value less the initial margin requirement, never below zero.
    public var availableBalance: FixedDecimal
    /// Position value ÷ portfolio value.
    public var leverage: FixedDecimal
    /// Initial margin requirement as a percent of the portfolio value.
    public var marginUsage: FixedDecimal
    /// What the available balance could open at the markets' default leverage.
    public var buyingPower: FixedDecimal

    /// Leverage of the default 5% initial margin fraction.
    public static let defaultMaxLeverage: FixedDecimal = 20

    /// The figures of an account that started with `startingCollateral` and holds `positions`
    /// (every market it traded, flat ones included, for their realized PnL).
    public init(startingCollateral: FixedDecimal, positions: [SimPosition]) {
        // 128-bit sums, clamped once at the end: a sum of many markets must not trap.
        var realized = Int128(startingCollateral.units)
        var unrealized: Int128 = 0
        var value: Int128 = 0
        var margin: Int128 = 0
        for position in positions {
            realized += Int128(position.realizedPnl.units)
            unrealized += Int128(position.unrealizedPnl.units)
            value += Int128(position.positionValue.units)
            margin += Int128(position.positionValue.multiplied(by: position.initialMarginFraction).units) / 100
        }
        func clamped(_ units: Int128) -> FixedDecimal { FixedDecimal(units: Int64(clamping: units)) }
        collateral = clamped(realized)
        unrealizedPnl = clamped(unrealized)
        portfolioValue = clamped(realized + unrealized)
        positionValue = clamped(value)
        initialMarginRequirement = clamped(margin)
        availableBalance = clamped(max(0, realized + unrealized - margin))
        leverage = portfolioValue.units > 0 ? (positionValue.divided(by: portfolioValue) ?? .zero) : .zero
        marginUsage = portfolioValue.units > 0
            ? (initialMarginRequirement.multiplied(by: 100).divided(by: portfolioValue) ?? .zero) : .zero
        buyingPower = availableBalance.multiplied(by: Self.defaultMaxLeverage)
    }
}
