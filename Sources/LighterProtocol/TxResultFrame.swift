/// The reply to `jsonapi/sendtx`.
public struct TxResultFrame: Sendable, Hashable {
    /// The venue's code: 200 when the transaction was accepted into the sequencer.
    public var code: Int
    /// The request id the client sent, echoed.
    public var id: String?
    /// The accepted transaction's hash (lowercase hex); for a batch, the hashes joined by commas.
    public var txHash: String
    /// When the venue expects to execute it, in ms since the epoch, when sent.
    public var predictedExecutionTimeMs: Int64?
    /// Every field as documented on its property.
    public init(code: Int, id: String?, txHash: String, predictedExecutionTimeMs: Int64?) {
        self.code = code; self.id = id; self.txHash = txHash; self.predictedExecutionTimeMs = predictedExecutionTimeMs
    }
}
