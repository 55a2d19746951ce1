import Foundation
import Journaling

/// Where ledgers live when none is named: beside the fill journals, in the per-user state
/// directory (`LIGHTER_HEDGE_STATE_DIR`, else `$XDG_STATE_HOME/lighter-hedge`, else
/// `~/.local/state/lighter-hedge`), so that a run started from any directory finds its ledger.
extension HedgeLedger {
    /// `<state>/ledgers`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        JournalRegistry.defaultDirectory(environment: environment) + "/ledgers"
    }

    /// The ledger of a pair of markets: one file per pair, since a ledger refuses to serve
    /// another (`<state>/ledgers/backpack-ETH_USDC_PERP__lighter-ETH.sqlite`).
    package static func defaultPath(maker: VenueMarket, hedge: VenueMarket,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        defaultDirectory(environment: environment) + "/" + fileName(maker: maker, hedge: hedge)
    }

    /// `backpack-ETH_USDC_PERP__lighter-ETH.sqlite`: characters unfit for a file name become `_`.
    static func fileName(maker: VenueMarket, hedge: VenueMarket) -> String {
        "\(safe(maker.venue))-\(safe(maker.symbol))__\(safe(hedge.venue))-\(safe(hedge.symbol)).sqlite"
    }

    /// The ledgers in `directory` (the default one unless given), by name; none when it does not exist.
    public static func ledgerFiles(in directory: String = defaultDirectory()) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".sqlite") }.sorted().map { directory + "/" + $0 }
    }

    private static func safe(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            let c = Character(scalar)
            return c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_") ? c : "_"
        })
    }
}

extension HedgeLedger {
    /// The ledger a reader means when it names none: the only one in the default directory,
    /// or, with `ticker`, the one whose hedge market is that ticker (or whose maker market
    /// starts with it: `ETH` finds `ETH_USDC_PERP`). Refused with a one-line reason that says
    /// what to give instead when there is none or more than one.
    public static func defaultLedger(ticker: String? = nil,
                                     environment: [String: String] = ProcessInfo.processInfo.environment) throws(LedgerError) -> String {
        let directory = defaultDirectory(environment: environment)
        let files = ledgerFiles(in: directory)
        guard !files.isEmpty else {
            throw LedgerError("no ledger in \(directory) (`lighter-hedge run` keeps its ledgers there): give the ledger's PATH")
        }
        guard let ticker else {
            guard files.count == 1, let only = files.first else {
                let names = files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
                throw LedgerError("\(files.count) ledgers in \(directory) (\(names)): give a PATH, or --ticker to pick one")
            }
            return only
        }
        let wanted = ticker.uppercased()
        let matching = files.filter { file in
            // A file that is not a ledger is no candidate; one that is names its markets.
            guard let venues = try? HedgeLedger(readingAt: file).venues() else { return false }
            let hedgeSymbol = venues.hedge.split(separator: " ").last.map { $0.uppercased() } ?? ""
            let makerSymbol = venues.maker.split(separator: " ").last.map { $0.uppercased() } ?? ""
            return hedgeSymbol == wanted || makerSymbol == wanted || makerSymbol.hasPrefix(wanted + "_")
        }
        guard matching.count == 1, let found = matching.first else {
            let names = (matching.isEmpty ? files : matching).map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            throw LedgerError(matching.isEmpty ? "no ledger for \(ticker) in \(directory) (there: \(names)): give a PATH"
                                               : "\(matching.count) ledgers for \(ticker) in \(directory) (\(names)): give a PATH")
        }
        return found
    }
}
