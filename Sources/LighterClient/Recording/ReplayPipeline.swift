import Foundation
import LighterProtocol
import LineInput
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replays frame texts through the client's own decode, book and fill logic: for post-mortems
/// of a recording (`--record`) and as the decode throughput benchmark.
package struct ReplayPipeline: Sendable {
    package let market: Int?
    private var fixedAccount: Int64?
    private var tracker: FillTracker?

    private struct MarketState {
        var book: OrderBook
        var summary: ReplaySummary.Market

        init(market: Int) {
            book = OrderBook(market: market)
            summary = ReplaySummary.Market(market: market)
        }

        mutating func apply(_ frame: OrderBookFrame.Header, asks: UnsafeBufferPointer<PriceLevel>, bids: UnsafeBufferPointer<PriceLevel>) {
            switch book.apply(frame, asks: asks, bids: bids) {
            case .snapshot: summary.snapshots += 1
            case .applied: summary.updatesApplied += 1
            case .gap: summary.gaps += 1
            case .stale: summary.staleUpdates += 1
            case .notSynced: summary.updatesWhileUnsynced += 1
            case .wrongMarket: break
            }
        }
    }

    /// Markets in the order first seen; a replay has one or a few, so a scan beats hashing.
    private var marketStates: [MarketState] = []
    /// `marketStates`' markets, looked up without reading (and so copying) a state.
    private var marketIDs: [Int] = []
    /// The market of the last book frame: frames of one market come in runs.
    private var lastMarket = 0
    private var summary = ReplaySummary()
    /// Book frames by kind, kept apart from `summary.framesByType` (a String-keyed count per
    /// frame) until `finish`.
    private var bookSnapshots = 0
    private var bookUpdates = 0
    private var started: ContinuousClock.Instant?
    private var lastTimeMs: Int64 = 0
    /// Where `feed(bytes:timeMs:)` decodes book levels: reused, so that no frame allocates.
    private var levels = FrameDecoder.Levels()

    /// `account` nil: taken from the first account frame (its `account` field or channel).
    /// `market` nil: all markets.
    package init(account: Int64? = nil, market: Int? = nil) {
        self.fixedAccount = account
        self.market = market
        if let account { tracker = FillTracker(account: account, market: market) }
    }

    /// Replays a recording or plain capture file. A regular file is read in chunks decoded on
    /// `workers` threads (default: every core) and applied in file order, which gives what one
    /// thread reading it line by line gives (the tests compare the two); a pipe or device is read
    /// line by line.
    package static func replay(path: String, account: Int64? = nil, market: Int? = nil, workers: Int? = nil,
                              chunkBytes: Int = 1 << 20) throws -> ReplaySummary {
        var pipeline = ReplayPipeline(account: account, market: market)
        pipeline.started = ContinuousClock.now
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileReadError(description: "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileReadError(description: "\(path): \(String(cString: strerror(errno)))") }
        if info.st_mode & S_IFMT == S_IFREG {
            let file = ChunkedFile(fd: fd, size: Int(info.st_size), chunkBytes: max(64, min(chunkBytes, 1 << 30)),
                                   tailBytes: RecordingReader.maxFrameBytes + 1, name: path)
            pipeline = try ParallelReplay.run(file, pipeline: pipeline, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount)
        } else {
            try RecordingReader.forEachFrame(path: path) { timeMs, bytes in
                pipeline.feed(bytes: bytes, timeMs: timeMs)
            }
        }
        var summary = pipeline.finish()
        summary.fileBytes = Int(info.st_size)
        return summary
    }

    package mutating func feed(_ text: String, timeMs: Int64? = nil) {
        var text = text
        text.withUTF8 { feed(bytes: $0, timeMs: timeMs) }
    }

    /// One frame's UTF-8 bytes (no line terminator).
    package mutating func feed(bytes: UnsafeBufferPointer<UInt8>, timeMs: Int64?) {
        if started == nil { started = ContinuousClock.now }
        noteFrame(byteCount: bytes.count, timeMs: timeMs)
        let decoded: FrameDecoder.Decoded
        do { decoded = try FrameDecoder.decode(bytes, levels: &levels) } catch {
            summary.undecodable += 1
            return
        }
        switch decoded {
        case .orderBook(let header):
            // Swapped out so that the levels can be read while the books change.
            var held = FrameDecoder.Levels()
            swap(&held, &levels)
            held.asks.withUnsafeBufferPointer { asks in
                held.bids.withUnsafeBufferPointer { bids in applyBook(header, asks: asks, bids: bids) }
            }
            swap(&held, &levels)
        case .frame(let frame):
            take(frame)
        }
    }

    /// The chunk's frames, decoded apart, in order: what `feed(bytes:timeMs:)` does with each.
    mutating func take(_ chunk: borrowing DecodedChunk) {
        chunk.levels.withUnsafeBufferPointer { levels in
            for entry in chunk.entries {
                noteFrame(byteCount: entry.byteCount, timeMs: entry.timeMs)
                switch entry.kind {
                case .undecodable:
                    summary.undecodable += 1
                case .orderBook:
                    applyBook(entry.header, asks: UnsafeBufferPointer(rebasing: levels[entry.asks]),
                              bids: UnsafeBufferPointer(rebasing: levels[entry.bids]))
                case .frame:
                    take(chunk.frames[entry.frame])
                }
            }
        }
    }

    @inline(__always)
    private mutating func noteFrame(byteCount: Int, timeMs: Int64?) {
        summary.frames += 1
        summary.bytes += byteCount + 1
        if let timeMs {
            if summary.firstTimeMs == nil { summary.firstTimeMs = timeMs }
            summary.lastTimeMs = timeMs
            lastTimeMs = timeMs
        }
    }

    private mutating func applyBook(_ header: OrderBookFrame.Header, asks: UnsafeBufferPointer<PriceLevel>,
                                    bids: UnsafeBufferPointer<PriceLevel>) {
        if let market, header.market != market { summary.filteredOut += 1; return }
        if lastMarket >= marketIDs.count || marketIDs[lastMarket] != header.market {
            if let index = marketIDs.firstIndex(of: header.market) {
                lastMarket = index
            } else {
                marketStates.append(MarketState(market: header.market))
                marketIDs.append(header.market)
                lastMarket = marketStates.count - 1
            }
        }
        marketStates[lastMarket].apply(header, asks: asks, bids: bids)
        if header.isSnapshot { bookSnapshots += 1 } else { bookUpdates += 1 }
    }

    private mutating func take(_ frame: ServerFrame) {
        switch frame {
        case .orderBook(let book):
            // Not from the decoder (it gives book frames apart), but a frame is a frame.
            book.asks.withUnsafeBufferPointer { asks in
                book.bids.withUnsafeBufferPointer { bids in applyBook(book.header, asks: asks, bids: bids) }
            }
            return
        case .trades(let trades):
            if let market, trades.market != market { summary.filteredOut += 1; return }
        case .accountOrders(let orders):
            ingest(orders)
        case .accountTrades(let trades):
            ingest(trades)
        default:
            break
        }
        summary.framesByType[frame.typeName, default: 0] += 1
    }

    /// The summary so far, timing the replay from the first frame (or `replay`'s start).
    package func finish() -> ReplaySummary {
        var result = summary
        if let started {
            let elapsed = ContinuousClock.now - started
            result.elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        if bookSnapshots > 0 { result.framesByType["subscribed/order_book", default: 0] += bookSnapshots }
        if bookUpdates > 0 { result.framesByType["update/order_book", default: 0] += bookUpdates }
        result.markets = marketStates.sorted { $0.book.market < $1.book.market }.map { state in
            var market = state.summary
            market.bestBid = state.book.bestBid
            market.bestAsk = state.book.bestAsk
            market.synced = state.book.isSynced
            return market
        }
        result.account = tracker?.account ?? fixedAccount
        return result
    }

    // MARK: - Per frame kind

    private mutating func ingest(_ frame: AccountOrdersFrame) {
        if tracker == nil, let account = frame.account ?? Self.accountSuffix(frame.channel, kind: "account_all_orders") {
            tracker = FillTracker(account: account, market: market)
        }
        guard tracker != nil else { return }
        let source: FillEvent.Source = frame.source == .accountOrders ? .accountOrders : .accountAllOrders
        for key in frame.orders.keys.sorted() {
            guard var orders = frame.orders[key] else { continue }
            // The market key is authoritative when an order leaves `market_index` out.
            if let keyed = Int(key) {
                for i in orders.indices where orders[i].marketIndex == 0 { orders[i].marketIndex = keyed }
            }
            if let events = tracker?.ingest(orders: orders, source: source, recovered: false, nowMs: lastTimeMs) {
                summary.fills.append(contentsOf: events)
            }
        }
    }

    private mutating func ingest(_ frame: AccountTradesFrame) {
        if tracker == nil, let account = Self.accountSuffix(frame.channel, kind: "account_all_trades") {
            tracker = FillTracker(account: account, market: market)
        }
        guard tracker != nil else { return }
        for key in frame.trades.keys.sorted() {
            guard var trades = frame.trades[key] else { continue }
            if let keyed = Int(key) {
                for i in trades.indices where trades[i].marketID == 0 { trades[i].marketID = keyed }
            }
            if let events = tracker?.ingest(trades: trades, nowMs: lastTimeMs) {
                summary.fills.append(contentsOf: events)
            }
        }
    }

    /// `account_all_orders:1234` -> 1234 (also with `/` as the separator).
    static func accountSuffix(_ channel: String, kind: String) -> Int64? {
        guard channel.hasPrefix(kind) else { return nil }
        let rest = channel.dropFirst(kind.count)
        guard let separator = rest.first, separator == ":" || separator == "/" else { return nil }
        return Int64(rest.dropFirst())
    }
}
