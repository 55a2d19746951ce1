import Journaling
import LighterProtocol
import StreamKit

/// Why a run stopped by itself. Network trouble never does this: it is retried.
public enum StreamClientFailure: Error, Sendable, CustomStringConvertible {
    /// A fill could not be made durable: reporting it would risk reporting it twice after a
    /// restart, so the run stops before anyone hears of it.
    case journal(FillJournalError)
    /// No fill source was alive and the configuration asked to stop (`blindness.stopsRun`).
    case blind(reason: String)

    /// `stopped: …` with the reason, as the run's last line says it.
    public var description: String {
        switch self {
        case .journal(let error): "stopped: \(error); the fill was not reported (it will be, once, by the next run)"
        case .blind(let reason): "stopped: blind, no fill source alive (\(reason))"
        }
    }
}
