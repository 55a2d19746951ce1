import ArgumentParser
import Foundation
import LighterClient

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Feed a recording through the decode, book and fill pipeline offline; print a summary and the throughput.",
        discussion: """
        Reads a `watch --record` file (one {"t":ms,"frame":"…"} a line) or a plain capture from \
        other tools (one raw JSON frame a line, as websocat or a Python client saves it). Prints \
        frames by type, each market's final best bid and ask, book gaps, the fills found, and \
        frames per second: replay is also the throughput benchmark (build with -c release). A \
        plain file is decoded on every core and applied to the books in file order.
        """)

    @Argument(help: "The recording or capture file.")
    var file: String

    @Option(help: "Only this market.")
    var market: Int?

    @Option(help: "Account whose fills to track (default: taken from the frames).")
    var account: Int64?

    func run() async throws {
        guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("\(file): no such file") }
        let summary: ReplaySummary
        do { summary = try ReplayPipeline.replay(path: file, account: account, market: market) } catch {
            throw ValidationError("cannot replay \(file): \(error)")
        }
        print("frames: \(summary.frames) (\(summary.undecodable) undecodable\(summary.filteredOut > 0 ? ", \(summary.filteredOut) other markets" : ""))")
        // Ties by name: a dictionary's order changes from run to run.
        for (type, count) in summary.framesByType.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            print("  \(count)\t\(type)")
        }
        for book in summary.markets {
            let bid = book.bestBid.map { "\($0.price) x \($0.size)" } ?? "-"
            let ask = book.bestAsk.map { "\($0.price) x \($0.size)" } ?? "-"
            print("market \(book.market): bid \(bid) / ask \(ask), \(book.synced ? "synced" : "NOT synced"), \(book.snapshots) snapshots, \(book.updatesApplied) updates, \(book.gaps) gaps")
        }
        print("fills: \(summary.fills.count)\(summary.account.map { " for account \($0)" } ?? "")")
        for fill in summary.fills.prefix(50) {
            print("  order \(fill.orderIndex) \(fill.side) \(fill.size) @ \(fill.price) (filled \(fill.cumulativeFilled), \(fill.status ?? "?"))")
        }
        if summary.fills.count > 50 { print("  … \(summary.fills.count - 50) more") }
        print(String(format: "throughput: %.0f frames/s, %.1f MB/s (%.3f s)", summary.framesPerSecond, summary.megabytesPerSecond, summary.elapsedSeconds))
    }
}
