/// Messages a client sends.
public enum ClientMessage: Sendable, Hashable {
    case subscribe(channel: String, auth: String?)
    case unsubscribe(channel: String)
    case ping
    case pong
    /// `tx_info` is a JSON object on the wire; `txInfoJSON` holds its text.
    case sendTx(id: String?, txType: Int, txInfoJSON: String)
    /// Both lists are JSON-encoded strings on the wire; here decoded.
    case sendTxBatch(id: String?, txTypes: [Int], txInfoJSONs: [String])
}
