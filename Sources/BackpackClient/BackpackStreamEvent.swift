import BackpackProtocol
import Journaling
import StreamKit

/// What the Backpack client reports to whoever runs it (the CLI, tests).
public enum BackpackStreamEvent: Sendable {
    case connecting(url: String, attempt: Int)
    /// The WebSocket is open.
    case connected
    case connectFailed(ConnectFailure)
    case disconnected(cause: String)
    case reconnecting(afterMs: Int64, attempt: Int, cause: String)
    /// The venue's clock offset learnt from `/api/v1/time` (venue minus local).
    case clockSynced(offsetMs: Int64)
    case subscription(stream: String, state: BackpackSubscriptionState)
    /// The book after it was seeded from a snapshot or an update was applied.
    case book(BackpackOrderBook)
    /// `bookTicker`: the venue's best bid and ask.
    case bookTicker(BackpackBookTicker)
    /// The book was seeded from a REST snapshot aligned with the buffered updates.
    case bookSynced(lastUpdateID: Int64, appliedBuffered: Int)
    /// `U` did not follow `u + 1`: the book was dropped and is being seeded again from a REST
    /// snapshot, with the socket kept.
    case bookResync(expected: Int64, received: Int64)
    /// Journaled before this event is sent.
    case fill(BackpackFillEvent)
    /// Every `account.orderUpdate` event (fills also come as `.fill`).
    case orderUpdate(BackpackOrderUpdate)
    case position(BackpackPositionUpdate)
    case serverError(BackpackStreamError)
    case reconciled(fillsChecked: Int, fillsRecovered: Int)
    /// A walk through the fills history failed (rate limited, refused, unreachable); the next
    /// one is due on the schedule.
    case reconcileFailed(BackpackRESTError)
    /// Where the reported history begins; `isNew` when this run started the journal.
    case historyOrigin(JournalOrigin, isNew: Bool)
    /// REST found a fill the order stream never showed, though it was subscribed.
    case accountStreamGap(tradeID: Int64, orderID: String, stream: String, lastFrameAgeMs: Int64?)
    /// No fill source is alive (repeated while it lasts).
    case blind(reason: String, forMs: Int64)
    /// A fill source is back after `blindMs` of blindness.
    case sightRestored(blindMs: Int64)
    case health(BackpackHealth)
}
