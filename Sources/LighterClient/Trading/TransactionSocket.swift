import LighterProtocol

/// Something that sends a signed transaction over an open WebSocket (`jsonapi/sendtx`) and
/// waits for the venue's answer: the stream client. The trader uses it before REST, since the
/// socket is already open and its answer comes on the same connection as the order's fate.
public protocol TransactionSocket: Sendable {
    /// Sends `txInfo` (the tx object's JSON) and waits up to `timeout` for the answer.
    func sendTransaction(txType: Int, txInfo: String, timeout: Duration) async -> SocketSendResult
}

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
