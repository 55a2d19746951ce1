import LighterProtocol
import Testing

/// The venue's market numbering, the one rule every target asks.
@Suite struct MarketIndexClassTests {
    @Test func indexesAreClassedByTheVenuesRanges() {
        #expect(MarketIndexClass(0) == .perp && MarketIndexClass(254) == .perp)
        #expect(MarketIndexClass(255) == .invalid && MarketIndexClass(2047) == .invalid && MarketIndexClass(-1) == .invalid)
        #expect(MarketIndexClass(2048) == .spot && MarketIndexClass(4094) == .spot)
        #expect(MarketIndexClass(4095) == .invalid)
        let spotByIndex = MarketInfo(id: 2049, symbol: "BTC/USDC", marketType: "", status: "active", sizeDecimals: 5, priceDecimals: 1)
        #expect(spotByIndex.isSpot)
        let perp = MarketInfo(id: 3, symbol: "DOGE", marketType: "perp", status: "active", sizeDecimals: 0, priceDecimals: 6)
        #expect(!perp.isSpot)
    }
}
