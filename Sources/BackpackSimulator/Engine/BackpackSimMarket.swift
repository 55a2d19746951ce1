import BackpackProtocol
import LighterProtocol

/// A market the simulator lists and trades: the venue's description plus where its random
/// walk starts. Prices are handled as ticks and quantities as steps ("lots"), both integers.
public struct BackpackSimMarket: Sendable, Hashable {
    /// The venue's description of the market.
    public var market: BackpackMarket
    /// Where the random walk starts.
    public var startPrice: FixedDecimal

    /// Creates a value from its parts.
    public init(market: BackpackMarket, startPrice: FixedDecimal) {
        self.market = market
        self.startPrice = startPrice
    }

    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String { market.symbol }

    /// `ETH`, `BTC`, `SOL` perps with plausible filters (the reference's ETH values); other
    /// bases get ETH's filters at a price of 100.
    public static func defaults(bases: [String] = ["ETH", "BTC", "SOL"]) -> [BackpackSimMarket] {
        bases.map { base in
            let (tick, step, minimum, start): (String, String, String, String) = switch base {
            case "BTC": ("0.1", "0.00001", "0.00001", "90000")
            case "ETH": ("0.01", "0.0001", "0.0001", "3000")
            case "SOL": ("0.01", "0.01", "0.01", "150")
            default: ("0.01", "0.0001", "0.0001", "100")
            }
            let market = BackpackMarket(
                symbol: "\(base)_USDC_PERP", baseSymbol: base, quoteSymbol: "USDC", tickSize: FixedDecimal(tick) ?? 1,
                minPrice: FixedDecimal(tick), maxPrice: 1_000_000, stepSize: FixedDecimal(step) ?? 1,
                minQuantity: FixedDecimal(minimum) ?? 1, createdAt: "2025-01-21T06:34:54.691858")
            return BackpackSimMarket(market: market, startPrice: FixedDecimal(start) ?? 100)
        }
    }

    /// The price of a tick count.
    func price(ticks: Int64) -> FixedDecimal { FixedDecimal(units: ticks &* market.tickSize.units) }
    /// The quantity of a lot count.
    func quantity(lots: Int64) -> FixedDecimal { FixedDecimal(units: lots &* market.stepSize.units) }
    /// The tick count of a price on the grid; nil off the grid.
    func ticks(_ price: FixedDecimal) -> Int64? {
        guard market.tickSize.units > 0, price.units % market.tickSize.units == 0 else { return nil }
        return price.units / market.tickSize.units
    }
    /// The lot count of a quantity on the grid; nil off the grid.
    func lots(_ quantity: FixedDecimal) -> Int64? {
        guard market.stepSize.units > 0, quantity.units % market.stepSize.units == 0 else { return nil }
        return quantity.units / market.stepSize.units
    }
    var startTicks: Int64 { max(1, startPrice.units / max(1, market.tickSize.units)) }
    /// The quote value of `lots` at `ticks`, exact in 128 bits then cut to eight digits.
    func quote(lots: Int64, ticks: Int64) -> FixedDecimal { quantity(lots: lots).multiplied(by: price(ticks: ticks)) }
}
