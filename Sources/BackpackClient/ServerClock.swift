import Journaling
import Synchronization

/// The venue's clock as we know it: ours plus an offset learnt from `GET /api/v1/time`.
/// Signed requests carry this time, so a local clock that drifts (or a venue clock that runs
/// ahead) does not make every request "expired".
public final class ServerClock: Sendable {
    private let offset = Mutex<Int64?>(nil)
    private let local: @Sendable () -> Int64

    /// A clock with no offset yet, over `local` (the wall clock unless told otherwise).
    public init(local: @escaping @Sendable () -> Int64 = WallClock.nowMilliseconds) { self.local = local }

    /// The venue's time now, in milliseconds.
    public func nowMs() -> Int64 { local() + (offset.withLock { $0 } ?? 0) }

    /// The offset learnt so far (venue minus local), nil before the first sync.
    public var offsetMs: Int64? { offset.withLock { $0 } }

    /// Learns the offset from a time the venue answered between `sentMs` and `receivedMs`
    /// (local): the answer is taken to be from the middle of the round trip.
    public func sync(serverMs: Int64, sentMs: Int64, receivedMs: Int64) {
        let middle = sentMs + (receivedMs - sentMs) / 2
        offset.withLock { $0 = serverMs - middle }
    }

    /// The local clock, for round-trip measurements.
    public func localMs() -> Int64 { local() }
}
