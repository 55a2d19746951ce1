import Foundation
import LighterProtocol

/// Finds a market by symbol or id in the venue's list, the way a perp hedge needs it.
public enum MarketResolver {
    /// Why a query names no usable market, with the known perp markets listed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The reason in words.
        public var description: String
    }

    /// `ETH`, `eth` or `0`. Spot markets (ids from 2048, `ETH/USDC`) are refused unless `allowSpot`.
    public static func resolve(_ query: String, in markets: [MarketInfo], allowSpot: Bool) throws(Failure) -> MarketInfo {
        let wanted = query.trimmingCharacters(in: .whitespaces)
        let found: MarketInfo?
        if let id = Int(wanted) {
            found = markets.first { $0.id == id }
            if found == nil {
                if MarketIndexClass(id) == .spot && !allowSpot {
                    throw Failure(description: "market \(id) is a spot market id (2048 and above); a perp hedge wants a perp market, or pass --force-spot")
                }
                throw Failure(description: "no market with id \(id); known perp markets: \(list(markets))")
            }
        } else {
            let upper = wanted.uppercased()
            found = markets.first { $0.symbol.uppercased() == upper && !$0.isSpot }
                ?? markets.first { $0.symbol.uppercased() == upper }
            if found == nil {
                throw Failure(description: "no market named '\(wanted)'; known perp markets: \(list(markets))")
            }
        }
        guard let market = found else { throw Failure(description: "no market '\(wanted)'") }
        if market.isSpot && !allowSpot {
            throw Failure(description: "\(market.symbol) (id \(market.id)) is a spot market; a perp hedge on it would not hedge. Use the perp symbol, or pass --force-spot")
        }
        return market
    }

    static func list(_ markets: [MarketInfo]) -> String {
        let perps = markets.filter { !$0.isSpot }.prefix(20).map { "\($0.symbol)=\($0.id)" }
        return perps.isEmpty ? "none" : perps.joined(separator: ", ")
    }
}
