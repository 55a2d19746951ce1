import Foundation

/// Where fill journals live by default, and which journal each venue host, account and market
/// was last followed with: a run that would start a new history while an older one exists
/// elsewhere (a moved or deleted journal) is refused instead of silently never reporting the
/// fills made in between.
///
/// The directory is per user and independent of the working directory:
/// `LIGHTER_HEDGE_STATE_DIR`, else `$XDG_STATE_HOME/lighter-hedge`, else
/// `~/.local/state/lighter-hedge`.
///
/// Its refusals name the CLI's flags: it is the CLI's policy, not part of the clients' API.
package struct JournalRegistry: Sendable {
    /// The per-user state directory it keeps its entries (and the default journals) under.
    package let directory: String

    /// The registry kept under `directory` (`defaultDirectory()` outside tests).
    package init(directory: String) { self.directory = directory }

    /// The per-user state directory from the environment.
    package static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["LIGHTER_HEDGE_STATE_DIR"], !dir.isEmpty { return dir }
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/lighter-hedge" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/lighter-hedge"
    }

    /// `host[:port]`, the account and the market as a file-name part.
    static func key(host: String, account: String, market: String) -> String {
        "\(safe(host))_\(safe(account))_\(safe(market))"
    }

    private static func safe(_ text: String) -> String {
        text.unicodeScalars.map { scalar -> String in
            let c = Character(scalar)
            return (c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "-")) ? String(c) : "_"
        }.joined()
    }

    /// The journal a run uses when none is named.
    package func defaultJournalPath(host: String, account: Int64, market: Int) -> String {
        defaultJournalPath(host: host, account: String(account), market: String(market))
    }

    /// The journal a run uses when none is named, on a venue that names accounts and markets
    /// (characters unfit for a file name become `_`).
    package func defaultJournalPath(host: String, account: String, market: String) -> String {
        directory + "/journals/fills_" + Self.key(host: host, account: account, market: market) + ".jsonl"
    }

    private func entryPath(host: String, account: String, market: String) -> String {
        directory + "/last-journal/" + Self.key(host: host, account: account, market: market)
    }

    /// The absolute path of the journal last used for this host, account and market.
    package func lastJournal(host: String, account: Int64, market: Int) -> String? {
        lastJournal(host: host, account: String(account), market: String(market))
    }

    /// `lastJournal` for a venue that names accounts and markets.
    package func lastJournal(host: String, account: String, market: String) -> String? {
        guard let data = FileManager.default.contents(atPath: entryPath(host: host, account: account, market: market)),
              let text = String(data: data, encoding: .utf8) else { return nil }
        let path = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : path
    }

    /// Remembers `journal` (made absolute) as the one in use.
    package func remember(journal: String, host: String, account: Int64, market: Int) throws {
        try remember(journal: journal, host: host, account: String(account), market: String(market))
    }

    /// `remember` for a venue that names accounts and markets.
    package func remember(journal: String, host: String, account: String, market: String) throws {
        let path = entryPath(host: host, account: account, market: market)
        try FileManager.default.createDirectory(atPath: directory + "/last-journal", withIntermediateDirectories: true)
        try Data((Self.absolute(journal) + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Why starting a new history at `journal` would lose fills, or nil when it would not:
    /// the journal exists with content, nothing was journaled for this key before, or the
    /// caller starts a new history on purpose.
    package func problemStartingNew(journal: String, host: String, account: Int64, market: Int) -> String? {
        problemStartingNew(journal: journal, host: host, account: String(account), market: String(market))
    }

    /// `problemStartingNew` for a venue that names accounts and markets.
    package func problemStartingNew(journal: String, host: String, account: String, market: String) -> String? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: journal)
        if let size = attributes?[.size] as? NSNumber, size.intValue > 0 { return nil }
        guard let last = lastJournal(host: host, account: account, market: market) else { return nil }
        let here = Self.absolute(journal)
        let exists = FileManager.default.fileExists(atPath: last)
        if last == here {
            return "the fill journal \(here) that this account and market were followed with is gone (moved or deleted): "
                + "a new one would never report the fills made since; put it back, or give --new-journal (or --since) to start a new history on purpose"
        }
        return "no fill journal at \(here), but this account and market were last followed with \(last)"
            + (exists ? "" : " (missing too)") + ": a new journal would never report the fills made since; "
            + "give --journal \(last) to carry on, or --new-journal (or --since) to start a new history on purpose"
    }
}
