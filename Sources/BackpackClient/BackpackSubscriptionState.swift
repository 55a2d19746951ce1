/// What the client knows of one stream subscription. The venue never acknowledges a
/// subscribe: a stream is known to work only once its data arrives, and known to have failed
/// only by an error frame.
public enum BackpackSubscriptionState: Sendable, Hashable, CustomStringConvertible {
    /// Sent; neither data nor an error yet.
    case sent(atMs: Int64)
    /// Sent a while ago with no error: the venue took it (a private stream has nothing to say
    /// until the account trades).
    case quiet(sinceMs: Int64)
    /// Data arrived on it.
    case live(atMs: Int64)
    /// The venue answered with an error frame.
    case errored(code: Int, message: String)
    /// A public stream with no data long after subscribing: the venue answers an unknown symbol
    /// with silence.
    case unconfirmed(sinceMs: Int64)

    /// The state in a word, for status and health lines.
    public var description: String {
        switch self {
        case .sent: "sent"
        case .quiet: "quiet"
        case .live: "live"
        case .errored(let code, _): "errored(\(code))"
        case .unconfirmed: "unconfirmed"
        }
    }

    /// Not refused: data flows, or the venue took the subscribe without a word.
    public var isStanding: Bool {
        switch self {
        case .quiet, .live: true
        default: false
        }
    }
}
