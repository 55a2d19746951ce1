import ArgumentParser
import Foundation
import HedgeEngine

/// `lighter-hedge ledger`: what a hedge ledger says, for a person (a short table), a program
/// (JSON) or a spreadsheet (CSV). It opens the ledger read-only, so it can be run beside an
/// engine that is writing it.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Report on a hedge ledger: pairs, unhedged legs, hedge latency, slippage, fees, PnL per round.",
        discussion: """
        `lighter-hedge run` writes every order and fill of both venues to a ledger (SQLite) before \
        acting on it. This command reads that ledger read-only, so it can run while the engine runs.

        Pairs: each Backpack maker fill, named P<n> as in the CSV's pair_id, with the Lighter fills \
        that hedge it, one line per hedge fill.

        Slippage: per unit and in basis points of the maker price, signed as a cost. Positive: the \
        hedge traded worse than the maker fill (sold lower after a maker buy, bought higher after a \
        maker sell). Negative: it traded better.

        PnL: realized, the hedged quantity at the hedge price against the maker price, less the fees \
        in the quote asset; per round (the engine's rounds of --size) and in total. Quantity still \
        open earns nothing here until it is hedged.

        Unhedged: what of each maker fill no hedge covers yet, the naked exposure.

        Latency: p50, p99 and max from a maker fill reaching the engine to its hedge order sent, and \
        to the hedge's fill, as the engine recorded them.

        Fees per venue and asset, positions per venue and the naked exposure close the report. \
        Amounts are exact decimals: in JSON they are strings ("3001.5"), never floating point.

        Which ledger: PATH, else the one `run` keeps in $LIGHTER_HEDGE_STATE_DIR/ledgers (by default \
        ~/.local/state/lighter-hedge/ledgers, one file per pair of markets): the only one there, or \
        the one for --ticker.

        Examples:
          lighter-hedge ledger
          lighter-hedge ledger --ticker ETH --json | jq .total
          lighter-hedge ledger hedge.sqlite --csv reference > fills.csv

        Exit status: 0 the report was printed; 2 no such file, not a ledger, or bad usage.
        """)

    /// The two CSV layouts.
    enum CSVLayout: String, ExpressibleByArgument, CaseIterable {
        case reference
        case full
    }

    @Argument(help: ArgumentHelp("The ledger file.", discussion: "Default: the one `run` keeps under the state directory.",
                                 valueName: "path"))
    var path: String?

    @Flag(help: "The report as JSON (amounts as exact decimal strings).")
    var json = false

    @Option(help: ArgumentHelp("The fills as CSV instead: reference (the reference bot's exchange,timestamp,side,price,quantity) or full (those, then order ids, fill id, role, pair id, fee, hedge latency).",
                               valueName: "reference|full"))
    var csv: CSVLayout?

    @Option(help: "With no PATH: the ledger hedging this ticker (ETH), among several in the state directory.")
    var ticker: String?

    @Option(help: "The asset PnL is counted in; fees in other assets are listed, not deducted. Default: the maker symbol's quote (USDC).")
    var quoteAsset: String?

    func validate() throws {
        if json && csv != nil { throw ValidationError("--json and --csv are two different outputs: give one") }
        if path != nil && ticker != nil { throw ValidationError("--ticker picks a ledger when no PATH is given: give one or the other") }
        if let quoteAsset, quoteAsset.isEmpty { throw ValidationError("--quote-asset must not be empty") }
    }

    func run() throws {
        do {
            let ledger = try HedgeLedger(readingAt: try path ?? HedgeLedger.defaultLedger(ticker: ticker))
            if let csv {
                StandardStreams.out(try LedgerCSV.export(ledger, referenceOnly: csv == .reference))
                return
            }
            let report = try LedgerReport(ledger: ledger, quoteAsset: quoteAsset)
            if json {
                StandardStreams.out(report.jsonData())
                StandardStreams.out("\n")
            } else {
                StandardStreams.out(report.renderText())
            }
        } catch {
            // Missing file, not a ledger, unreadable: one line (SQLite's errors may quote a
            // statement over several), the same status as bad usage.
            let reason = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
            StandardStreams.err("lighter-hedge ledger: \(reason)\n")
            throw ExitCode(2)
        }
    }
}
