import Foundation
import LighterProtocol
@testable import LighterSimulator
import LighterTestSupport
import Testing

/// The simulator never traps on transaction values: orders it could not book exactly are
/// refused with the venue's "invalid tx info", and what it accepts keeps positions exact.
@Suite struct EngineOverflowTests {
    static let t0: Int64 = 1_780_000_000_000
    static let maxBase: Int64 = (1 << 48) - 1
    static let maxPrice = Int64(UInt32.max)

    /// A create-order tx_info with a placeholder signature (for the engine, or a simulator in
    /// `unverified-signatures` mode, where signing hundreds of orders would only cost time).
    static func tx(account: Int64, market: Int = 0, client: Int64 = 0, base: Int64, price: Int64, isAsk: Bool,
                   type: Int = 0, tif: Int = 0, reduceOnly: Int = 0, expiry: Int64 = 0, nonce: Int64,
                   expiredAt: Int64 = t0 + 599_000) -> String {
        "{\"AccountIndex\":\(account),\"ApiKeyIndex\":0,\"MarketIndex\":\(market),\"ClientOrderIndex\":\(client),"
            + "\"BaseAmount\":\(base),\"Price\":\(price),\"IsAsk\":\(isAsk ? 1 : 0),\"Type\":\(type),"
            + "\"TimeInForce\":\(tif),\"ReduceOnly\":\(reduceOnly),\"TriggerPrice\":0,\"OrderExpiry\":\(expiry),"
            + "\"ExpiredAt\":\(expiredAt),\"Nonce\":\(nonce),\"Sig\":\"AAAA\",\"L2TxAttributes\":null}"
    }

    /// 0..<count.
    static func pick(_ count: Int, _ random: inout SeededRandom) -> Int { Int(random.int(in: 0...Int64(count - 1))) }

    static func code(_ result: Result<TxAccepted, ErrorFrame>) -> Int? {
        if case .failure(let error) = result { return error.code }
        return nil
    }

    @Test func theReportedPairIsRefusedWithInvalidTxInfo() {
        let engine = ExchangeEngine(markets: SimMarket.defaults(symbols: []), seed: 7)
        let ask = Self.tx(account: 11, base: Self.maxBase, price: Self.maxPrice, isAsk: true, tif: 1,
                          expiry: Self.t0 + 60_000, nonce: 0)
        let bid = Self.tx(account: 12, base: Self.maxBase, price: Self.maxPrice, isAsk: false, nonce: 0)
        #expect(Self.code(engine.submit(txType: 14, txInfoJSON: ask, nowMs: Self.t0)) == VenueErrorCode.invalidTxInfo.rawValue)
        #expect(Self.code(engine.submit(txType: 14, txInfoJSON: bid, nowMs: Self.t0)) == VenueErrorCode.invalidTxInfo.rawValue)
        #expect(VenueErrorCode.invalidTxInfo.rawValue == 21501)
        // Refused txs consume no nonce, and the engine keeps trading.
        #expect(engine.nextNonce(account: 11, apiKeyIndex: 0) == 0)
        let normal = Self.tx(account: 12, base: 100, price: 400_000, isAsk: false, nonce: 0)
        #expect(Self.code(engine.submit(txType: 14, txInfoJSON: normal, nowMs: Self.t0)) == nil)
        #expect(engine.positions(account: 12).first?.position == FixedDecimal(units: 1_000_000))
    }

    @Test func theReportedPairOverTheWireGetsErrorFramesAndTheServerLives() async throws {
        try await withSimulator({ $0.authMode = .unverifiedSignatures; $0.updatesPerSecond = 2 }) { endpoints, _ in
            let client = try await PlainStreamClient.connect(endpoints.webSocketURL)
            let expiry = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
            try await client.send(.sendTx(id: "ask", txType: 14, txInfoJSON: createOrderTx(
                account: 13, market: 0, clientOrderIndex: 1, baseAmount: Self.maxBase, price: Self.maxPrice,
                isAsk: true, timeInForce: 1, nonce: 0, orderExpiry: expiry)))
            try await client.send(.sendTx(id: "bid", txType: 14, txInfoJSON: createOrderTx(
                account: 14, market: 0, clientOrderIndex: 2, baseAmount: Self.maxBase, price: Self.maxPrice,
                isAsk: false, nonce: 0)))
            for id in ["ask", "bid"] {
                try await client.waitFor("refusal of \(id)") { if case .error(let e) = $0 { e.id == id && e.code == 21501 } else { false } }
            }
            try await client.send(.ping)
            try await client.waitFor("pong") { if case .pong = $0 { true } else { false } }
            await client.close()
        }
    }

    /// Random orders at the edges of every field (Int64 and UInt32 limits, the venue's ranges,
    /// just past them), interleaved with market ticks that fill resting orders: nothing traps,
    /// and every position is exactly the account's buys minus its sells.
    @Test func extremeValuesNeverTrapAndPositionsStayExact() throws {
        let markets = SimMarket.defaults(symbols: ["ETH", "BTC", "SOL", "DOGE"])
        let engine = ExchangeEngine(markets: markets, seed: 3)
        var random = SeededRandom(seed: 99)
        let accounts: [Int64] = [21, 22, 23]
        let bases: [Int64] = [.max, .min, -1, 0, 1, Self.maxBase, 1 << 48, Self.maxBase / 2, 1 << 40, 1 << 30, 1 << 24,
                              Int64(UInt32.max), 100, 1_000, 50_000]
        let prices: [Int64] = [.max, .min, -1, 0, 1, Self.maxPrice, Self.maxPrice + 1, Self.maxPrice / 2, 1 << 24,
                               300_000, 9_500_000, 180_000, 2]
        var accepted = 0, refused = 0
        for step in 0..<3_000 {
            let market = [0, 1, 2, 3, 2048, 77][Self.pick(6, &random)]
            let account = accounts[Self.pick(accounts.count, &random)]
            let base = random.chance(permille: 800) ? bases[Self.pick(bases.count, &random)] : random.int(in: 1...Self.maxBase)
            let price = random.chance(permille: 800) ? prices[Self.pick(prices.count, &random)] : random.int(in: 1...Self.maxPrice)
            let tif = Self.pick(3, &random)
            let json = Self.tx(account: account, market: market, client: Int64(step + 1), base: base, price: price,
                               isAsk: random.chance(permille: 500), type: tif == 0 && random.chance(permille: 300) ? 1 : 0, tif: tif,
                               reduceOnly: random.chance(permille: 150) ? 1 : 0, expiry: tif == 0 ? 0 : Self.t0 + 3_600_000,
                               nonce: engine.nextNonce(account: account, apiKeyIndex: 0))
            switch engine.submit(txType: 14, txInfoJSON: json, nowMs: Self.t0 + Int64(step)) {
            case .success: accepted += 1
            case .failure: refused += 1
            }
            if step % 10 == 0 { for id in [0, 1, 2, 3] { _ = engine.tick(market: id, nowMs: Self.t0 + Int64(step)) } }
            if step % 100 == 99, let problem = Self.insanity(engine, accounts: accounts, markets: markets) {
                Issue.record("step \(step): \(problem)")
                return
            }
        }
        #expect(accepted > 100 && refused > 100, "accepted \(accepted), refused \(refused)")
        #expect(Self.insanity(engine, accounts: accounts, markets: markets) == nil)
    }

    /// What is wrong with the engine's books, if anything: a position that is not the sum of the
    /// account's fills, a fill or order amount that did not fit.
    static func insanity(_ engine: ExchangeEngine, accounts: [Int64], markets: [SimMarket]) -> String? {
        for account in accounts {
            var net: [Int: Int128] = [:]
            for trade in engine.trades(account: account, limit: .max) {
                guard trade.size > .zero, trade.price > .zero, trade.usdAmount >= .zero else { return "trade \(trade)" }
                if trade.bidAccountID == account { net[trade.marketID, default: 0] += Int128(trade.size.units) }
                if trade.askAccountID == account { net[trade.marketID, default: 0] -= Int128(trade.size.units) }
            }
            for position in engine.positions(account: account) {
                let signed = Int128(position.sign) * Int128(position.position.units)
                if signed != net[position.marketID, default: 0] {
                    return "account \(account) market \(position.marketID): position \(signed), fills \(net[position.marketID, default: 0])"
                }
                if position.avgEntryPrice.isNegative || (position.sign == 0) != position.position.isZero {
                    return "account \(account): \(position)"
                }
            }
            for order in engine.orders(account: account) {
                if order.filledBaseAmount.isNegative || order.filledBaseAmount > order.initialBaseAmount
                    || order.filledQuoteAmount.isNegative || order.initialBaseAmount <= .zero || order.price <= .zero {
                    return "order \(order)"
                }
            }
        }
        return nil
    }
}
