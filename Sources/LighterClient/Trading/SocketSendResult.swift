import LighterProtocol

/// What became of a transaction handed to the socket.
public enum SocketSendResult: Sendable, Hashable {
    /// In the sequencer: its fate comes on the account channels.
    case accepted(txHash: String, predictedExecutionTimeMs: Int64?)
    /// Refused by the venue with its code: nothing of it executes.
    case rejected(VenueErrorCode, message: String)
    /// Never written to a socket (none open): safe to send another way.
    case notSent(String)
    /// Written, but no answer came (the connection closed, or the wait ran out): it may exist.
    case unknown(String)
}
