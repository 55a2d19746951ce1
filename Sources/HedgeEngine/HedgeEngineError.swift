/// Why the engine could not start or carry on.
public enum HedgeEngineError: Error, Sendable, CustomStringConvertible {
    case configuration(String)
    case ledger(LedgerError)

    public var description: String {
        switch self {
        case .configuration(let problem): problem
        case .ledger(let error): error.description
        }
    }
}
