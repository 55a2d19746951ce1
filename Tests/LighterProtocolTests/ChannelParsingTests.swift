import Testing
@testable import LighterProtocol

/// The byte-level channel parser against a plain String model of the same rules, on random
/// names built from the pieces that matter (kinds, both separators, signs, big numbers).
@Suite struct ChannelParsingTests {
    /// The rules written the obvious way, with String splitting.
    static func model(_ text: String) -> StreamChannel? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).count > 1
            ? text.split(separator: "/", omittingEmptySubsequences: false)
            : text.split(separator: ":", omittingEmptySubsequences: false)
        guard let kind = parts.first else { return nil }
        let ids = Array(parts.dropFirst())
        func market(_ s: Substring) -> Int? { Int(s).flatMap { (0...4095).contains($0) ? $0 : nil } }
        func account(_ s: Substring) -> Int64? { Int64(s).flatMap { $0 >= 0 && $0 < (1 << 48) ? $0 : nil } }
        switch (kind, ids.count) {
        case ("order_book", 1): return market(ids[0]).map { .orderBook(market: $0) }
        case ("trade", 1): return market(ids[0]).map { .trade(market: $0) }
        case ("account_orders", 2):
            guard let m = market(ids[0]), let a = account(ids[1]) else { return nil }
            return .accountOrders(market: m, account: a)
        case ("account_all_orders", 1): return account(ids[0]).map { .accountAllOrders(account: $0) }
        case ("account_all_trades", 1): return account(ids[0]).map { .accountAllTrades(account: $0) }
        case ("account_all_positions", 1): return account(ids[0]).map { .accountAllPositions(account: $0) }
        case ("account_all", 1): return account(ids[0]).map { .accountAll(account: $0) }
        case ("market_stats", 1): return ids[0] == "all" ? .marketStats(market: nil) : market(ids[0]).map { .marketStats(market: $0) }
        case ("height", 0): return .height
        case ("order_book", _), ("trade", _), ("account_orders", _), ("account_all_orders", _), ("account_all_trades", _),
             ("account_all_positions", _), ("account_all", _), ("market_stats", _), ("height", _):
            return nil
        default:
            return text.isEmpty ? nil : .other(String(text.map { $0 == ":" ? "/" : $0 }))
        }
    }

    @Test func bytesParserAgreesWithTheModel() {
        let kinds = ["order_book", "trade", "account_orders", "account_all_orders", "account_all_trades",
                     "account_all_positions", "account_all", "market_stats", "height", "ticker", "", "order_boo", "heights"]
        let ids = ["0", "7", "4095", "4096", "-0", "+5", "-1", "", "all", "281474976710655", "281474976710656",
                   "99999999999999999999", "1a", " 1", "é"]
        var random = SeededRandom(seed: 42)
        func pick<T>(_ items: [T]) -> T { items[Int(random.int(in: 0...Int64(items.count - 1)))] }
        for _ in 0..<20_000 {
            var text = pick(kinds)
            let separator = pick(["/", ":", "/"])
            for _ in 0..<Int(random.int(in: 0...3)) {
                text += (random.chance(permille: 100) ? pick(["/", ":"]) : separator) + pick(ids)
            }
            #expect(StreamChannel(parsing: text) == Self.model(text), "\(text)")
        }
        for name in ["order_book/0", "account_orders:1:7", "market_stats/all", "height", "x:y"] {
            #expect(StreamChannel(parsing: name) == Self.model(name))
        }
    }
}
