import Journaling
import LighterProtocol
import StreamKit

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
