/// Why the ledger could not be opened, read or written. Never holds a key or a token.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
