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

/// What the stream client reports to whoever runs it (the CLI, tests).
public enum StreamEvent: Sendable {
    case connecting(url: String, attempt: Int)
    case connected(sessionID: String)
    case connectFailed(ConnectFailure)
    case disconnected(cause: String)
    case reconnecting(afterMs: Int64, attempt: Int, cause: String)
    case subscription(channel: StreamChannel, state: SubscriptionState)
    /// The book after a snapshot or an applied update (a value: holding it costs a copy
    /// only if it is kept while the next frame arrives).
    case book(OrderBook)
    /// A nonce gap: the book was dropped and its channel resubscribed.
    case bookResync(market: Int, expected: Int64, received: Int64?)
    /// Journaled before this event is sent.
    case fill(FillEvent)
    /// One of the market's orders as a frame or a REST list showed it, after any fill it
    /// carried was reported; only with `reportOrders`.
    case order(OrderUpdate)
    case serverError(ErrorFrame)
    /// No auth token could be had (the reason never holds the token or a key): the account
    /// channels go without one, or keep the last.
    case authTokenFailed(reason: String)
    case reconciled(ordersChecked: Int, fillsRecovered: Int)
    case health(HealthSummary)
    /// Where the reported history begins; `isNew` when this run started the journal, so fills
    /// from before the origin are not reported.
    case historyOrigin(JournalOrigin, isNew: Bool)
    /// REST found a fill the account channels never showed, though the socket was up.
    case accountStreamGap(orderIndex: Int64, channel: String, lastFrameAgeMs: Int64?)
    /// No fill source is alive (repeated while it lasts).
    case blind(reason: String, forMs: Int64)
    /// A fill source is back after `blindMs` of blindness.
    case sightRestored(blindMs: Int64)
}

/// Why a run stopped by itself. Network trouble never does this: it is retried.
public enum StreamClientFailure: Error, Sendable, CustomStringConvertible {
    /// A fill could not be made durable: reporting it would risk reporting it twice after a
    /// restart, so the run stops before anyone hears of it.
    case journal(FillJournalError)
    /// No fill source was alive and the configuration asked to stop (`exitOnBlind`).
    case blind(reason: String)

    /// `stopped: …` with the reason, as the run's last line says it.
    public var description: String {
        switch self {
        case .journal(let error): "stopped: \(error); the fill was not reported (it will be, once, by the next run)"
        case .blind(let reason): "stopped: blind, no fill source alive (\(reason))"
        }
    }
}
