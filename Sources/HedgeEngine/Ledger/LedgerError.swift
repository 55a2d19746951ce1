/// Why the ledger could not be opened, read or written. Never holds a key or a token.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    /// What failed, in one line (naming the file when it matters).
    public var description: String

    /// An error that says `description`.
    public init(_ description: String) { self.description = description }
}
