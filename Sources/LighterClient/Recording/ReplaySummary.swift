import LighterProtocol

/// What a replay saw.
package struct ReplaySummary: Sendable, Hashable {
    package struct Market: Sendable, Hashable {
        package var market: Int
        package var bestBid: PriceLevel?
        package var bestAsk: PriceLevel?
        /// False when the stream ended after a gap and before the next snapshot.
        package var synced: Bool
        package var snapshots = 0
        package var updatesApplied = 0
        /// Updates that did not continue the nonce chain (frames lost).
        package var gaps = 0
        package var staleUpdates = 0
        /// Updates dropped while waiting for a snapshot (before the first, or after a gap).
        package var updatesWhileUnsynced = 0

        package init(market: Int) { self.market = market; self.synced = false }
    }

    /// Frames decoded and processed, by `ServerFrame.typeName`.
    package var framesByType: [String: Int] = [:]
    /// Lines that were not a decodable frame.
    package var undecodable = 0
    /// Frames of other markets skipped by the market filter.
    package var filteredOut = 0
    /// Per market, ascending.
    package var markets: [Market] = []
    package var gaps: Int { markets.reduce(0) { $0 + $1.gaps } }
    /// The account fills were tracked for, as given or found in the frames.
    package var account: Int64?
    package var fills: [FillEvent] = []
    /// Recording times of the first and last frames that had one.
    package var firstTimeMs: Int64?
    package var lastTimeMs: Int64?

    /// Throughput of the replay itself (not of the recorded session).
    package var frames = 0
    /// Frame text bytes fed (one newline each counted).
    package var bytes = 0
    /// The size of the file replayed, when replaying a file: what MB/s is measured on.
    package var fileBytes: Int?
    package var elapsedSeconds: Double = 0
    package var framesPerSecond: Double { elapsedSeconds > 0 ? Double(frames) / elapsedSeconds : 0 }
    package var megabytesPerSecond: Double {
        elapsedSeconds > 0 ? Double(fileBytes ?? bytes) / 1_000_000 / elapsedSeconds : 0
    }

    package init() {}
}
