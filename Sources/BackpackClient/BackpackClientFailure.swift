import Journaling

/// Why a run stopped by itself. Network trouble never does this: it is retried.
public enum BackpackClientFailure: Error, Sendable, CustomStringConvertible {
    /// A fill could not be made durable: the run stops before anyone hears of it.
    case journal(JournalError)
    /// The journal belongs to another account or market.
    case wrongJournal(String)
    /// No fill source was alive and the configuration asked to stop (`blindness.stopsRun`).
    case blind(reason: String)

    /// Why the run stopped, in a line.
    public var description: String {
        switch self {
        case .journal(let error): "stopped: \(error); the fill was not reported (it will be, once, by the next run)"
        case .wrongJournal(let reason): "stopped: \(reason)"
        case .blind(let reason): "stopped: blind, no fill source alive (\(reason))"
        }
    }
}
