import LighterProtocol

/// One market of the simulated exchange, with Lighter's integer scaling: a signed
/// `BaseAmount` is `size × 10^sizeDecimals`, a `Price` is `price × 10^priceDecimals`.
public struct SimMarket: Sendable, Hashable {
    /// The market index (perps from 0, spot from 2048).
    public var id: Int
    /// The symbol (`ETH`).
    public var symbol: String
    /// Fraction digits of sizes: a lot is 10^-sizeDecimals.
    public var sizeDecimals: Int
    /// Fraction digits of prices: a tick is 10^-priceDecimals.
    public var priceDecimals: Int
    /// Where the synthetic book's mid starts.
    public var startPrice: FixedDecimal
    /// The smallest order size.
    public var minBaseAmount: FixedDecimal
    /// Lighter's `min_quote_amount` (USDC).
    public var minQuoteAmount: FixedDecimal
    /// Spot markets (ids 2048+) are listed but not traded: the engine is perps only.
    public var isSpot: Bool

    /// Every field as documented on its property.
    public init(id: Int, symbol: String, sizeDecimals: Int, priceDecimals: Int, startPrice: FixedDecimal,
                minBaseAmount: FixedDecimal, minQuoteAmount: FixedDecimal = 10, isSpot: Bool = false) {
        self.id = id; self.symbol = symbol; self.sizeDecimals = sizeDecimals; self.priceDecimals = priceDecimals
        self.startPrice = startPrice; self.minBaseAmount = minBaseAmount; self.minQuoteAmount = minQuoteAmount
        self.isSpot = isSpot
    }

    /// ETH, BTC and SOL with the live venue's ids and decimals, other symbols with generic
    /// settings on the next free ids, plus the spot market 2048 `ETH/USDC` that REST lists.
    /// An empty list means ETH, BTC, SOL.
    public static func defaults(symbols: [String]) -> [SimMarket] {
        let wanted = symbols.isEmpty ? ["ETH", "BTC", "SOL"] : symbols
        var markets: [SimMarket] = []
        var nextGenericID = 3
        for raw in wanted {
            let symbol = raw.uppercased()
            guard !markets.contains(where: { $0.symbol == symbol }) else { continue }
            switch symbol {
            case "ETH":
                markets.append(SimMarket(id: 0, symbol: "ETH", sizeDecimals: 4, priceDecimals: 2,
                                         startPrice: 3000, minBaseAmount: FixedDecimal(units: 500_000)))  // 0.0050
            case "BTC":
                markets.append(SimMarket(id: 1, symbol: "BTC", sizeDecimals: 5, priceDecimals: 1,
                                         startPrice: 95000, minBaseAmount: FixedDecimal(units: 20_000)))  // 0.00020
            case "SOL":
                markets.append(SimMarket(id: 2, symbol: "SOL", sizeDecimals: 3, priceDecimals: 3,
                                         startPrice: 180, minBaseAmount: FixedDecimal(units: 10_000_000)))  // 0.100
            default:
                // A stable per-symbol price in 5...99 so generic markets differ from each other.
                let whole = Int64(5 + fnv1a64(Array(symbol.utf8), basis: fnvOffsetBasis) % 95)
                // Minimum size worth about 15 USDC, in whole lots of 0.01.
                let minLots = (1500 + whole - 1) / whole
                markets.append(SimMarket(id: nextGenericID, symbol: symbol, sizeDecimals: 2, priceDecimals: 4,
                                         startPrice: FixedDecimal(integerLiteral: whole),
                                         minBaseAmount: FixedDecimal(units: minLots * 1_000_000)))
                nextGenericID += 1
            }
        }
        markets.append(SimMarket(id: 2048, symbol: "ETH/USDC", sizeDecimals: 4, priceDecimals: 2,
                                 startPrice: 3000, minBaseAmount: FixedDecimal(units: 500_000), isSpot: true))
        return markets
    }
}

/// 10^exponent for the small exponents of market decimals (0...18).
func pow10(_ exponent: Int) -> Int64 {
    var result: Int64 = 1
    for _ in 0..<max(0, exponent) { result &*= 10 }
    return result
}

extension SimMarket {
    /// Integer lots (`BaseAmount` units) as a decimal size; zero when it does not fit, which
    /// the engine's bounds rule out for every order it accepted.
    func size(lots: Int64) -> FixedDecimal {
        checkedSize(lots: lots) ?? .zero
    }

    /// Integer ticks (`Price` units) as a decimal price; zero when it does not fit.
    func price(ticks: Int64) -> FixedDecimal {
        checkedPrice(ticks: ticks) ?? .zero
    }

    /// Quote value of `lots` at `ticks`, exact (8 digits hold every product of Lighter's
    /// 2-6 digit inputs); clamped when it does not fit.
    func quote(lots: Int64, ticks: Int64) -> FixedDecimal {
        price(ticks: ticks).multiplied(by: size(lots: lots))
    }

    /// `size(lots:)`, or nil when the size does not fit in a `FixedDecimal`.
    func checkedSize(lots: Int64) -> FixedDecimal? {
        FixedDecimal(scaledInteger: lots, decimals: sizeDecimals)
    }

    /// `price(ticks:)`, or nil when the price does not fit in a `FixedDecimal`.
    func checkedPrice(ticks: Int64) -> FixedDecimal? {
        FixedDecimal(scaledInteger: ticks, decimals: priceDecimals)
    }

    /// `quote(lots:ticks:)`, or nil when the size, the price or their product does not fit.
    func checkedQuote(lots: Int64, ticks: Int64) -> FixedDecimal? {
        guard let size = checkedSize(lots: lots), let price = checkedPrice(ticks: ticks) else { return nil }
        return price.checkedMultiplied(by: size)
    }

    /// The most lots a size in this market can hold.
    var maxLots: Int64 { Int64.max / pow10(FixedDecimal.fractionDigits - sizeDecimals) }

    var startTicks: Int64 { max(1, startPrice.floored(decimals: priceDecimals).scaledInteger(decimals: priceDecimals) ?? 1) }
    var minLots: Int64 { max(1, minBaseAmount.scaledInteger(decimals: sizeDecimals) ?? 1) }
}
