import Foundation
import HedgeEngine
import LighterProtocol
import Synchronization
import Testing

/// The ledger on its own: what goes in comes back exactly, pairs, positions, fees, CSV.
@Suite struct LedgerTests {
    typealias H = EngineHarness

    static func ledger(_ path: String = H.temporaryLedgerPath(), durability: LedgerDurability = .full) throws -> HedgeLedger {
        try HedgeLedger(path: path, maker: H.markets.maker, hedge: H.markets.hedge, durability: durability)
    }

    static func fill(_ venue: VenueRole, _ id: String, _ side: TradeSide, _ quantity: String, price: String = "3000.25",
                     role: LedgerFill.Role? = nil, latency: Int64? = nil) -> LedgerFill {
        LedgerFill(venue: venue, fillID: id, clientOrderID: venue == .maker ? 1 : 2,
                   role: role ?? (venue == .maker ? .quote : .hedge), side: side, price: dec(price), quantity: dec(quantity),
                   counted: dec(quantity), fee: dec("0.015"), feeAsset: "USDC", venueTimeMs: 1_767_225_600_123,
                   receivedMs: 1_767_225_600_200, latencyMicros: latency)
    }

    @Test func ordersFillsAndTheCheckpointComeBackExactly() throws {
        let ledger = try Self.ledger()
        let order = LedgerOrder(venue: .hedge, clientOrderID: 180_000_000_000_001, venueOrderID: "0xfeed", role: .hedge, side: .sell,
                                price: dec("2985.1"), quantity: dec("0.0123"), status: .canceled, executed: dec("0.01"),
                                reason: "canceled: canceled-not-enough-liquidity", round: 3, createdMs: 5, updatedMs: 9,
                                latencyMicros: 412)
        let checkpoint = EngineCheckpoint(phase: .closing, roundsDone: 4, direction: .sell, roundSide: .buy,
                                          roundTarget: dec("0.05"), roundFilled: dec("0.0101"), updatedMs: 77)
        try ledger.write([.order(order), .fill(Self.fill(.maker, "t1", .buy, "0.0123")), .checkpoint(checkpoint)])
        let snapshot = try ledger.snapshot()
        #expect(snapshot.orders == [order])
        #expect(snapshot.checkpoint == checkpoint)
        var expected = Self.fill(.maker, "t1", .buy, "0.0123")
        expected.sequence = 1
        #expect(snapshot.fills == [expected])
    }

    @Test func aFillIsRecordedOnceAndAFailedWriteLeavesNothingHalfDone() throws {
        let ledger = try Self.ledger()
        try ledger.write([.fill(Self.fill(.maker, "t1", .buy, "0.01"))])
        // The same fill id again fails the whole transaction: the alert with it is not kept either.
        #expect(throws: LedgerError.self) {
            try ledger.write([.alert(EngineAlert(level: .info, message: "x", atMs: 1)), .fill(Self.fill(.maker, "t1", .buy, "0.01"))])
        }
        #expect(try ledger.fills().count == 1)
        #expect(try ledger.alerts().isEmpty)
    }

    @Test func pairsPositionsAndFees() throws {
        let ledger = try Self.ledger()
        let maker = Self.fill(.maker, "t1", .buy, "0.05")
        let first = Self.fill(.hedge, "h1", .sell, "0.03", price: "3000.1", latency: 1_500)
        let second = Self.fill(.hedge, "h2", .sell, "0.02", price: "2999.9", latency: 250_000)
        try ledger.write([.fill(maker), .fill(first), .link(PairLink(exposure: maker.key, offset: first.key, quantity: dec("0.03"))),
                          .fill(second), .link(PairLink(exposure: maker.key, offset: second.key, quantity: dec("0.02"))),
                          .fill(Self.fill(.maker, "t2", .buy, "0.01"))])
        let pairs = try ledger.pairs()
        #expect(pairs.count == 2)
        #expect(pairs[0].exposure.fillID == "t1" && pairs[0].offsets.map(\.fill.fillID) == ["h1", "h2"] && pairs[0].open == .zero)
        #expect(pairs[1].exposure.fillID == "t2" && pairs[1].offsets.isEmpty && pairs[1].open == dec("0.01"))
        let positions = try ledger.positions()
        #expect(positions[.maker] == dec("0.06") && positions[.hedge] == dec("-0.05"))
        #expect(try ledger.fees()[.hedge]?["USDC"] == dec("0.03"))
        // Copied into the database and the log started over: nothing lost, writes go on.
        try ledger.checkpointWAL()
        try ledger.write([.fill(Self.fill(.maker, "t3", .sell, "0.01"))])
        #expect(try Self.ledger(ledger.path).positions()[.maker] == dec("0.05"))
    }

    @Test func theCSVHasTheReferenceColumnsThenOurs() throws {
        let ledger = try Self.ledger()
        let maker = Self.fill(.maker, "t1", .buy, "0.05")
        let hedge = Self.fill(.hedge, "h,1", .sell, "0.05", price: "3000.1", latency: 1_500)
        let order = LedgerOrder(venue: .maker, clientOrderID: 1, venueOrderID: "4227701917", role: .quote, side: .buy,
                                price: dec("3000.25"), quantity: dec("0.05"), round: 0, createdMs: 1)
        try ledger.write([.order(order), .fill(maker), .fill(hedge),
                          .link(PairLink(exposure: maker.key, offset: hedge.key, quantity: dec("0.05")))])
        let lines = try LedgerCSV.export(ledger).split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("exchange,timestamp,side,price,quantity,") == true)
        #expect(lines.count == 3)
        #expect(lines[1] == "backpack,2026-01-01T00:00:00.123Z,buy,3000.25,0.05,4227701917,1,t1,quote,P1,0.015,USDC,")
        #expect(lines[2] == "lighter,2026-01-01T00:00:00.123Z,SHORT,3000.1,0.05,,2,\"h,1\",hedge,P1,0.015,USDC,1.500")
    }

    @Test func aLedgerKeptForOtherMarketsIsRefused() throws {
        let path = H.temporaryLedgerPath()
        _ = try Self.ledger(path)
        #expect(throws: LedgerError.self) {
            try HedgeLedger(path: path, maker: H.markets.maker, hedge: VenueMarket(venue: "lighter", symbol: "BTC"))
        }
        #expect(try Self.ledger(path, durability: .normal).synchronousSetting() == 1)
        #expect(try Self.ledger(path, durability: .full).synchronousSetting() == 2)
    }

    @Test func theEngineWritesEveryFillBeforeItsHedgeIsHandedOn() async throws {
        let h = try H.make()
        let quote = try await h.startQuoting()
        // At the hand-off, another connection already reads the fill and the hedge: committed.
        let other = try Self.ledger(h.path)
        let seen = Mutex<(fills: [FixedDecimal], hedgeKnown: Bool)?>(nil)
        h.hedge.onPlace.withLock {
            $0 = { order in
                let fills = (try? other.fills().map(\.quantity)) ?? []
                let known = (try? other.orders().contains { $0.clientOrderID == order.clientOrderID && $0.status == .created }) ?? false
                seen.withLock { $0 = (fills, known) }
            }
        }
        try await h.fillMaker(quote, "0.02")
        let hedge = try #require(h.hedge.placed.first)
        let atHandOff = try #require(seen.withLock { $0 })
        #expect(atHandOff.fills == [dec("0.02")] && atHandOff.hedgeKnown)
        try await h.fillHedge(hedge)
        let csv = try LedgerCSV.export(other)
        #expect(csv.contains(",SHORT,2985.1,0.02,"))
    }
}
