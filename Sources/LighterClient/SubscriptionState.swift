import Journaling
import LighterProtocol
import StreamKit

/// The state of one subscription, as the client knows it.
public enum SubscriptionState: Sendable, Hashable, CustomStringConvertible {
    /// Sent, no answer yet.
    case pending(sinceMs: Int64)
    /// Still no answer after the confirmation timeout.
    case unconfirmed(sinceMs: Int64)
    /// The server sent its `subscribed/*` frame.
    case confirmed(atMs: Int64)
    /// The server answered with an error frame.
    case errored(code: Int?, message: String)
    /// Unsubscribed by us (book resync, token refresh) or by the server.
    case unsubscribed

    /// The state's name (`confirmed`, `errored(20013)`), as the health line prints it.
    public var description: String {
        switch self {
        case .pending: "pending"
        case .unconfirmed: "unconfirmed"
        case .confirmed: "confirmed"
        case .errored(let code, _): "errored(\(code.map(String.init) ?? "no code"))"
        case .unsubscribed: "unsubscribed"
        }
    }

    /// True once the server confirmed the subscription.
    public var isConfirmed: Bool { if case .confirmed = self { true } else { false } }
}
