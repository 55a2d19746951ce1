import LighterProtocol
import Testing

/// REST replies read as the venue writes them (the reference samples) and as it may vary.
struct RESTResponsesTests {
    @Test func positionsAreSignedPerMarketFromTheReferenceAccountSample() throws {
        let body = Array(try ReferenceSamples.text("ccxtstatic_rest_account_with_position.json").utf8)
        let positions = try RESTResponses.positions(body)
        #expect(positions == [0: FixedDecimal("18.0193")!])
    }

    @Test func aShortPositionIsNegativeAndNullPositionsAreNone() throws {
        let short = #"{"code":200,"accounts":[{"index":5,"positions":[{"market_id":1,"sign":-1,"position":"0.0500"},{"market_id":0,"sign":1,"position":"0"}]}]}"#
        #expect(try RESTResponses.positions(Array(short.utf8)) == [1: FixedDecimal("-0.05")!, 0: .zero])
        let none = #"{"code":200,"accounts":[{"index":5,"positions":null,"collateral":"1"}]}"#
        #expect(try RESTResponses.positions(Array(none.utf8)).isEmpty)
        #expect(throws: (any Error).self) { try RESTResponses.positions(Array(#"{"code":200,"accounts":[]}"#.utf8)) }
    }
}
