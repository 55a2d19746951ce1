import LighterProtocol
/// The guide's scenario, decided from the facts, with its explanation and next steps.
struct Verdict {
    var scenario: Int?
    var candidates: [Int]
    var confidence: Confidence
    var title: String
    var streamWorking: Bool?
    var diagnosis: [String] = []
    var actions: [String] = []
    var signs: [Signal] = []
}

extension Judge {
    func verdict(_ f: Facts, findings: [Finding]) -> Verdict {
        guard f.anyLighter else {
            return Verdict(scenario: nil, candidates: [], confidence: .high,
                           title: "No Lighter WebSocket evidence in this log", streamWorking: nil,
                           diagnosis: ["None of the \(record.lines) lines read comes from a hedge bot's Lighter connection: "
                                + "no connection, subscription, order update or fill line."],
                           actions: ["Point doctor at the bot's main log (the Python bot writes "
                                + "logs/backpack_<TICKER>_hedge_mode_log.txt; the guide's hedge_mode_bp.log does not exist)."])
        }
        var v: Verdict
        if f.anyFill {
            v = scenario6(f, findings: findings)
        } else if record.count(.authTokenFailed) > 0 && f.connectFailures == 0 && f.accountConfirmations == 0 && f.accountUpdates == 0 {
            // The reference bot mints its token once connected: a token failure with no connect
            // failure is scenario 3's sign, whatever the (DEBUG) connection and book lines say.
            v = scenario3(f)
        } else if !f.connectionUp {
            v = scenario1(f)
        } else if !f.bookWorks && f.accountConfirmations == 0 && f.accountUpdates == 0 {
            v = scenario2(f)
        } else if f.accountConfirmations == 0 && f.accountUpdates == 0 {
            v = scenario3(f)
        } else if f.accountUpdates == 0 {
            v = scenario4(f)
        } else {
            v = scenario5(f)
        }
        // A silent account channel, or our client without a fill source, outweighs the fills and
        // updates that did arrive: scenario 4 (3 when the client blames auth). Certain evidence of
        // an earlier step (no connection, no book, auth refused) still decides.
        if v.scenario == 5 || v.scenario == 6 || (v.candidates.count > 1 && v.candidates.contains(4)) {
            let silent = f.accountSilences > 0 || f.streamGapLines > 0 || f.blindLines > 0
            if f.blindAuthLines > 0 || (silent && (record.count(.authRejected) > 0 || record.count(.authTokenFailed) > 0)) {
                v = scenario3(f)
            } else if silent {
                v = scenario4Silent(f)
            }
        }
        if v.candidates.count > 1 {
            v.diagnosis.append("To tell them apart, the next run must show the server's answers: "
                + "log at DEBUG (the per-message lines), or at least the account subscription's reply "
                + "(`subscribed/account_orders` or an error frame with its code) and each account update. "
                + "`lighter-hedge probe` with the same account and key checks the subscription directly.")
            if v.candidates.contains(4) && v.scenario != 4 {
                v.actions.append("If the subscription proves accepted (scenario 4): compare the account and market of the "
                    + "orders sent with the subscribed `account_orders/{market}/{account}`.")
            }
            if v.candidates.contains(5) && v.scenario != 5 {
                v.actions.append("If updates do arrive (scenario 5): check that hedges are marketable; a GTT limit 0.2 % "
                    + "through the book misses whenever the price moves further.")
            }
        }
        return v
    }

    // MARK: Scenario 1

    private func scenario1(_ f: Facts) -> Verdict {
        guard f.connectFailures > 0 else {
            var v = Verdict(scenario: 1, candidates: [1, 2], confidence: .low,
                            title: "The bot started its Lighter connection, and the log shows no outcome", streamWorking: false)
            v.diagnosis.append("The Lighter WebSocket task started but no line shows a connection, a subscription or a failure.")
            if record.count(.bookNotReady) > 0 {
                v.diagnosis.append("The bot gave up waiting for the first order book (\(Wording.counted(record.count(.bookNotReady), "line"))).")
            }
            v.actions.append("Log connection attempts and their errors (the reference bot logs failures at ERROR; a hang logs nothing).")
            v.actions.append("Run `lighter-hedge probe` from the same host to see which step stalls.")
            v.signs = [.connectAttempt, .bookNotReady]
            return v
        }
        var v = Verdict(scenario: 1, candidates: [1], confidence: .high,
                        title: "No connection to the Lighter WebSocket", streamWorking: false)
        let kinds = ConnectFailureKind.allCases.filter { record.connectKinds[$0.rawValue] > 0 }
        let listed = kinds.map { "\($0.name) \(record.connectKinds[$0.rawValue])" }.joined(separator: ", ")
        v.diagnosis.append("\(Wording.counted(f.connectFailures, "connection attempt")) failed (\(listed)) "
            + "and no line shows an open socket.")
        for kind in kinds {
            switch kind {
            case .dns:
                v.diagnosis.append("dns: the host name did not resolve (resolver, a typo in LIGHTER_WS_URL, no network).")
            case .refused:
                v.diagnosis.append("refused: nothing accepted the TCP connection (wrong host or port, a firewall or proxy in between).")
            case .tls:
                v.diagnosis.append("tls: the TLS handshake failed (a TLS-intercepting proxy, an old CA bundle, a wrong system clock).")
            case .upgradeRejected:
                v.diagnosis.append("upgrade-rejected: the server answered the WebSocket upgrade with an HTTP error. "
                    + "Lighter answers 400/403 from restricted regions, a case the guide does not cover.")
            case .timeout:
                v.diagnosis.append("timeout: the attempt got no answer in time (packet loss, a silently dropping firewall).")
            case .other:
                v.diagnosis.append("other: the error text did not say which step failed; the evidence lines hold it.")
            }
        }
        let endpoint = record.options.endpoint ?? .mainnet
        if kinds.contains(where: { $0 != .upgradeRejected }) {
            v.actions.append("Check name resolution and reachability: `getent hosts \(endpoint.host)`, then "
                + "`curl -sv \(endpoint.httpBase)/api/v1/orderBooks -o /dev/null`.")
        }
        v.actions.append("Test a real upgrade. The guide's curl lacks Sec-WebSocket-Key and Sec-WebSocket-Version, so a "
            + "healthy server may refuse it too; this one should answer `101 Switching Protocols`: "
            + "`curl -i -N --http1.1 -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' "
            + "-H 'Sec-WebSocket-Key: SGVsbG8sIHdvcmxkIQ==' \(endpoint.httpBase)\(endpoint.path)`.")
        if kinds.contains(.upgradeRejected) {
            v.actions.append("If the upgrade is refused only from this host, run the bot from a permitted location; "
                + "`?readonly=true` gives market data from restricted regions but no account streams, so it cannot hedge.")
        }
        v.actions.append("`lighter-hedge probe` runs the connection and each subscription and reports the step that fails.")
        v.signs = [.connectFailed, .connectAttempt]
        return v
    }

    // MARK: Scenario 2

    private func scenario2(_ f: Facts) -> Verdict {
        let sure = record.count(.bookNotReady) > 0 || record.count(.connectionClosed) > 0
        var v = Verdict(scenario: 2, candidates: [2], confidence: sure ? .high : .medium,
                        title: "Connected, but the order book subscription never answered", streamWorking: false)
        v.diagnosis.append("A socket opened, but no order book snapshot came back: no `subscribed/order_book`, "
            + "no initial offset, no book update.")
        if record.count(.bookNotReady) > 0 {
            v.diagnosis.append("The bot gave up waiting for the first book \(Wording.times(record.count(.bookNotReady))).")
        }
        if record.count(.connectionClosed) > 0 {
            v.diagnosis.append("The connection closed \(Wording.times(record.count(.connectionClosed))) without a book ever arriving.")
        }
        if !record.configuredMarkets.isEmpty {
            v.diagnosis.append("Market ids in the log: \(record.configuredMarkets.map(String.init).joined(separator: ", ")).")
        }
        v.actions.append("Check the market id in `order_book/{id}`: perpetuals are numbered 0-254, spot books from 2048; "
            + "an id that does not exist gets no snapshot.")
        v.actions.append("Log the close code and reason of every disconnect. A socket closed right after opening points at "
            + "the server refusing the session (per-IP limits: 255 connections, 200 client messages a minute).")
        v.actions.append("A healthy session starts with `{\"type\":\"connected\"}`; without it the socket does not reach "
            + "Lighter (a proxy, a wrong LIGHTER_WS_URL).")
        v.signs = [.connected, .bookNotReady, .connectionClosed, .marketConfig]
        return v
    }

    // MARK: Scenario 3

    private func scenario3(_ f: Facts) -> Verdict {
        var v: Verdict
        if record.count(.authTokenFailed) > 0 && !f.bookWorks {
            v = Verdict(scenario: 3, candidates: [3], confidence: .high,
                        title: "The auth token cannot be created: no account orders subscription can be made", streamWorking: false)
        } else if f.anyFill && (f.authProblems > 0 || f.blindAuthLines > 0) {
            v = Verdict(scenario: 3, candidates: [3], confidence: .high,
                        title: "The account channels were refused mid-session: fills after that went unseen", streamWorking: false)
            v.diagnosis.append("Fills arrived while the account channels were accepted; then the server refused them.")
        } else if f.authProblems > 0 || f.blindAuthLines > 0 {
            v = Verdict(scenario: 3, candidates: [3], confidence: .high,
                        title: "Order book works; the account orders subscription does not", streamWorking: false)
        } else if f.confirmationsVisible {
            v = Verdict(scenario: 3, candidates: [3], confidence: .medium,
                        title: "Order book works; the account orders subscription does not", streamWorking: false)
        } else {
            v = Verdict(scenario: 3, candidates: [3, 4, 5], confidence: .low,
                        title: "No fill ever arrived; this log cannot tell scenarios 3, 4 and 5 apart", streamWorking: nil)
        }
        if f.bookWorks {
            let snapshots = Wording.counted(f.bookConfirmations, "book snapshot or confirmation", "book snapshots or confirmations")
            v.diagnosis.append("The market data side works: \(snapshots)"
                + (f.bookUpdates > 0 ? ", \(Wording.counted(f.bookUpdates, "book update"))." : "."))
        }
        if record.count(.authTokenFailed) > 0 {
            v.diagnosis.append("Creating the auth token failed \(Wording.times(record.count(.authTokenFailed))): "
                + "no account subscription went out with it.")
        }
        if record.count(.authRejected) > 0 {
            v.diagnosis.append("The server rejected the account subscription "
                + "\(Wording.times(record.count(.authRejected)))\(codesText(record.authCodes)). "
                + "Code 20013 (`invalid auth`) means the token's deadline is not within the next 8 hours, or its "
                + "signature does not match the API key and account.")
        }
        if f.unconfirmed > 0 {
            v.diagnosis.append("A subscription waited with neither a confirmation nor an error "
                + "(\(Wording.counted(f.unconfirmed, "line"))).")
        }
        if f.blindAuthLines > 0 {
            v.diagnosis.append("Our client had no live fill source (\(Wording.counted(f.blindLines, "`Blind` line"))), for reasons "
                + "naming auth or the token (see fill-source-blind)"
                + (f.anyFill ? "; the fills that did arrive came while a source was alive." : "."))
        }
        if f.accountSubscribeSent > 0 && f.authProblems == 0 && f.blindAuthLines == 0 {
            v.diagnosis.append("The line `Subscribed to account orders with auth token` is written when the request is sent, "
                + "before the server answers: it proves nothing about the subscription.")
        }
        if v.candidates.count > 1 {
            v.diagnosis.append("The reference bot writes neither the server's answer to the account subscription nor account "
                + "updates at INFO, and this log has no DEBUG lines: the account channel may be rejected (3), silent (4), "
                + "or delivering orders that never fill (5).")
            if f.hedgesSent > 0 || f.fallbacks > 0 || f.hedgeTimeouts > 0 {
                v.diagnosis.append("\(Wording.were(max(f.hedgesSent, f.hedgeTimeouts), "hedge")) sent and no fill came back.")
            }
        } else if f.confirmationsVisible && f.accountConfirmations == 0 && f.accountUpdates == 0 && !f.anyFill {
            v.diagnosis.append("No account orders confirmation, no account update and no fill appear, although the log "
                + "would show them.")
        }
        if record.count(.authTokenFailed) > 0 {
            v.actions.append("Creating a token fails before anything is sent: check that API_KEY_PRIVATE_KEY is the API key's "
                + "40-byte private key in hex and that the SDK's signer library loads on this platform; "
                + "`lighter-hedge token --account N --key-file FILE` mints one natively, which tells a bad key from a broken SDK.")
        }
        v.actions.append("Mint the token with a relative expiry: lighter-sdk 1.x takes seconds from now "
            + "(`create_auth_token_with_expiry(api_key_index=…)` or `600`); passing `time.time() + 600` puts the deadline "
            + "decades out and the server answers 20013.")
        v.actions.append("Check that LIGHTER_ACCOUNT_INDEX is the account the API key was registered for (a sub-account has its "
            + "own index) and that LIGHTER_API_KEY_INDEX matches API_KEY_PRIVATE_KEY.")
        v.actions.append("Make the bot log the server's answer to each subscription, including error frames and their codes "
            + "(the reference bot drops them).")
        v.actions.append("Subscribe `account_all_trades/{account}` as well: its trade frames are a second source of fills.")
        v.signs = [.bookConfirmed, .accountSubscribeSent, .authTokenFailed, .authRejected, .subscriptionUnconfirmed,
                   .healthUnconfirmed, .hedgeTimeout, .fallbackFill]
        return v
    }

    // MARK: Scenario 4

    private func scenario4(_ f: Facts) -> Verdict {
        var v: Verdict
        if f.accountUpdatesVisible {
            let ordersKnown = f.hedgesSent > 0 || f.backpackFills > 0 || f.hedgeTimeouts > 0
            v = Verdict(scenario: 4, candidates: [4], confidence: ordersKnown ? .high : .medium,
                        title: "Account orders subscribed, but no order updates arrive", streamWorking: false)
        } else {
            v = Verdict(scenario: 4, candidates: [4, 5], confidence: .low,
                        title: "Account subscription confirmed, no fill; this log cannot tell scenarios 4 and 5 apart",
                        streamWorking: nil)
        }
        v.diagnosis.append("The account orders subscription was confirmed (\(Wording.times(f.accountConfirmations))) "
            + "but no account update follows in the log.")
        if f.hedgesSent > 0 {
            v.diagnosis.append("\(Wording.were(f.hedgesSent, "hedge order")) sent and none produced an update on this channel.")
        } else if v.confidence == .medium {
            v.diagnosis.append("No order placement shows in the log: if none was placed, no update is expected.")
        }
        v.diagnosis.append("Lighter pushes updates only for orders of this account on this market: orders placed with "
            + "another account index or market id stay invisible here.")
        if f.bookUpdates > 0 {
            v.diagnosis.append("Book updates kept arriving (\(f.bookUpdates)), so the socket itself was alive.")
        }
        v.actions.append("Compare the account index and market id of the orders sent with the subscribed channel "
            + "`account_orders/{market}/{account}`.")
        v.actions.append("Reconcile over REST after every reconnect (`accountActiveOrders`, `accountInactiveOrders`): "
            + "fills made while disconnected are not replayed on the stream.")
        v.actions.append("Whether Lighter ends an account subscription when its token expires is not established: "
            + "note the token's age when updates stop, and refresh tokens before their deadline.")
        v.signs = [.accountConfirmed, .bookConfirmed, .hedgeSent, .hedgeTimeout, .connectionClosed]
        return v
    }

    /// Scenario 4 as it shows in a working session: the account channels stop while the rest flows.
    private func scenario4Silent(_ f: Facts) -> Verdict {
        // Our client's own lines say a source failed; a silence read from the times is inferred.
        let stated = f.streamGapLines > 0 || f.blindLines > 0
        var v = Verdict(scenario: 4, candidates: [4], confidence: stated ? .high : .medium,
                        title: "The account channels went silent while the socket stayed up", streamWorking: false)
        if let longest = record.accountSilences().silences.first {
            v.diagnosis.append("The account channels delivered \(Wording.counted(longest.framesBefore, "frame")), then none from "
                + "\(TimeLabel.of(longest.start)) for \(TimeLabel.duration(longest.length))\(longest.atEnd ? " (to the end of the log)" : ""), "
                + "while \(Wording.counted(longest.othersDuring, "other frame")) (book updates) kept arriving: the socket was alive "
                + "(see account-stream-silent).")
        }
        if f.streamGapLines > 0 {
            v.diagnosis.append("Our client found \(Wording.counted(f.streamGapLines, "fill")) only through REST reconciliation "
                + "(`Account stream gap`): the account channels never showed \(f.streamGapLines == 1 ? "it" : "them").")
        }
        if f.blindLines > 0 {
            v.diagnosis.append("Our client had no live fill source (\(Wording.counted(f.blindLines, "`Blind` line"))): fills made "
                + "then went unseen until a source returned (see fill-source-blind).")
        }
        if f.anyFill {
            v.diagnosis.append("Fills did arrive while the channels delivered; any made during the silence came late, through "
                + "REST, or not at all.")
        }
        v.diagnosis.append("This is the guide's scenario 4 as it shows in a running session: subscribed, and the order "
            + "updates stop although `update/order_book` keeps coming.")
        v.actions.append("Reconcile over REST (`accountActiveOrders`, `accountInactiveOrders`) whenever the account channels have "
            + "been quiet for several times their usual gap while the book flows, not only after a reconnect, and resubscribe "
            + "the account channels.")
        v.actions.append("Subscribe `account_all_trades/{account}` too: a second source of fills when one channel stops.")
        v.actions.append("Note the auth token's age when the channel went quiet: whether Lighter ends a private subscription "
            + "when its token expires is not established; refresh tokens before their deadline and resubscribe.")
        v.actions.append("Compare the venue's fills for the silent stretch with the hedges the bot made.")
        v.signs = [.accountConfirmed, .bookConfirmed, .accountStreamGap, .blind, .sightRestored]
        return v
    }

    // MARK: Scenario 5

    private func scenario5(_ f: Facts) -> Verdict {
        let statusesSeen = !record.orderStatuses.isEmpty || !record.skippedStatuses.isEmpty
        var v = Verdict(scenario: 5, candidates: [5], confidence: statusesSeen ? .high : .medium,
                        title: "Order updates arrive, but no order reaches filled", streamWorking: true)
        v.diagnosis.append("The stream works: \(Wording.counted(f.accountUpdates, "account update")) arrived, "
            + "yet no order reached `filled` "
            + "and no fill line was written.")
        let statuses = (record.orderStatuses.isEmpty ? record.skippedStatuses : record.orderStatuses).sortedEntries
        if !statuses.isEmpty {
            v.diagnosis.append("Statuses seen: " + statuses.prefix(8).map { "\($0.name) \($0.count)" }.joined(separator: ", ") + ".")
        }
        if statuses.contains(where: { $0.name.hasPrefix("canceled") }) {
            v.diagnosis.append("A `canceled-*` status is the venue's reason for ending the order "
                + "(for example too-much-slippage, not-enough-liquidity, post-only, invalid-balance).")
        }
        if !record.partialCandidates.isEmpty {
            v.diagnosis.append("\(Wording.counted(record.partialCandidates.count, "order")) had a filled amount while not `filled`: "
                + "a bot that waits for `filled` never counts that part.")
        }
        v.actions.append("Send hedges as IOC orders with a slippage cap (Hummingbot uses 5 %, Nautilus 50 bps) rather than a "
            + "GTT limit 0.2 % through the book: a GTT that misses rests for up to 28 days and fills later, unhedged.")
        v.actions.append("Count partial fills from `filled_base_amount` or from `account_all_trades`, not from the status alone.")
        v.actions.append("Check each hedge's side (`is_ask`; Lighter's `side` field is not reliable) and price against the "
            + "book at the time it was sent.")
        v.signs = [.accountUpdate, .orderLine, .skippedOrder, .hedgeTimeout]
        return v
    }

    // MARK: Scenario 6

    private func scenario6(_ f: Facts, findings: [Finding]) -> Verdict {
        let confident = f.fillsProcessed > 0 || record.count(.fillDetected) > 0
        var v = Verdict(scenario: 6, candidates: [6], confidence: confident ? .high : .medium,
                        title: "Working: fills arrive and are processed", streamWorking: true)
        if f.unprocessedFills > 0 {
            v.title = "Fills arrive, but not all are processed"
        } else if f.fallbacks > 0 {
            v.title = "Fills arrive, but some hedges were marked filled without one"
        }
        var counts: [String] = []
        if record.count(.fillDetected) > 0 { counts.append("\(Wording.counted(record.count(.fillDetected), "fill line")) (`Order FILLED`)") }
        if f.fillsProcessed > 0 { counts.append("\(f.fillsProcessed) processed") }
        if record.count(.lighterTradeLogged) > 0 { counts.append("\(Wording.counted(record.count(.lighterTradeLogged), "Lighter trade")) logged to CSV") }
        if record.count(.fillDetected) == 0 && record.statusFilledLines > 0 {
            counts.append("\(Wording.counted(record.statusFilledLines, "order line")) with status `filled`")
        }
        v.diagnosis.append("The stream works: fills arrive over the account channel. " + counts.joined(separator: ", ") + ".")
        if record.count(.fillDetected) == 0 && f.fillsProcessed > 0 {
            v.diagnosis.append("The reference bot writes its fill detections at DEBUG; the processed fills "
                + "(`[Lighter] [FILLED]`) are the proof here.")
        }
        if f.unprocessedFills > 0 {
            v.diagnosis.append("\(Wording.were(f.unprocessedFills, "detected fill")) not processed (see fill-not-processed).")
        }
        if f.fallbacks > 0 {
            v.diagnosis.append("\(Wording.counted(f.fallbacks, "hedge")) reached the 30 s timeout and "
                + "\(Wording.was(f.fallbacks)) marked filled anyway (see fallback-fill).")
        }
        if record.recoveredFills > 0 {
            v.diagnosis.append("\(Wording.were(record.recoveredFills, "fill")) recovered over REST after a reconnect: "
                + "made while the socket was down.")
        }
        if f.backpackFills > 0 {
            let lighter = max(f.fillsProcessed, record.count(.lighterTradeLogged))
            v.diagnosis.append("Backpack maker fills: \(f.backpackFills); Lighter hedge fills processed: \(lighter)"
                + (f.backpackFills > lighter ? " (\(Wording.counted(f.backpackFills - lighter, "leg")) without a Lighter fill)." : "."))
        }
        if f.pythonLines > 0 {
            v.diagnosis.append("The reference bot completes the current hedge on any `filled` order in an update, without "
                + "matching client_order_index: a late fill of an old order can satisfy a new wait.")
        }
        if findings.contains(where: { $0.severity == .error }) {
            v.actions.append("Fix the error findings below; the stream itself is not the problem.")
        } else {
            v.actions.append("Nothing to fix in the stream. Compare positions on both venues now and then: the log cannot "
                + "show a fill the venue made while the socket was down.")
        }
        if record.count(.fillHandlingError) > 0 {
            v.actions.append("Read the `Error handling Lighter order result` lines: the handler needs `filled_base_amount` and "
                + "`filled_quote_amount` and divides one by the other.")
        } else if f.unprocessedFills > 0 {
            v.actions.append("Follow the orders listed under fill-not-processed: each reached `filled` on the stream and no "
                + "fill line or trade followed (a handler that skipped it, or a market key it does not read).")
        }
        v.signs = [.fillDetected, .fillProcessed, .lighterTradeLogged, .fillHandlingError, .fallbackFill]
        return v
    }

    private func codesText(_ codes: [Int: Int]) -> String {
        let known = codes.filter { $0.key >= 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        guard !known.isEmpty else { return "" }
        return " (code " + known.map { "\($0.key)" }.joined(separator: ", ") + ")"
    }
}
