import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// The simulator's positions and balances agree with the fills it made, exactly: what an
/// account holds is the sum of its fills, and its collateral moved by the cash of its fills
/// less what the open position cost.
@Suite struct EngineAccountTests {
    static let account: Int64 = 31

    @Test func positionsAndCollateralAgreeWithTheFills() throws {
        let engine = ExchangeEngine(markets: SimMarket.defaults(symbols: ["ETH", "BTC"]), seed: 11)
        var random = SeededRandom(seed: 5)
        var now = EngineOverflowTests.t0
        var nonce: Int64 = 0
        // IOC orders crossing the touch on both markets, in random sizes: positions grow, shrink and flip.
        for step in 0..<160 {
            let market = step % 3 == 0 ? 1 : 0
            let isAsk = random.int(in: 0...1) == 1
            let base = market == 0 ? random.int(in: 50...9_000) : random.int(in: 20...400)
            guard let touch = isAsk ? engine.bestBid(market: market) : engine.bestAsk(market: market),
                  let decimals = engine.market(id: market)?.priceDecimals,
                  let limit = touch.multiplied(by: isAsk ? 98 : 102).divided(by: 100)?.floored(decimals: decimals)
                      .scaledInteger(decimals: decimals) else { throw HarnessError("no touch") }
            let tx = EngineOverflowTests.tx(account: Self.account, market: market, client: Int64(step + 1), base: base,
                                            price: limit, isAsk: isAsk, nonce: nonce, expiredAt: now + 599_000)
            if case .success = engine.submit(txType: 14, txInfoJSON: tx, nowMs: now) { nonce += 1 }
            now += 250
            _ = engine.tick(market: 0, nowMs: now)
            _ = engine.tick(market: 1, nowMs: now)
        }
        let fills = Array(engine.trades(account: Self.account, limit: .max).reversed())
        #expect(fills.count > 100)

        let start: FixedDecimal = 100_000
        let summary = SimAccountSummary(startingCollateral: start, positions: engine.positions(account: Self.account))
        var realized = Int128(0)
        for market in [0, 1] {
            let mine = fills.filter { $0.marketID == market }
            guard let sim = engine.market(id: market), let state = engine.positionStates[Self.account]?[market],
                  let position = engine.positions(account: Self.account).first(where: { $0.marketID == market }) else {
                Issue.record("no position in market \(market)")
                continue
            }
            // Held = bought − sold.
            var lots: Int64 = 0
            var cash = Int128(0)
            for fill in mine {
                let size = fill.size.scaledInteger(decimals: sim.sizeDecimals) ?? 0
                let quote = Int128(sim.quote(lots: size, ticks: fill.price.scaledInteger(decimals: sim.priceDecimals) ?? 0).units)
                if fill.bidAccountID == Self.account { lots += size; cash -= quote } else { lots -= size; cash += quote }
            }
            #expect(state.lots == lots, "market \(market)")
            #expect(position.sign == lots.signum() && position.position == sim.size(lots: abs(lots)))
            // Realized = cash of the fills + what the open position cost (long) or brought in (short).
            let sign = Int128(lots.signum())
            #expect(Int128(state.realized.units) == cash + sign * Int128(state.entryQuote.units), "market \(market)")
            realized += Int128(position.realizedPnl.units)
        }
        #expect(Int128(summary.collateral.units) == Int128(start.units) + realized)
        #expect(summary.portfolioValue == summary.collateral + summary.unrealizedPnl)
        #expect(summary.availableBalance <= summary.portfolioValue)
    }

    @Test func activityCountsEveryFillAndItsValue() {
        let engine = ExchangeEngine(markets: SimMarket.defaults(symbols: ["ETH"]), seed: 3)
        let now = EngineOverflowTests.t0
        var nonce: Int64 = 0
        for step in 0..<6 {
            guard let ask = engine.bestAsk(market: 0)?.multiplied(by: 101).divided(by: 100)?.floored(decimals: 2)
                .scaledInteger(decimals: 2) else { continue }
            let tx = EngineOverflowTests.tx(account: Self.account, client: Int64(step + 1), base: 100, price: ask,
                                            isAsk: false, nonce: nonce)
            if case .success = engine.submit(txType: 14, txInfoJSON: tx, nowMs: now) { nonce += 1 }
        }
        let fills = engine.trades(account: Self.account, limit: .max)
        let value = fills.reduce(FixedDecimal.zero) { $0 + $1.usdAmount }
        let today = engine.activity(account: Self.account, nowMs: now + 1000)
        #expect(today.total.trades == Int64(fills.count) && today.total.volume == value)
        #expect(today.daily == today.total && today.monthly == today.total)
        // Eight days on, the day and the week are empty, the month and the total are not.
        let later = engine.activity(account: Self.account, nowMs: now + 8 * 86_400_000)
        #expect(later.daily.trades == 0 && later.weekly.trades == 0)
        #expect(later.monthly == today.total && later.total == today.total)
    }
}
