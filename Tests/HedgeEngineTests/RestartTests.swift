import Foundation
import HedgeEngine
import LighterProtocol
import Testing

/// A crash at any point, then a restart on the same ledger: each unhedged maker fill hedged
/// exactly once, orders left open canceled or resolved, never a double hedge.
@Suite struct RestartTests {
    typealias H = EngineHarness

    @Test func aFillInTheLedgerWhoseHedgeNeverLeftIsHedgedOnceAfterTheVenueSaysItHasNoSuchOrder() async throws {
        let before = try H.make()
        let quote = try await before.startQuoting()
        try await before.fillMaker(quote, "0.03")
        let lost = try #require(before.hedge.placed.first)
        // Crash: the hedge was in the ledger but never reached the venue.
        let after = try H.make(path: before.path, clock: before.clock)
        try await after.send(.start)
        #expect(after.maker.cancels == [quote.clientOrderID], "the quote left open is canceled")
        #expect(after.hedge.resolved == [lost.clientOrderID])
        try await after.ready()
        #expect(after.hedge.placed.isEmpty, "no new hedge while the old one's fate is unknown")
        try await after.hedge(.outcome(clientOrderID: lost.clientOrderID, HedgeOutcome(status: .notFound, filledQuantity: .zero)))
        let hedge = try #require(after.hedge.placed.first)
        #expect(after.hedge.placed.count == 1 && hedge.quantity == dec("0.03") && hedge.clientOrderID > lost.clientOrderID)
        try await after.maker(.cancelResult(clientOrderID: quote.clientOrderID, .closed(executedQuantity: dec("0.03"))))
        try await after.fillHedge(hedge)
        let status = await after.status
        #expect(status.nakedExposure == .zero && after.hedge.placed.count == 1)
    }

    @Test func aHedgeThatDidFillBeforeTheCrashIsNotSentAgain() async throws {
        let before = try H.make()
        let quote = try await before.startQuoting()
        try await before.fillMaker(quote, "0.05")
        let sent = try #require(before.hedge.placed.first)
        try await before.hedge(.accepted(clientOrderID: sent.clientOrderID, reference: "0xabc"))
        // Crash before the fill arrived; the venue filled it meanwhile and tells the new run.
        let after = try H.make(path: before.path, clock: before.clock)
        try await after.send(.start)
        try await after.ready()
        #expect(after.hedge.resolved == [sent.clientOrderID] && after.hedge.placed.isEmpty)
        try await after.fillHedge(sent)
        try await after.maker(.cancelResult(clientOrderID: quote.clientOrderID, .closed(executedQuantity: dec("0.05"))))
        #expect(after.hedge.placed.isEmpty)
        #expect(await after.status.nakedExposure == .zero)
        // The round was complete: the next one quotes.
        #expect(after.maker.placed.count == 1)
    }

    @Test func aMakerFillTheLedgerNeverGotIsReplayedByTheVenueAndHedgedOnce() async throws {
        let before = try H.make()
        let quote = try await before.startQuoting()
        let seen = try await before.fillMaker(quote, "0.01")
        try await before.fillHedge(try #require(before.hedge.placed.first))
        // Crash; the venue's replay after the restart repeats the known fill and brings one the
        // ledger never had.
        let after = try H.make(path: before.path, clock: before.clock)
        try await after.send(.start)
        try await after.ready()
        try await after.maker(.fill(seen))
        #expect(after.hedge.placed.isEmpty)
        try await after.fillMaker(quote, "0.02")
        try await after.maker(.fill(VenueFill(fillID: "t-new", clientOrderID: quote.clientOrderID, side: .buy, price: quote.price,
                                              quantity: dec("0.02"))))
        #expect(after.hedge.placed.map(\.quantity) == [dec("0.02"), dec("0.02")])
        // The cancel of the quote left open says 0.05 executed: 0.01 the ledger never saw as a fill.
        try await after.maker(.cancelResult(clientOrderID: quote.clientOrderID, .closed(executedQuantity: dec("0.06"))))
        for order in after.hedge.placed { try await after.fillHedge(order) }
        let status = await after.status
        #expect(status.makerPosition == dec("0.06") && status.hedgePosition == dec("-0.06") && status.nakedExposure == .zero)
    }

    @Test func theRunResumesWhereItWasAndTheLedgerAgreesWithTheVenues() async throws {
        let before = try H.make(H.configuration(iterations: 3))
        let quote = try await before.startQuoting()
        try await before.fillMaker(quote, "0.05")
        try await before.fillHedge(try #require(before.hedge.placed.first))
        let second = try #require(before.maker.placed.last)
        #expect(second.clientOrderID != quote.clientOrderID)
        let after = try H.make(H.configuration(iterations: 3), path: before.path, clock: before.clock)
        try await after.send(.start)
        try await after.maker(.cancelResult(clientOrderID: second.clientOrderID, .closed(executedQuantity: .zero)))
        try await after.ready()
        #expect(await after.status.roundsDone == 1)
        let next = try #require(after.maker.placed.last)
        #expect(next.side == .buy && next.quantity == dec("0.05") && next.clientOrderID > second.clientOrderID)
        let positions = try after.ledger.positions()
        #expect(positions[.maker] == dec("0.05") && positions[.hedge] == dec("-0.05"))
    }

    /// Random partial fills, duplicates, IOC remainders and crashes: the hedge venue never sells
    /// more than the maker venue bought, and at the end the two legs are equal.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func neverADoubleHedge(seed: UInt64) async throws {
        var random = SplitMix(seed: seed)
        let configuration = H.configuration(size: "0.5", iterations: 1, maxPosition: "1") { $0.hedgeMaxAttempts = 100 }
        var h = try H.make(configuration)
        let quote = try await h.startQuoting()
        var makerFills: [VenueFill] = []
        var answered: Set<Int64> = []
        var makerFilled = FixedDecimal.zero
        for _ in 0..<60 {
            switch random.next() % 6 {
            case 0, 1:
                let left = quote.quantity - makerFilled
                guard left > .zero else { continue }
                let size = min(left, FixedDecimal(units: Int64(random.next() % 5 + 1) * 1_000_000))
                makerFilled += size
                makerFills.append(try await h.fillMaker(quote, size.description))
            case 2:
                if let again = makerFills.randomElement(using: &random) { try await h.maker(.fill(again)) }
            case 3:
                guard let order = h.hedge.placed.first(where: { !answered.contains($0.clientOrderID) }) else { continue }
                answered.insert(order.clientOrderID)
                let share = FixedDecimal(units: order.quantity.units / 10_000 * Int64(random.next() % 11) / 10 * 10_000)
                try await h.fillHedge(order, share.description)
            case 4:
                // Crash and restart; what was handed to the old venue stays unanswered there.
                let restarted = try H.make(configuration, path: h.path, clock: h.clock)
                for order in h.hedge.placed where !answered.contains(order.clientOrderID) {
                    answered.insert(order.clientOrderID)
                    try await restarted.send(.start)
                    try await restarted.hedge(.outcome(clientOrderID: order.clientOrderID,
                                                       HedgeOutcome(status: .notFound, filledQuantity: .zero)))
                }
                try await restarted.send(.start)
                try await restarted.ready()
                h = restarted
            default:
                h.clock.advance(ms: 100)
                try await h.books()
            }
            let status = await h.status
            #expect(-status.hedgePosition <= status.makerPosition, "oversold: \(status)")
        }
        for _ in 0..<50 {
            guard let order = h.hedge.placed.first(where: { !answered.contains($0.clientOrderID) }) else { break }
            answered.insert(order.clientOrderID)
            try await h.fillHedge(order)
        }
        let status = await h.status
        #expect(status.makerPosition == makerFilled)
        #expect(status.makerPosition + status.hedgePosition < dec("0.005"), "\(status)")
    }
}

/// A small seeded generator, so a failing seed can be run again.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
