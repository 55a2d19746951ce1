/// What `OrderBook.apply(_:)` did with a frame.
public enum BookApplyResult: Sendable, Equatable {
    /// A snapshot replaced the whole book; the book is now synced.
    case snapshot
    /// An update continued the nonce chain and was applied.
    case applied
    /// An update did not continue the chain: frames were lost. The book has been cleared
    /// and is unsynced; the caller must resubscribe to get a fresh snapshot.
    /// `expected` is the book's nonce, `received` the update's `beginNonce`.
    case gap(expected: Int64, received: Int64?)
    /// An update at or behind the book's nonce (a replay or reordering); ignored.
    case stale(nonce: Int64)
    /// An update arrived before any snapshot (or after a gap); ignored.
    case notSynced
    /// The frame is for another market; ignored.
    case wrongMarket(Int)
}
