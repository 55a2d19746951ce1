/// How far a committed ledger write survives. Both keep the ledger in SQLite's write-ahead log.
public enum LedgerDurability: String, Sendable, Hashable, CaseIterable {
    /// `synchronous = FULL`: every commit is fsynced before the engine acts; survives a power
    /// loss as well as a crash of the process.
    case full
    /// `synchronous = NORMAL`: a commit survives a crash of the process (SIGKILL), not
    /// necessarily a power loss; no fsync per commit.
    case normal
}
