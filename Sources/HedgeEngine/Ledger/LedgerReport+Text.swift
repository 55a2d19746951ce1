import LighterProtocol

/// The report for a terminal: a few aligned tables, one line per hedge leg.
extension LedgerReport {
    /// The report as text: pairs with their legs (slippage, PnL, latency), unhedged legs,
    /// latency percentiles, fees, rounds with the total, positions.
    public func renderText() -> String {
        var lines: [String] = []
        var title = "Hedge ledger: \(maker) → \(hedge)"
        if let phase { title += " · \(phase.rawValue), rounds done: \(roundsDone ?? 0)" }
        lines.append(title)
        if let stopReason { lines.append("Stopped: \(stopReason)") }

        lines.append("")
        if pairs.isEmpty {
            lines.append("Pairs: none (no fill yet)")
        } else {
            lines.append("Pairs (slippage: + paid against the maker price, − gained; PnL before fees, \(quoteAsset))")
            var table = ReportTable([.left, .right, .left, .right, .right, .left, .right, .right, .right, .right, .right, .right, .right])
            table.add(["pair", "round", "side", "qty", "price", "leg", "qty", "price", "slip/unit", "bps", "pnl", "ms", "open"])
            for pair in pairs {
                let head = ["P\(pair.id)", pair.round.map(String.init) ?? "-", pair.fill.side.rawValue, pair.quantity.description,
                            pair.fill.price.description]
                let blank = head.map { _ in "" }
                let open = pair.open.isZero ? "" : pair.open.description
                if pair.legs.isEmpty { table.add(head + ["", "", "", "", "", "", "", open]) }
                for (index, leg) in pair.legs.enumerated() {
                    let last = index == pair.legs.count - 1
                    table.add((index == 0 ? head : blank) + [
                        "\(leg.fill.role.rawValue) \(leg.fill.side.rawValue)", leg.quantity.description, leg.fill.price.description,
                        leg.slippagePerUnit.description, leg.slippageBps.formatted(decimals: 2), leg.grossPnL.description,
                        leg.latencyMicros.map(Self.milliseconds) ?? "", last ? open : "",
                    ])
                }
            }
            lines += table.render(indent: "  ")
        }

        lines.append("")
        if unhedged.isEmpty {
            lines.append("Unhedged: none")
        } else {
            lines.append("Unhedged")
            var table = ReportTable([.left, .left, .left, .right, .right, .left])
            for leg in unhedged {
                table.add(["P\(leg.pairID)", leg.fill.venue.rawValue, leg.fill.side.rawValue, leg.quantity.description, "@ \(leg.fill.price)",
                           leg.round.map { "round \($0)" } ?? "not the engine's order"])
            }
            lines += table.render(indent: "  ")
        }

        lines.append("Latency   fill → hedge sent \(Self.describe(latency.toHedgeSent)); fill → hedge fill \(Self.describe(latency.toHedgeFill))")
        let feeText = fees.map { "\($0.name) \($0.amount) \($0.asset)" }.joined(separator: " · ")
        lines.append("Fees      \(feeText.isEmpty ? "none" : feeText)")
        lines.append("Positions " + positions.map { "\($0.name) \($0.position)" }.joined(separator: " · ") + " · naked \(nakedExposure)")

        lines.append("")
        var table = ReportTable([.left, .right, .right, .right, .right, .right, .left, .right])
        table.add(["round", "pairs", "qty", "hedged", "open", "gross", "fees", "net"])
        for round in rounds { table.add(Self.row(round.round.map(String.init) ?? "other", round.sum)) }
        table.add(Self.row("total", total))
        lines += table.render()
        if !unattributedFees.isEmpty {
            lines.append("(fees on no pair, in the total only: \(Self.amounts(unattributedFees)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func row(_ name: String, _ sum: ReportSum) -> [String] {
        [name, String(sum.pairs), sum.quantity.description, sum.hedged.description, sum.open.description,
         sum.grossPnL.description, amounts(sum.fees), sum.netPnL.description]
    }

    /// `412` µs → `0.412`.
    static func milliseconds(_ micros: Int64) -> String { FixedDecimal(units: micros * 100_000).formatted(decimals: 3) }

    static func describe(_ latency: LatencyPercentiles) -> String {
        guard let p50 = latency.p50Micros, let p99 = latency.p99Micros, let max = latency.maxMicros else { return "none recorded" }
        return "p50 \(milliseconds(p50)) p99 \(milliseconds(p99)) max \(milliseconds(max)) ms (\(latency.count))"
    }

    /// `0.02 USDC, 0.0001 ETH`; `0` when empty.
    static func amounts(_ byAsset: [String: FixedDecimal]) -> String {
        let parts = byAsset.sorted { $0.key < $1.key }.filter { !$0.value.isZero }.map { "\($0.value) \($0.key)" }
        return parts.isEmpty ? "0" : parts.joined(separator: ", ")
    }
}
