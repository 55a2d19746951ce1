/// Why the engine could not start or carry on.
public enum HedgeEngineError: Error, Sendable, CustomStringConvertible {
    /// The settings cannot run on these markets: the problem, in one line.
    case configuration(String)
    /// The ledger could not be read at start, or a write failed: the engine acts no more.
    case ledger(LedgerError)

    /// The problem in one line, for the operator.
    public var description: String {
        switch self {
        case .configuration(let problem): problem
        case .ledger(let error): error.description
        }
    }
}
