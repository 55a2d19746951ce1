import LighterProtocol

/// Something that sends a signed transaction over an open WebSocket (`jsonapi/sendtx`) and
/// waits for the venue's answer: the stream client. The trader uses it before REST, since the
/// socket is already open and its answer comes on the same connection as the order's fate.
public protocol TransactionSocket: Sendable {
    /// Sends `txInfo` (the tx object's JSON) and waits up to `timeout` for the answer.
    func sendTransaction(txType: Int, txInfo: String, timeout: Duration) async -> SocketSendResult
}
