/// The wording of the Lighter WebSocket diagnostic guide's log lines, defined once: the client's
/// log writer (`GuideLog`) writes these phrases and `doctor` (`Diagnosis`) recognises lines by
/// them, so a change of wording reaches both. Most are the reference Python bot's own words,
/// which the guide greps for; the rest are lines only LighterHedge writes.
///
/// Each phrase is a `StaticString` behind an inlinable accessor: the reader compares a line's
/// bytes against the literal's bytes in place, with no lookup or copy per line.
///
///     line.match(GuidePhrase.orderFilled, at: p)          // doctor: where the phrase ends
///     "\(GuideLog.fillTag) \(GuidePhrase.orderFilled): id=…"  // the writer
public enum GuidePhrase {
    // MARK: Tags

    /// The tag of the per-frame lines (after an emoji): the forked bot's and ours.
    @inlinable public static var streamTag: StaticString { "[LIGHTER WS]" }

    // MARK: Per-frame lines (after the stream tag)

    /// Every received frame: `Received message type: update/order_book`.
    @inlinable public static var receivedType: StaticString { "Received message type: " }
    /// The server's `connected` greeting.
    @inlinable public static var serverGreeting: StaticString { "Server greeting" }
    /// A subscription's first answer; what was subscribed follows (`order book`, `account orders`, …).
    @inlinable public static var subscriptionConfirmation: StaticString { "Subscription confirmation: subscribed to " }
    /// What a confirmation names: the order book.
    @inlinable public static var confirmedOrderBook: StaticString { "order book" }
    /// What a confirmation names: one market's account orders.
    @inlinable public static var confirmedAccountOrders: StaticString { "account orders" }
    /// What a confirmation names: the account's orders on every market.
    @inlinable public static var confirmedAccountAllOrders: StaticString { "account all orders" }
    /// What a confirmation names: the account's trades.
    @inlinable public static var confirmedAccountAllTrades: StaticString { "account all trades" }
    /// An order book delta.
    @inlinable public static var bookUpdate: StaticString { "Order book update" }
    /// An account orders delta; its market keys follow (`- Markets: ['0']`).
    @inlinable public static var accountOrdersUpdate: StaticString { "Account orders update received" }
    /// An account trades delta.
    @inlinable public static var accountTradesUpdate: StaticString { "Account trades update" }
    /// One market's orders in an account frame: `Market 0: 2 orders`.
    @inlinable public static var marketOrders: StaticString { "Market " }
    /// One order of an account delta, followed by its index: `Order 0: id=…, status=…`.
    @inlinable public static var orderLine: StaticString { "Order " }
    /// One order of an account snapshot: the baseline, not a fill to process.
    @inlinable public static var snapshotOrderLine: StaticString { "Snapshot order " }
    /// The fill handler's walk over a delta's orders.
    @inlinable public static var processing: StaticString { "Processing " }
    /// A server ping.
    @inlinable public static var pingReceived: StaticString { "Ping received" }
    /// A public trade (`Trade update - …`) or an account trade (`Trade 0: …`).
    @inlinable public static var trade: StaticString { "Trade " }
    /// An order the fill handler passed over: `Skipping order id=X with status=S (not filled)`.
    @inlinable public static var skippingOrder: StaticString { "Skipping order id=" }
    /// Every fill, partial ones too: the guide's `grep "Order FILLED"`.
    @inlinable public static var orderFilled: StaticString { "Order FILLED" }
    /// The field LighterHedge's fill line ends with, naming its source; the Python bot's has none.
    @inlinable public static var fillSource: StaticString { ", source=" }
    /// The flag on a fill only REST reconciliation found.
    @inlinable public static var fillRecovered: StaticString { "recovered=true" }
    /// An error frame, with its venue code.
    @inlinable public static var serverErrorFrame: StaticString { "Server error frame: code=" }
    /// A frame of a type the client does not know; its `Payload:` line follows.
    @inlinable public static var unexpectedType: StaticString { "UNEXPECTED MESSAGE TYPE: " }
    /// The raw text of an unexpected frame.
    @inlinable public static var payload: StaticString { "Payload: " }
    /// A frame that is not the JSON Lighter sends.
    @inlinable public static var undecodable: StaticString { "Undecodable frame" }
    /// A subscribe message as sent (credentials redacted).
    @inlinable public static var sendingSubscription: StaticString { "Sending subscription: " }

    // MARK: Connection and account lines

    /// A connection attempt.
    @inlinable public static var connecting: StaticString { "Connecting to Lighter websocket" }
    /// The upgrade succeeded.
    @inlinable public static var connected: StaticString { "Connected to Lighter websocket" }
    /// The guide's scenario 1 sign.
    @inlinable public static var connectFailed: StaticString { "Failed to connect to Lighter websocket" }
    /// The guide's scenario 4 grep, `connection closed`.
    @inlinable public static var connectionClosed: StaticString { "Lighter websocket connection closed" }
    /// LighterHedge's reconnect line; its cause follows `cause: `.
    @inlinable public static var reconnecting: StaticString { "Reconnecting to Lighter websocket" }
    /// The label of a reconnect's cause.
    @inlinable public static var reconnectCause: StaticString { "cause: " }
    /// The guide's scenario 3 grep. The Python bot writes it when the subscribe is sent;
    /// LighterHedge only once the server confirmed, and says so (`confirmedByServer`).
    @inlinable public static var accountSubscribed: StaticString { "Subscribed to account orders with auth token" }
    /// What tells LighterHedge's `accountSubscribed` line from the Python bot's.
    @inlinable public static var confirmedByServer: StaticString { "confirmed by server" }
    /// The guide's scenario 3 grep for a token that could not be made.
    @inlinable public static var authTokenFailed: StaticString { "Failed to create auth token" }
    /// A break in the book's nonce chain.
    @inlinable public static var bookGap: StaticString { "Order book gap on market" }
    /// A token renewed before its deadline.
    @inlinable public static var tokenRefresh: StaticString { "Refreshing auth token" }
    /// A fill only REST reconciliation found: the account channel is silent.
    @inlinable public static var accountStreamGap: StaticString { "Account stream gap:" }
    /// No fill source is alive; the spell's seconds and reason follow.
    @inlinable public static var blind: StaticString { "Blind: no fill source is alive" }
    /// Where a blind line's reason ends and its fixed tail starts.
    @inlinable public static var blindTail: StaticString { "; fills made now" }
    /// The end of a blind spell.
    @inlinable public static var sightRestored: StaticString { "Fill source restored for account" }
    /// The periodic health line: `Health: msgs/s {…}; subscriptions …`.
    @inlinable public static var health: StaticString { "Health: " }
}
