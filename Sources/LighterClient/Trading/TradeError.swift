import LighterProtocol

/// Why an order was not accepted.
public enum TradeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Refused before signing: the request breaks the market's or the signer's rules.
    case invalid(String)
    /// The venue refused it with its code.
    case rejected(VenueErrorCode, message: String)
    /// No answer: the order may or may not have reached the venue; look it up by its client
    /// order index before placing it again.
    case unknownOutcome(clientOrderIndex: Int64, reason: String)

    /// The outcome in words, for logs and errors.
    public var description: String {
        switch self {
        case .invalid(let reason): "not sent: \(reason)"
        case .rejected(let code, let message): "rejected by the venue: \(code): \(message)"
        case .unknownOutcome(let index, let reason):
            "no answer for client order \(index) (\(reason)): look it up before sending it again"
        }
    }
}
