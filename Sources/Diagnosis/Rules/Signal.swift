/// The signs a line can carry. Each has a count and its first few lines as evidence.
enum Signal: Int, CaseIterable {
    /// `Connecting to Lighter websocket`, `Lighter WebSocket task started`.
    case connectAttempt
    /// Proof that a socket was open: `Connected to …`, the server's `connected` greeting, or a
    /// line the Python bot only writes inside an open connection.
    case connected
    case connectFailed
    /// The order book subscription answered: a confirmation, the snapshot's offset, `… data received`.
    case bookConfirmed
    case bookUpdate
    /// `Timeout waiting for Lighter WebSocket order book data`, `… order book not ready`.
    case bookNotReady
    /// The account subscription was sent (the Python bot's `Subscribed to account orders with
    /// auth token (expires …)` says only this: it is written before any answer).
    case accountSubscribeSent
    case accountConfirmed
    case tradesConfirmed
    case accountUpdate
    /// `Order i: id=…, status=…` inside an account update.
    case orderLine
    /// `Skipping order id=… with status=… (not filled)`.
    case skippedOrder
    /// `Order FILLED` lines.
    case fillDetected
    /// `[Lighter] [FILLED]` (the Python bot's handler ran) or our fill line (journalled).
    case fillProcessed
    case lighterTradeLogged
    case backpackFill
    /// `[Lighter] [OPEN]`: a hedge order was sent.
    case hedgeSent
    case hedgeTimeout
    case fallbackFill
    case fillHandlingError
    case authTokenFailed
    case authRejected
    /// Other auth and token lines, shown by the auth check.
    case authInfo
    case subscriptionUnconfirmed
    /// Unconfirmed subscriptions as a health line lists them.
    case healthUnconfirmed
    case connectionClosed
    case websocketError
    case outOfOrder
    case silence
    case reconnect
    case unexpected
    case undecodable
    case serverError
    case bookGap
    case health
    case marketConfig
    case spotMarket
    case noPong
    case secret
    case storm
    /// Our client's `Account stream gap:` line: a fill only REST reconciliation found.
    case accountStreamGap
    /// Our client's `Blind: no fill source is alive` line.
    case blind
    /// Our client's `Fill source restored` line, the end of a blind spell.
    case sightRestored
    /// Our engine's `[ENGINE] Hedge budget spent` or `Kill switch` line: hedges that did not
    /// fill within the budget (the engine flattens or stops; it never marks one filled).
    case hedgeBudgetSpent
    /// Our engine ended (stopped or done) with naked exposure left.
    case nakedLeg
}
