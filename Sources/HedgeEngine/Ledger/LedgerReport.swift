import Foundation
import LighterProtocol

/// What a hedge ledger says about the run, read in one transaction: every pair (a maker fill
/// with the fills hedging it), what is still unhedged, hedge latency percentiles, each hedge's
/// slippage against the maker price, fees per venue and asset, PnL per round and in all, and the
/// net position per venue. Amounts are exact (`FixedDecimal`); JSON writes them as strings.
///
/// PnL is realized PnL: each hedged quantity at the hedge's price against the maker fill's
/// price, less fees in the quote asset. Open quantity earns or loses nothing here until it is
/// hedged (the ledger holds no mark price).
public struct LedgerReport: Sendable, Hashable, Codable {
    /// The maker venue and market (`backpack ETH_USDC_PERP`).
    public var maker: String
    /// The hedge venue and market (`lighter ETH`).
    public var hedge: String
    /// The asset PnL is counted in: fees in it are deducted, fees in others only listed.
    public var quoteAsset: String
    /// Where the run is, from the ledger's checkpoint; nil before the engine's first event.
    public var phase: RunPhase?
    /// Rounds completed.
    public var roundsDone: Int?
    /// Why the engine stopped itself, when it did.
    public var stopReason: String?
    /// Every pair, in ledger order.
    public var pairs: [ReportPair]
    /// Exposure not hedged yet, per opening fill.
    public var unhedged: [ReportUnhedgedLeg]
    /// Hedge latency percentiles.
    public var latency: ReportLatency
    /// Fees per venue and asset, over every fill.
    public var fees: [ReportFee]
    /// PnL per round, in round order (fills of orders the engine did not send last).
    public var rounds: [ReportRound]
    /// The whole ledger: every pair, and every fee (those on no pair included).
    public var total: ReportSum
    /// Fees of fills that serve no pair, nor does any other fill of their order (a foreign fill
    /// counted as nothing), per asset: in `total`, in no round.
    public var unattributedFees: [String: FixedDecimal]
    /// The net position per venue, maker first.
    public var positions: [ReportPosition]
    /// The positions' sum: what a price move would cost or earn.
    public var nakedExposure: FixedDecimal

    /// The report of `ledger` as it is now (an engine may keep writing it meanwhile).
    /// - Parameter quoteAsset: the asset of PnL; nil takes the maker symbol's second part
    ///   (`ETH_USDC_PERP` → `USDC`), else `USDC`.
    public init(ledger: HedgeLedger, quoteAsset: String? = nil) throws(LedgerError) {
        // One read transaction: pairs, fills and orders of the same moment, whatever the engine writes.
        let read = try ledger.read { db in
            let fills = try HedgeLedger.fills(db)
            return (venues: try HedgeLedger.venues(db), orders: try HedgeLedger.orders(db), fills: fills,
                    pairs: try HedgeLedger.pairs(db, fills: fills), checkpoint: try HedgeLedger.checkpoint(db))
        }
        self.init(maker: read.venues.maker, hedge: read.venues.hedge, orders: read.orders, fills: read.fills, pairs: read.pairs,
                  checkpoint: read.checkpoint, quoteAsset: quoteAsset ?? Self.quoteAsset(ofMaker: read.venues.maker))
    }

    init(maker: String, hedge: String, orders: [LedgerOrder], fills: [LedgerFill], pairs ledgerPairs: [LedgerPair],
         checkpoint: EngineCheckpoint?, quoteAsset: String) {
        self.maker = maker
        self.hedge = hedge
        self.quoteAsset = quoteAsset
        phase = checkpoint?.phase
        roundsDone = checkpoint?.roundsDone
        stopReason = checkpoint?.stopReason
        var ordersByVenue: [VenueRole: [Int64: LedgerOrder]] = [:]
        for order in orders { ordersByVenue[order.venue, default: [:]][order.clientOrderID] = order }
        let shares = Self.feeShares(fills: fills, pairs: ledgerPairs)

        pairs = ledgerPairs.map { pair in
            let opening = pair.exposure
            let legs = pair.offsets.map { offset in
                ReportHedgeLeg(fill: offset.fill, quantity: offset.quantity, openingSide: opening.side, openingPrice: opening.price,
                               fee: shares.legs[offset.fill.key]?[pair.id] ?? .zero)
            }
            let hedged = legs.reduce(FixedDecimal.zero) { $0 + $1.quantity }
            let gross = legs.reduce(FixedDecimal.zero) { $0 + $1.grossPnL }
            let fees = shares.pairs[pair.id] ?? [:]
            return ReportPair(id: pair.id, round: ordersByVenue[opening.venue]?[opening.clientOrderID]?.round,
                              fill: ReportFill(opening), quantity: pair.opened, legs: legs, hedged: hedged, open: pair.open,
                              grossPnL: gross, fees: fees, netPnL: gross - (fees[quoteAsset] ?? .zero))
        }
        unhedged = pairs.filter { $0.open > .zero }.map {
            ReportUnhedgedLeg(pairID: $0.id, round: $0.round, fill: $0.fill, quantity: $0.open)
        }
        latency = ReportLatency(
            toHedgeSent: LatencyPercentiles(micros: orders.filter { $0.venue == .hedge && $0.role == .hedge }.compactMap(\.latencyMicros)),
            toHedgeFill: LatencyPercentiles(micros: fills.filter { $0.venue == .hedge && $0.role == .hedge }.compactMap(\.latencyMicros)))

        let names: [VenueRole: String] = [.maker: LedgerCSV.firstWord(maker), .hedge: LedgerCSV.firstWord(hedge)]
        var feeTotals: [VenueRole: [String: FixedDecimal]] = [:]
        var signed: [VenueRole: FixedDecimal] = [.maker: .zero, .hedge: .zero]
        for fill in fills {
            feeTotals[fill.venue, default: [:]][fill.feeAsset, default: .zero] += fill.fee
            signed[fill.venue, default: .zero] += fill.side.signed(fill.counted)
        }
        fees = [VenueRole.maker, .hedge].flatMap { venue in
            (feeTotals[venue] ?? [:]).sorted { $0.key < $1.key }
                .filter { !($0.key.isEmpty && $0.value.isZero) }
                .map { ReportFee(venue: venue, name: names[venue] ?? venue.rawValue, asset: $0.key, amount: $0.value) }
        }
        positions = [VenueRole.maker, .hedge].map {
            ReportPosition(venue: $0, name: names[$0] ?? $0.rawValue, position: signed[$0] ?? .zero)
        }
        nakedExposure = positions.reduce(.zero) { $0 + $1.position }
        rounds = Self.rounds(pairs, quoteAsset: quoteAsset)

        var unattributed: [String: FixedDecimal] = [:]
        for fee in fees { unattributed[fee.asset, default: .zero] += fee.amount }
        for pair in pairs { for (asset, amount) in pair.fees { unattributed[asset, default: .zero] -= amount } }
        unattributedFees = unattributed.filter { !$0.value.isZero }
        total = ReportSum(pairs, otherFees: unattributedFees, quoteAsset: quoteAsset)
    }

    /// The report as JSON: keys sorted, amounts as exact decimal strings.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        // Nothing here can fail to encode (no floating-point values); an empty object is never expected.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    /// `backpack ETH_USDC_PERP` → `USDC`; `USDC` when the symbol does not name its quote.
    static func quoteAsset(ofMaker maker: String) -> String {
        let symbol = maker.split(separator: " ").last.map(String.init) ?? maker
        let parts = symbol.split(separator: "_")
        return parts.count >= 2 ? String(parts[1]) : "USDC"
    }

    /// Each fill's fee spread over the pairs it serves, by quantity: the pairs whose exposure it
    /// offsets, then its own pair for what it opened. The last share takes the rounding rest,
    /// so the shares add up to the fee exactly. A fill serving no pair (its execution was
    /// counted through an earlier `reported` row) gives its fee to the last pair its order's
    /// other fills serve.
    static func feeShares(fills: [LedgerFill], pairs: [LedgerPair])
        -> (legs: [FillKey: [Int64: FixedDecimal]], pairs: [Int64: [String: FixedDecimal]]) {
        var portions: [FillKey: [(pair: Int64, quantity: FixedDecimal)]] = [:]
        for pair in pairs {
            for offset in pair.offsets { portions[offset.fill.key, default: []].append((pair.id, offset.quantity)) }
        }
        for pair in pairs where pair.opened > .zero { portions[pair.exposure.key, default: []].append((pair.id, pair.opened)) }
        var latestPairOfOrder: [VenueRole: [Int64: Int64]] = [:]
        for fill in fills { if let last = portions[fill.key]?.last { latestPairOfOrder[fill.venue, default: [:]][fill.clientOrderID] = last.pair } }
        var legShares: [FillKey: [Int64: FixedDecimal]] = [:]
        var pairFees: [Int64: [String: FixedDecimal]] = [:]
        for fill in fills where !fill.fee.isZero {
            guard let served = portions[fill.key], !served.isEmpty else {
                if let pair = latestPairOfOrder[fill.venue]?[fill.clientOrderID] {
                    pairFees[pair, default: [:]][fill.feeAsset, default: .zero] += fill.fee
                }
                continue
            }
            let amounts = split(fill.fee, over: served.map(\.quantity))
            for (portion, amount) in zip(served, amounts) {
                legShares[fill.key, default: [:]][portion.pair, default: .zero] += amount
                pairFees[portion.pair, default: [:]][fill.feeAsset, default: .zero] += amount
            }
        }
        return (legShares, pairFees)
    }

    /// `amount` in parts proportional to `quantities`, adding up to `amount` exactly.
    static func split(_ amount: FixedDecimal, over quantities: [FixedDecimal]) -> [FixedDecimal] {
        let whole = quantities.reduce(FixedDecimal.zero, +)
        guard quantities.count > 1, whole > .zero else { return quantities.indices.map { $0 == 0 ? amount : .zero } }
        var parts = quantities.dropLast().map { amount.multiplied(by: $0).divided(by: whole) ?? .zero }
        parts.append(amount - parts.reduce(.zero, +))
        return parts
    }

    /// The pairs gathered by round, in round order, fills of orders the engine did not send last.
    static func rounds(_ pairs: [ReportPair], quoteAsset: String) -> [ReportRound] {
        var order: [Int?] = []
        var byRound: [Int?: [ReportPair]] = [:]
        for pair in pairs {
            if byRound[pair.round] == nil { order.append(pair.round) }
            byRound[pair.round, default: []].append(pair)
        }
        order.sort { lhs, rhs in
            switch (lhs, rhs) {
            case let (l?, r?): l < r
            case (.some, .none): true
            default: false
            }
        }
        return order.map { ReportRound(round: $0, sum: ReportSum(byRound[$0] ?? [], quoteAsset: quoteAsset)) }
    }
}
