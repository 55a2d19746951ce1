import BackpackProtocol
import LighterProtocol
import Testing

@Suite struct BackpackOrderBookTests {
    static let symbol = "ETH_USDC_PERP"

    static func level(_ price: String, _ size: String) -> PriceLevel {
        PriceLevel(price: FixedDecimal(price)!, size: FixedDecimal(size)!)
    }

    static func update(_ first: Int64, _ last: Int64, asks: [PriceLevel] = [], bids: [PriceLevel] = [],
                       symbol: String = symbol) -> BackpackDepthUpdate {
        BackpackDepthUpdate(symbol: symbol, firstUpdateID: first, lastUpdateID: last, asks: asks, bids: bids,
                            eventTime: 0, engineTime: 0)
    }

    static let snapshot = BackpackDepthSnapshot(
        asks: [level("100.1", "1"), level("100.2", "2")],
        bids: [level("99.8", "3"), level("99.9", "4")],  // ascending, best last, as the venue sends
        lastUpdateID: 100, timestamp: 0)

    @Test func updatesChainOnUEqualsPreviousUPlusOne() {
        var book = BackpackOrderBook(symbol: Self.symbol)
        #expect(book.apply(Self.update(101, 101)) == .notSynced)
        book.apply(Self.snapshot)
        #expect(book.bestBid == Self.level("99.9", "4"))
        #expect(book.apply(Self.update(101, 101, bids: [Self.level("99.95", "1")])) == .applied)
        #expect(book.bestBid == Self.level("99.95", "1"))
        #expect(book.apply(Self.update(102, 105, asks: [Self.level("100.1", "0")])) == .applied)
        #expect(book.bestAsk == Self.level("100.2", "2"))
        #expect(book.lastUpdateID == 105)
        #expect(book.apply(Self.update(104, 105)) == .stale(lastUpdateID: 105))
        #expect(book.apply(Self.update(107, 107)) == .gap(expected: 106, received: 107))
        #expect(!book.isSynced)
        #expect(book.bids.isEmpty)
        #expect(book.apply(Self.update(108, 108)) == .notSynced)
        #expect(book.apply(Self.update(1, 1, symbol: "BTC_USDC_PERP")) == .wrongSymbol("BTC_USDC_PERP"))
    }

    @Test func theFirstUpdateMayStraddleTheSnapshotButLaterOnesMayNot() {
        var book = BackpackOrderBook(symbol: Self.symbol)
        book.apply(Self.snapshot)
        #expect(book.apply(Self.update(95, 103, bids: [Self.level("99.9", "5")])) == .applied)
        #expect(book.bestBid == Self.level("99.9", "5"))
        #expect(book.apply(Self.update(103, 106)) == .gap(expected: 104, received: 103))
        // A first update that starts beyond the snapshot is a gap too.
        book.apply(Self.snapshot)
        #expect(book.apply(Self.update(102, 102)) == .gap(expected: 101, received: 102))
    }

    @Test func stringFormsOfOnePriceAreOneLevel() {
        var book = BackpackOrderBook(symbol: Self.symbol)
        book.apply(BackpackDepthSnapshot(asks: [Self.level("86700", "1")], bids: [], lastUpdateID: 1, timestamp: 0))
        #expect(book.apply(Self.update(2, 2, asks: [PriceLevel(price: FixedDecimal("86700.0")!, size: FixedDecimal("0.00000")!)])) == .applied)
        #expect(book.asks.isEmpty)
    }

    @Test func alignmentDropsStaleUpdatesAndNeedsAnOverlap() {
        let buffered = [Self.update(98, 99), Self.update(100, 100), Self.update(101, 101, asks: [Self.level("100.15", "1")]),
                        Self.update(102, 102)]
        let (book, outcome) = BackpackOrderBook.aligned(symbol: Self.symbol, snapshot: Self.snapshot, buffered: buffered)
        #expect(outcome == .synced(applied: 2, staleDropped: 2))
        #expect(book.lastUpdateID == 102)
        #expect(book.asks.map(\.price) == [FixedDecimal("100.1")!, FixedDecimal("100.15")!, FixedDecimal("100.2")!])

        let (_, tooOld) = BackpackOrderBook.aligned(symbol: Self.symbol, snapshot: Self.snapshot,
                                                    buffered: [Self.update(103, 103), Self.update(104, 104)])
        #expect(tooOld == .snapshotTooOld(snapshotID: 100, firstU: 103))

        let (holed, gap) = BackpackOrderBook.aligned(symbol: Self.symbol, snapshot: Self.snapshot,
                                                     buffered: [Self.update(101, 101), Self.update(103, 103)])
        #expect(gap == .gap(expected: 102, received: 103))
        #expect(!holed.isSynced)

        // The REST book ahead of every buffered update: seeded, waiting for the next one.
        let (ahead, waiting) = BackpackOrderBook.aligned(symbol: Self.symbol, snapshot: Self.snapshot, buffered: [Self.update(99, 99)])
        #expect(waiting == .synced(applied: 0, staleDropped: 1))
        #expect(ahead.isSynced)
    }
}
