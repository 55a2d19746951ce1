import LighterProtocol

/// The frames of one chunk of a recording, decoded apart from the rest (on any core) for
/// `ReplayPipeline.take(_:)` to apply in file order. Book frames keep their levels in one
/// array for the chunk; the chunk is reused once taken, so that once its arrays have grown,
/// decoding a chunk of book frames allocates nothing.
struct DecodedChunk: Sendable {
    struct Entry: Sendable {
        enum Kind: UInt8, Sendable {
            case orderBook
            /// Any other frame: in `frames` at `frame`.
            case frame
            case undecodable
        }

        var kind: Kind
        var timeMs: Int64?
        /// The frame's bytes (unescaped), as `feed(bytes:timeMs:)` would have been given them.
        var byteCount: Int
        var header: OrderBookFrame.Header
        /// The book frame's asks and bids in `levels`.
        var asks: Range<Int>
        var bids: Range<Int>
        var frame: Int
    }

    private(set) var entries: [Entry] = []
    private(set) var levels: [PriceLevel] = []
    private(set) var frames: [ServerFrame] = []

    /// Every entry's header that is not a book frame's.
    private static let noHeader = OrderBookFrame.Header(market: 0, isSnapshot: false, offset: 0, nonce: 0, beginNonce: nil)

    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        levels.removeAll(keepingCapacity: true)
        frames.removeAll(keepingCapacity: true)
    }

    /// A book frame whose levels are in `decoded` (borrowed: copying it would retain its arrays).
    mutating func appendBook(_ header: OrderBookFrame.Header, levels decoded: inout FrameDecoder.Levels, timeMs: Int64?, byteCount: Int) {
        let asksStart = levels.count
        decoded.asks.withUnsafeBufferPointer { levels.append(contentsOf: $0) }
        let bidsStart = levels.count
        decoded.bids.withUnsafeBufferPointer { levels.append(contentsOf: $0) }
        entries.append(Entry(kind: .orderBook, timeMs: timeMs, byteCount: byteCount, header: header,
                             asks: asksStart..<bidsStart, bids: bidsStart..<levels.count, frame: 0))
    }

    mutating func appendFrame(_ frame: ServerFrame, timeMs: Int64?, byteCount: Int) {
        frames.append(frame)
        entries.append(Entry(kind: .frame, timeMs: timeMs, byteCount: byteCount, header: Self.noHeader,
                             asks: 0..<0, bids: 0..<0, frame: frames.count - 1))
    }

    mutating func appendUndecodable(timeMs: Int64?, byteCount: Int) {
        entries.append(Entry(kind: .undecodable, timeMs: timeMs, byteCount: byteCount, header: Self.noHeader,
                             asks: 0..<0, bids: 0..<0, frame: 0))
    }
}
