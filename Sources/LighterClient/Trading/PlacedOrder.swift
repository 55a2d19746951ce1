import LighterProtocol

/// What the venue accepted: the order is in the sequencer; its fate (filled, partly filled then
/// `canceled-*`, rejected) comes from the fill stream or REST, never from a timeout.
public struct PlacedOrder: Sendable, Hashable {
    /// How the transaction reached the venue.
    public enum Route: String, Sendable, Hashable {
        /// `jsonapi/sendtx` on the stream client's open connection.
        case socket
        /// `POST /api/v1/sendTx`.
        case rest
    }

    /// The order's client order index: the key to its fills and updates.
    public var clientOrderIndex: Int64
    /// The nonce the transaction was signed with.
    public var nonce: Int64
    /// The transaction's hash, as the venue answered it.
    public var txHash: String
    /// When the venue expects to execute it, in ms since the epoch, when it said.
    public var predictedExecutionTimeMs: Int64?
    /// How the transaction reached the venue.
    public var route: Route = .rest
}
