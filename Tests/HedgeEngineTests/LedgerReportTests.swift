import Foundation
import HedgeEngine
import LighterProtocol
import Testing

/// The ledger report on ledgers the real engine wrote against the fake venues: known fills at
/// known prices give known slippage, PnL, fees, latencies and unhedged legs.
@Suite struct LedgerReportTests {
    typealias H = EngineHarness

    /// Starts and rests a buy quote at 3000.00 (one tick under a 3000.01 ask).
    static func quoteAt3000(_ h: EngineHarness) async throws -> MakerOrder {
        try await h.send(.start)
        try await h.ready(makerBid: "2999.5", makerAsk: "3000.01")
        let quote = try #require(h.maker.placed.last)
        try await h.maker(.accepted(clientOrderID: quote.clientOrderID, venueOrderID: "bp-\(quote.clientOrderID)"))
        #expect(quote.price == dec("3000") && quote.side == .buy)
        return quote
    }

    /// The hedge venue fills `order` by `quantity` at `price` (not the order's limit) with a fee,
    /// then ends it: filled, or canceled with the rest.
    static func fillHedge(_ h: EngineHarness, _ order: HedgeOrder, _ quantity: String, at price: String,
                          fee: String = "0", id: String) async throws {
        try await h.hedge(.fill(VenueFill(fillID: id, clientOrderID: order.clientOrderID, side: order.side, price: dec(price),
                                          quantity: dec(quantity), fee: dec(fee), feeAsset: "USDC")))
        let status: HedgeOutcome.Status = dec(quantity) == order.quantity ? .filled : .canceled(reason: "canceled-not-enough-liquidity")
        try await h.hedge(.outcome(clientOrderID: order.clientOrderID, HedgeOutcome(status: status, filledQuantity: dec(quantity))))
    }

    /// Round 0: a maker buy of 0.05 at 3000.00 hedged in full at 3001.50, 12 ms later.
    /// Round 1: a maker buy of 0.04 at 3000.00, hedged 0.03 at 2999.00; the 0.01 left is being
    /// hedged again when the report is read.
    static func twoRounds() async throws -> EngineHarness {
        let h = try H.make()
        let first = try await quoteAt3000(h)
        try await h.fillMaker(first, "0.05")
        let hedge = try #require(h.hedge.placed.last)
        h.clock.advance(ms: 12)
        try await fillHedge(h, hedge, "0.05", at: "3001.5", fee: "0.0045", id: "h1")
        #expect(await h.status.roundsDone == 1)

        let second = try #require(h.maker.placed.last)
        #expect(second.clientOrderID != first.clientOrderID && second.price == dec("3000"))
        try await h.maker(.accepted(clientOrderID: second.clientOrderID, venueOrderID: "bp-2"))
        try await h.fillMaker(second, "0.04")
        let partial = try #require(h.hedge.placed.last)
        #expect(partial.quantity == dec("0.04"))
        h.clock.advance(ms: 3)
        try await fillHedge(h, partial, "0.03", at: "2999", id: "h2")
        let again = try #require(h.hedge.placed.last)
        #expect(again.quantity == dec("0.01") && again.clientOrderID != partial.clientOrderID)
        return h
    }

    @Test func aFillAt3000HedgedAt3001Point5GivesItsSlippageAndPnLAndAPartialHedgeLeavesAnUnhedgedLeg() async throws {
        let h = try await Self.twoRounds()
        let report = try LedgerReport(ledger: h.ledger)
        #expect(report.maker == "backpack ETH_USDC_PERP" && report.hedge == "lighter ETH" && report.quoteAsset == "USDC")
        #expect(report.phase == .running && report.roundsDone == 1)
        #expect(report.pairs.map(\.id) == [1, 3])

        let first = report.pairs[0]
        #expect(first.round == 0 && first.fill.venue == .maker && first.fill.side == .buy && first.fill.price == dec("3000")
                && first.quantity == dec("0.05") && first.hedged == dec("0.05") && first.open == .zero)
        let leg = try #require(first.legs.first)
        #expect(first.legs.count == 1 && leg.fill.venue == .hedge && leg.fill.role == .hedge && leg.fill.side == .sell
                && leg.fill.fillID == "h1")
        // Sold 1.50 above the maker buy: a gain, so negative slippage; 1.50 / 3000 = 5 bps.
        #expect(leg.fill.price == dec("3001.5") && leg.quantity == dec("0.05"))
        #expect(leg.slippagePerUnit == dec("-1.5") && leg.slippage == dec("-0.075") && leg.slippageBps == dec("-5"))
        #expect(leg.grossPnL == dec("0.075") && leg.fee == dec("0.0045") && leg.latencyMicros == 12_000)
        // The maker fee (0.01) and the hedge fee (0.0045) fall on the pair.
        #expect(first.grossPnL == dec("0.075") && first.fees == ["USDC": dec("0.0145")] && first.netPnL == dec("0.0605"))

        let second = report.pairs[1]
        #expect(second.round == 1 && second.quantity == dec("0.04") && second.hedged == dec("0.03") && second.open == dec("0.01"))
        let short = try #require(second.legs.first)
        // Sold 1.00 under the maker buy: a cost; 1 / 3000 = 3.33333333… bps, cut at 8 digits.
        #expect(short.slippagePerUnit == dec("1") && short.slippage == dec("0.03") && short.slippageBps == dec("3.33333333"))
        #expect(short.grossPnL == dec("-0.03") && short.latencyMicros == 3_000)
        #expect(second.netPnL == dec("-0.04"))

        let unhedged = try #require(report.unhedged.first)
        #expect(report.unhedged.count == 1)
        #expect(unhedged.pairID == 3 && unhedged.round == 1 && unhedged.fill == second.fill && unhedged.fill.side == .buy
                && unhedged.quantity == dec("0.01"))
        #expect(report.positions.map(\.name) == ["backpack", "lighter"])
        #expect(report.positions.map(\.position) == [dec("0.09"), dec("-0.08")])
        #expect(report.nakedExposure == dec("0.01"))
        #expect(report.fees.map { "\($0.venue.rawValue) \($0.name) \($0.asset) \($0.amount)" }
                == ["maker backpack USDC 0.02", "hedge lighter USDC 0.0045"])

        #expect(report.rounds.map(\.round) == [0, 1])
        #expect(report.rounds[0].sum.grossPnL == dec("0.075") && report.rounds[0].sum.netPnL == dec("0.0605"))
        #expect(report.rounds[1].sum.grossPnL == dec("-0.03") && report.rounds[1].sum.netPnL == dec("-0.04")
                && report.rounds[1].sum.open == dec("0.01"))
        let total = report.total
        #expect(total.pairs == 2 && total.quantity == dec("0.09") && total.hedged == dec("0.08") && total.open == dec("0.01"))
        #expect(total.grossPnL == dec("0.045") && total.fees == ["USDC": dec("0.0245")] && total.netPnL == dec("0.0205"))
        #expect(report.unattributedFees.isEmpty)

        // Both hedges were sent in reaction to their maker fill (0 µs); the re-hedge waited for
        // the first one's outcome, 3 ms after the fill. Hedge fills came 12 and 3 ms after.
        #expect(report.latency.toHedgeSent == LatencyPercentiles(micros: [0, 0, 3_000]))
        #expect(report.latency.toHedgeSent.p50Micros == 0 && report.latency.toHedgeSent.maxMicros == 3_000)
        #expect(report.latency.toHedgeFill.count == 2 && report.latency.toHedgeFill.p50Micros == 3_000
                && report.latency.toHedgeFill.p99Micros == 12_000)
    }

    @Test func oneHedgeCoveringTwoMakerFillsSplitsItsFeeExactly() async throws {
        let h = try H.make()
        let quote = try await Self.quoteAt3000(h)
        // The hedge book goes stale: two maker fills wait, then one hedge covers both.
        h.clock.advance(ms: 6_000)
        try await h.maker(.book(BookTop(bid: dec("2999.5"), ask: dec("3000.01"))))
        try await h.fillMaker(quote, "0.02")
        try await h.fillMaker(quote, "0.01")
        #expect(h.hedge.placed.isEmpty)
        h.clock.advance(ms: 40)
        try await h.hedge(.book(BookTop(bid: dec("3000.1"), ask: dec("3000.3"))))
        let hedge = try #require(h.hedge.placed.first)
        #expect(hedge.quantity == dec("0.03"))
        try await Self.fillHedge(h, hedge, "0.03", at: "2999.99", fee: "0.0001", id: "h1")

        let report = try LedgerReport(ledger: h.ledger)
        #expect(report.pairs.count == 2 && report.unhedged.isEmpty && report.nakedExposure == .zero)
        #expect(report.pairs.map { $0.legs.map(\.fill.fillID) } == [["h1"], ["h1"]])
        #expect(report.pairs.map { $0.legs[0].quantity } == [dec("0.02"), dec("0.01")])
        // 0.0001 in thirds: 0.00006666 to the first pair, the rest (0.00003334) to the second.
        #expect(report.pairs.map { $0.legs[0].fee } == [dec("0.00006666"), dec("0.00003334")])
        #expect(report.pairs.map(\.grossPnL) == [dec("-0.0002"), dec("-0.0001")])
        #expect(report.total.fees == ["USDC": dec("0.0201")] && report.unattributedFees.isEmpty)
        #expect(report.total.netPnL == dec("-0.0204"))
        // The hedge went 40 ms after the first fill it covers, when the hedge book came back.
        #expect(report.latency.toHedgeSent == LatencyPercentiles(micros: [40_000]))
        #expect(report.latency.toHedgeFill == LatencyPercentiles(micros: [40_000]))
    }

    @Test func aFlattenFillIsALegOfThePairItClosesNotAPairOfItsOwn() async throws {
        let h = try H.make(H.configuration { $0.hedgeMaxAttempts = 1; $0.policy = .flatten })
        let quote = try await Self.quoteAt3000(h)
        try await h.fillMaker(quote, "0.02")
        try await h.fillHedge(try #require(h.hedge.placed.last), "0")
        try await h.maker(.cancelResult(clientOrderID: quote.clientOrderID, .closed(executedQuantity: dec("0.02"))))
        let flatten = try #require(h.maker.placed.last)
        #expect(flatten.kind == .immediateOrCancel)
        try await h.maker(.fill(VenueFill(fillID: "f1", clientOrderID: flatten.clientOrderID, side: .sell, price: dec("2999.5"),
                                          quantity: dec("0.02"), fee: dec("0.02"), feeAsset: "USDC")))
        let report = try LedgerReport(ledger: h.ledger)
        #expect(report.pairs.count == 1 && report.unhedged.isEmpty && report.nakedExposure == .zero)
        let leg = try #require(report.pairs.first?.legs.first)
        #expect(leg.fill.role == .flatten && leg.fill.venue == .maker && leg.slippagePerUnit == dec("0.5") && leg.grossPnL == dec("-0.01"))
        // 0.5 × 0.02 lost, and both maker fees (0.01 and 0.02).
        #expect(report.total.netPnL == dec("-0.04"))
        // The ledger's pairs agree: the flatten fill opened nothing.
        #expect(try h.ledger.pairs().map(\.open) == [.zero])
    }

    @Test func aFillArrivingAfterItsReportedExecutionPaysItsFeeIntoThatPair() async throws {
        let h = try H.make()
        let quote = try await Self.quoteAt3000(h)
        // The venue states the execution before the fill event: hedged at once from that.
        try await h.maker(.orderUpdate(clientOrderID: quote.clientOrderID, status: .partiallyFilled, executedQuantity: dec("0.02")))
        let hedge = try #require(h.hedge.placed.last)
        try await Self.fillHedge(h, hedge, "0.02", at: "3000.5", id: "h1")
        try await h.fillMaker(quote, "0.02")
        let report = try LedgerReport(ledger: h.ledger)
        let pair = try #require(report.pairs.first)
        #expect(report.pairs.count == 1 && pair.fill.role == .reported && pair.quantity == dec("0.02") && pair.open == .zero)
        #expect(pair.grossPnL == dec("0.01") && pair.fees == ["USDC": dec("0.01")] && pair.netPnL == .zero)
        #expect(report.unattributedFees.isEmpty && report.total.netPnL == .zero && report.nakedExposure == .zero)
    }

    @Test func theJSONKeepsAmountsExactAndDecodesBack() async throws {
        let h = try await Self.twoRounds()
        let report = try LedgerReport(ledger: h.ledger)
        let data = report.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"slippageBps\" : \"-5\""))
        #expect(text.contains("\"slippageBps\" : \"3.33333333\""))
        #expect(text.contains("\"netPnL\" : \"0.0205\""))
        #expect(try JSONDecoder().decode(LedgerReport.self, from: data) == report)
    }

    @Test func theTextIsAShortAlignedTable() async throws {
        let h = try await Self.twoRounds()
        let text = try LedgerReport(ledger: h.ledger).renderText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Hedge ledger: backpack ETH_USDC_PERP → lighter ETH · running, rounds done: 1")
        let header = try #require(lines.first { $0.hasPrefix("  pair") })
        let p1 = try #require(lines.first { $0.hasPrefix("  P1 ") })
        let p3 = try #require(lines.first { $0.hasPrefix("  P3 ") })
        // Right-aligned columns end where their header ends.
        let pnlEnd = try #require(header.range(of: "pnl")).upperBound
        #expect(p1[..<p1.index(p1.startIndex, offsetBy: header.distance(from: header.startIndex, to: pnlEnd))].hasSuffix("0.075"))
        #expect(p1.contains("hedge sell") && p1.contains("3001.5") && p1.contains("-1.5") && p1.contains("-5.00"))
        #expect(p3.contains("2999") && p3.contains("3.33") && p3.hasSuffix("0.01"))
        #expect(lines.contains { $0.hasPrefix("  P3") && $0.contains("maker") && $0.contains("0.01") && $0.contains("round 1") })
        #expect(lines.contains { $0.hasPrefix("total") && $0.hasSuffix("0.0205") && $0.contains("0.0245 USDC") })
        #expect(lines.contains("Positions backpack 0.09 · lighter -0.08 · naked 0.01"))
        #expect(lines.count < 25)
    }

    @Test func aReaderOpensTheLedgerReadOnlyBesideTheEngine() async throws {
        let h = try await Self.twoRounds()
        let reader = try HedgeLedger(readingAt: h.path)
        #expect(reader.isReadOnly)
        #expect(try LedgerReport(ledger: reader) == LedgerReport(ledger: h.ledger))
        #expect(throws: LedgerError.self) { try reader.write([.alert(EngineAlert(level: .info, message: "x", atMs: 1))]) }
        // The engine writes on while the reader is open.
        let again = try #require(h.hedge.placed.last)
        try await Self.fillHedge(h, again, "0.01", at: "3000", id: "h3")
        #expect(try LedgerReport(ledger: reader).unhedged.isEmpty)
    }

    @Test func aClosedLedgerIsReadableAndOtherFilesAreRefusedInOneLine() throws {
        let path = H.temporaryLedgerPath()
        do {
            let ledger = try HedgeLedger(path: path, maker: H.markets.maker, hedge: H.markets.hedge)
            try ledger.write([.fill(LedgerTests.fill(.maker, "t1", .buy, "0.01"))])
        }
        // Its log folded in and removed on close: read-only must still open it.
        #expect(try LedgerReport(ledger: HedgeLedger(readingAt: path)).pairs.count == 1)

        let directory = (path as NSString).deletingLastPathComponent
        func refusal(_ path: String) -> String {
            do { _ = try HedgeLedger(readingAt: path); return "opened" } catch { return error.description }
        }
        #expect(refusal(directory + "/missing.sqlite") == "no ledger at \(directory)/missing.sqlite: no such file")
        #expect(refusal(directory).hasSuffix("is a directory, not a ledger file"))
        let text = directory + "/notes.txt"
        try "not a database, just words\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(refusal(text) == "\(text) is not a hedge ledger (file is not a database)")
        let empty = directory + "/empty.sqlite"
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(refusal(empty) == "\(empty) is an SQLite database but not a hedge ledger (no meta table)")
        for message in [refusal(directory + "/missing.sqlite"), refusal(text), refusal(empty)] { #expect(!message.contains("\n")) }
    }

    @Test func theDefaultLedgerLivesBesideTheJournals() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("hedge-state-\(UUID().uuidString)").path
        let environment = ["LIGHTER_HEDGE_STATE_DIR": state]
        #expect(HedgeLedger.defaultDirectory(environment: environment) == state + "/ledgers")
        #expect(HedgeLedger.defaultDirectory(environment: ["HOME": "/home/op"]) == "/home/op/.local/state/lighter-hedge/ledgers")
        let eth = HedgeLedger.defaultPath(maker: H.markets.maker, hedge: H.markets.hedge, environment: environment)
        #expect(eth == state + "/ledgers/backpack-ETH_USDC_PERP__lighter-ETH.sqlite")
        #expect(throws: LedgerError.self) { try HedgeLedger.defaultLedger(environment: environment) }

        try FileManager.default.createDirectory(atPath: state + "/ledgers", withIntermediateDirectories: true)
        _ = try HedgeLedger(path: eth, maker: H.markets.maker, hedge: H.markets.hedge)
        #expect(try HedgeLedger.defaultLedger(environment: environment) == eth)
        let btcMarkets = (VenueMarket(venue: "backpack", symbol: "BTC_USDC_PERP"), VenueMarket(venue: "lighter", symbol: "BTC"))
        let btc = HedgeLedger.defaultPath(maker: btcMarkets.0, hedge: btcMarkets.1, environment: environment)
        _ = try HedgeLedger(path: btc, maker: btcMarkets.0, hedge: btcMarkets.1)
        do {
            _ = try HedgeLedger.defaultLedger(environment: environment)
            Issue.record("two ledgers: a reader must be told to choose")
        } catch {
            #expect(error.description.contains("2 ledgers") && error.description.contains("--ticker"))
        }
        #expect(try HedgeLedger.defaultLedger(ticker: "btc", environment: environment) == btc)
        #expect(try HedgeLedger.defaultLedger(ticker: "ETH_USDC_PERP", environment: environment) == eth)
        #expect(throws: LedgerError.self) { try HedgeLedger.defaultLedger(ticker: "SOL", environment: environment) }
    }

    @Test func percentilesAreNearestRank() {
        let hundred = LatencyPercentiles(micros: (1...100).reversed().map { Int64($0) })
        #expect(hundred.count == 100 && hundred.p50Micros == 50 && hundred.p99Micros == 99 && hundred.maxMicros == 100)
        let one = LatencyPercentiles(micros: [7])
        #expect(one.p50Micros == 7 && one.p99Micros == 7 && one.maxMicros == 7)
        let none = LatencyPercentiles(micros: [])
        #expect(none.count == 0 && none.p50Micros == nil && none.maxMicros == nil)
    }
}
