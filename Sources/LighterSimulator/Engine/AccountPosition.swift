import LighterProtocol

/// An account's position in one market, exact: signed size in lots and the cost basis of
/// the open size in quote.
struct AccountPosition {
    var lots: Int64 = 0
    var entryQuote: FixedDecimal = .zero
    var realized: FixedDecimal = .zero
}
