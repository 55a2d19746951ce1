import LighterProtocol
import LighterSigner

/// How the simulator checks auth tokens and transaction signatures.
public enum SimulatorAuthMode: String, Sendable, CaseIterable {
    /// As the venue: tokens and transactions must be signed by a registered API key.
    case verified
    /// Format, 8-hour window and account binding are checked, signatures are not. Only for
    /// clients that cannot sign; named so that nobody mistakes it for the venue.
    case unverifiedSignatures = "unverified-signatures"
}
