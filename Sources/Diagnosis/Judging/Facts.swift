/// What the counters add up to, computed once at the end of the pass.
struct Facts {
    var anyLighter = false
    var levelledLines = 0
    var debugLines = 0
    var oursLines = 0
    var pythonLines = 0
    /// The log writes subscription confirmations at its level (DEBUG on, or the forked bot's
    /// or our INFO confirmation lines seen): a missing account confirmation means something.
    var confirmationsVisible = false
    /// The log would show account updates at its level.
    var accountUpdatesVisible = false
    var connectionUp = false
    var connectFailures = 0
    var bookConfirmations = 0
    var bookUpdates = 0
    var accountSubscribeSent = 0
    var accountConfirmations = 0
    var accountUpdates = 0
    var fillLines = 0
    var fillsProcessed = 0
    var unprocessedFills = 0
    var authProblems = 0
    var unconfirmed = 0
    var hedgesSent = 0
    var backpackFills = 0
    var fallbacks = 0
    var hedgeTimeouts = 0
    /// Silences of the account channels while the rest of the stream flowed.
    var accountSilences = 0
    /// Our client's `Account stream gap` lines: fills only REST reconciliation found.
    var streamGapLines = 0
    /// Our client's `Blind` lines, and those whose reason names auth or the token.
    var blindLines = 0
    var blindAuthLines = 0

    var debugOff: Bool { levelledLines > 0 && debugLines == 0 }
    var bookWorks: Bool { bookConfirmations > 0 || bookUpdates > 0 }
    var anyFill: Bool { fillLines > 0 }
}

extension DiagnosisState {
    func facts() -> Facts {
        var f = Facts()
        func type(_ name: String) -> Int { messageTypes.count(of: name) }
        func healthRate(_ name: String) -> Int { healthTypes.count(of: name) }

        f.levelledLines = lines - levelCounts[LogLevel.none.rawValue]
        f.debugLines = levelCounts[LogLevel.debug.rawValue]
        f.oursLines = writerCounts[LineWriter.lighterHedge.rawValue]
        f.pythonLines = writerCounts[LineWriter.pythonBot.rawValue]
        f.connectFailures = count(.connectFailed)
        // The same event, told by different lines: the largest count is the number of events.
        f.bookConfirmations = max(count(Tally.bookConfirmationLine), count(Tally.bookInitialOffset),
                                  count(Tally.bookSnapshotLoaded), type("subscribed/order_book"),
                                  count(Tally.bookDataReceived))
        f.bookUpdates = max(count(.bookUpdate), type("update/order_book"), healthRate("update/order_book"))
        f.accountSubscribeSent = max(count(Tally.accountSubscribeLine), count(Tally.accountSubscribeMessage),
                                     count(Tally.accountChannelLine))
        f.accountConfirmations = max(count(Tally.accountConfirmationLine), count(Tally.accountConfirmedByServer),
                                     type("subscribed/account_orders") + type("subscribed/account_all_orders"))
        f.accountUpdates = max(count(.accountUpdate), type("update/account_orders") + type("update/account_all_orders"))
        if f.accountUpdates == 0 {
            // Without update lines, order lines or a health line's rate still show updates arriving.
            f.accountUpdates = max(count(.orderLine), healthRate("update/account_orders") + healthRate("update/account_all_orders"))
        }
        f.fillLines = count(.fillDetected) + count(.fillProcessed) + statusFilledLines
        f.fillsProcessed = count(.fillProcessed)
        let oursFillLines = count(.fillDetected) - pythonFillsDetected
        let pythonProcessed = count(.fillProcessed) - oursFillLines
        f.unprocessedFills = max(count(.fillHandlingError), pythonFillsDetected - max(0, pythonProcessed))
            + unreportedFilled.count
        f.unconfirmed = count(.subscriptionUnconfirmed) + count(.healthUnconfirmed)
        f.authProblems = count(.authTokenFailed) + count(.authRejected) + f.unconfirmed
        f.hedgesSent = count(.hedgeSent)
        f.backpackFills = count(.backpackFill)
        f.fallbacks = count(.fallbackFill)
        f.hedgeTimeouts = count(.hedgeTimeout) + count(.hedgeBudgetSpent)
        f.accountSilences = accountSilences().silences.count
        f.streamGapLines = count(.accountStreamGap)
        f.blindLines = count(.blind)
        f.blindAuthLines = blindAuthLines

        f.connectionUp = count(.connected) > 0 || f.bookWorks || f.accountConfirmations > 0 || f.accountUpdates > 0
            || f.accountSubscribeSent > 0 || count(.connectionClosed) > 0 || f.anyFill || count(.authRejected) > 0
            || !messageTypes.isEmpty || count(.unexpected) > 0 || count(.undecodable) > 0
        f.confirmationsVisible = f.debugLines > 0 || confirmationLinesWritten
        // The forked bot writes account updates at INFO; ours lists frame rates in health lines.
        f.accountUpdatesVisible = f.debugLines > 0 || (confirmationLinesWritten && f.pythonLines > 0 && wsTaggedLines > 0)
            || count(.health) > 0

        let lighterSignals: [Signal] = [
            .connectAttempt, .connected, .connectFailed, .bookConfirmed, .bookUpdate, .bookNotReady,
            .accountSubscribeSent, .accountConfirmed, .tradesConfirmed, .accountUpdate, .orderLine, .skippedOrder,
            .fillDetected, .fillProcessed, .lighterTradeLogged, .hedgeSent, .hedgeTimeout, .fallbackFill,
            .fillHandlingError, .authTokenFailed, .authRejected, .subscriptionUnconfirmed, .connectionClosed,
            .websocketError, .outOfOrder, .silence, .reconnect, .unexpected, .undecodable, .serverError, .bookGap,
            .health, .marketConfig, .spotMarket, .accountStreamGap, .blind, .sightRestored, .hedgeBudgetSpent, .nakedLeg,
        ]
        f.anyLighter = wsTaggedLines > 0 || !messageTypes.isEmpty || lighterSignals.contains { count($0) > 0 }
        return f
    }
}
