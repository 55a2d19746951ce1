/// The guide's six quick checks, answered from the same pass. Each names the shell command it
/// replaces; the message-types one is corrected (the guide cuts field 5, but the timestamp's
/// colons put the type in field 4).
extension Judge {
    func quickChecks(_ f: Facts) -> [String: QuickCheck] {
        let checks = [
            connectionCheck(f), authCheck(f), orderUpdatesCheck(f), fillsCheck(f), messageTypesCheck(f), unexpectedCheck(),
        ]
        return Dictionary(uniqueKeysWithValues: checks.map { ($0.name, $0) })
    }

    private func check(_ name: String, _ title: String, _ command: String, _ status: CheckStatus, _ summary: String,
                       counts: [String: Int], signals: [Signal], total: Int) -> QuickCheck {
        let (lines, omitted) = merged(signals, total: total)
        return QuickCheck(name: name, title: title, command: command, status: status, summary: summary,
                          counts: counts.filter { $0.value > 0 }, lines: lines, linesOmitted: omitted)
    }

    // 1. grep "subscribed" LOG | head -5
    private func connectionCheck(_ f: Facts) -> QuickCheck {
        let book = f.bookConfirmations
        let account = f.accountConfirmations
        let trades = record.count(.tradesConfirmed) + record.messageTypes.count(of: "subscribed/account_all_trades")
        let counts = ["order book confirmations": book, "account orders confirmations": account,
                      "account trades confirmations": trades, "connect attempts": record.count(.connectAttempt),
                      "failed connects": f.connectFailures, "reconnects": record.reconnectsTotal]
        let status: CheckStatus
        var summary: String
        if book > 0 && account > 0 {
            status = .ok
            summary = "Both subscriptions were confirmed (book \(book), account orders \(account))."
        } else if book > 0 && !f.confirmationsVisible {
            status = .unknown
            summary = "The book answered (\(book)); this log does not write the account subscription's answer."
        } else if book > 0 {
            status = .problem
            summary = "The book was confirmed (\(book)) but the account orders subscription never was."
        } else if f.connectFailures > 0 && !f.connectionUp {
            status = .problem
            summary = "No connection: \(f.connectFailures) failed attempts."
        } else {
            status = f.connectionUp ? .problem : .unknown
            summary = f.connectionUp ? "Connected, but no subscription was confirmed." : "No subscription line in the log."
        }
        if record.reconnectsTotal > 0 { summary += " Reconnects: \(record.reconnectsTotal)." }
        return check("connection", "Connection health", "grep \"subscribed\" LOG | head -5", status, summary,
                     counts: counts, signals: [.bookConfirmed, .accountConfirmed, .tradesConfirmed, .connectFailed],
                     total: book + account + trades + f.connectFailures)
    }

    // 2. grep -i "auth\|token" LOG
    private func authCheck(_ f: Facts) -> QuickCheck {
        let counts = ["token failures": record.count(.authTokenFailed), "subscriptions sent": f.accountSubscribeSent,
                      "confirmed": f.accountConfirmations, "rejected": record.count(.authRejected),
                      "unconfirmed": f.unconfirmed, "secrets printed": record.count(.secret)]
        let status: CheckStatus
        let summary: String
        if record.count(.authTokenFailed) > 0 || record.count(.authRejected) > 0 || f.unconfirmed > 0 {
            status = .problem
            summary = "Auth failed: \(record.count(.authTokenFailed)) token failures, \(record.count(.authRejected)) rejections, "
                + "\(f.unconfirmed) unconfirmed subscriptions."
        } else if record.count(.secret) > 0 {
            status = .attention
            summary = "Auth works as far as the log shows, but \(record.count(.secret)) lines print a credential."
        } else if f.accountConfirmations > 0 || f.anyFill {
            status = .ok
            summary = "The account subscription was accepted."
        } else if f.accountSubscribeSent > 0 {
            status = .unknown
            summary = "The account subscription was sent; the log does not show the server's answer."
        } else {
            status = .unknown
            summary = "No auth line in the log."
        }
        let signals: [Signal] = [.authTokenFailed, .authRejected, .subscriptionUnconfirmed, .accountSubscribeSent,
                                 .accountConfirmed, .authInfo, .secret]
        let total = signals.reduce(0) { $0 + record.count($1) }
        return check("auth", "Auth", "grep -i \"auth\\|token\" LOG", status, summary, counts: counts,
                     signals: signals, total: total)
    }

    // 3. grep "update/account_orders" LOG | wc -l
    private func orderUpdatesCheck(_ f: Facts) -> QuickCheck {
        var counts: [String: Int] = ["account updates": f.accountUpdates]
        for entry in record.orderStatuses.sortedEntries { counts["status \(entry.name)"] = entry.count }
        for entry in record.skippedStatuses.sortedEntries { counts["skipped \(entry.name)"] = entry.count }
        let status: CheckStatus
        let summary: String
        if f.accountUpdates > 0, let silence = record.accountSilences().silences.first {
            status = .attention
            summary = "\(f.accountUpdates) account order updates, then none for \(TimeLabel.duration(silence.length)) from "
                + "\(TimeLabel.of(silence.start)) while the book kept flowing."
        } else if f.accountUpdates > 0 {
            status = .ok
            summary = "\(f.accountUpdates) account order updates: the subscription delivers."
        } else if f.anyFill {
            status = .ok
            summary = "No account update line, but fills arrived: the updates are written at DEBUG."
        } else if f.accountUpdatesVisible {
            status = .problem
            summary = "No account order update at all: the subscription is not delivering."
        } else {
            status = .unknown
            summary = "No account update line; this log does not write them at its level."
        }
        return check("order-updates", "Account order updates", "grep \"update/account_orders\" LOG | wc -l", status,
                     summary, counts: counts, signals: [.accountUpdate, .orderLine], total: f.accountUpdates)
    }

    // 4. grep "Order FILLED" LOG
    private func fillsCheck(_ f: Facts) -> QuickCheck {
        let counts = ["fill lines": record.count(.fillDetected), "processed": f.fillsProcessed,
                      "lighter trades logged": record.count(.lighterTradeLogged), "backpack fills": f.backpackFills,
                      "hedges sent": f.hedgesSent, "hedge timeouts": f.hedgeTimeouts, "fallback fills": f.fallbacks,
                      "not processed": f.unprocessedFills]
        let status: CheckStatus
        var summary: String
        if f.anyFill && f.unprocessedFills == 0 && f.fallbacks == 0 {
            status = .ok
            summary = "Fills are detected (\(record.count(.fillDetected)) fill lines, \(f.fillsProcessed) processed)."
        } else if f.anyFill {
            status = .problem
            summary = "Fills arrive, but \(f.unprocessedFills) were not processed and \(f.fallbacks) hedges fell back."
        } else if f.hedgesSent > 0 || f.hedgeTimeouts > 0 || f.fallbacks > 0 || f.accountUpdates > 0 {
            status = .problem
            summary = "No order filled."
        } else {
            status = .unknown
            summary = "No fill line, and no sign that orders were placed."
        }
        if f.fallbacks > 0 { summary += " \(f.fallbacks) hedges were marked filled by the fallback: naked legs." }
        return check("fills", "Filled orders", "grep \"Order FILLED\" LOG", status, summary, counts: counts,
                     signals: [.fillDetected, .fillProcessed, .fallbackFill],
                     total: record.count(.fillDetected) + f.fillsProcessed + f.fallbacks)
    }

    // 5. grep "Received message type:" LOG | cut -d: -f4 | sort | uniq -c
    private func messageTypesCheck(_ f: Facts) -> QuickCheck {
        var counts: [String: Int] = [:]
        for entry in record.messageTypes.sortedEntries { counts[entry.name] = entry.count }
        if record.messageTypes.overflow > 0 { counts["(other types)"] = record.messageTypes.overflow }
        let status: CheckStatus
        let summary: String
        if !counts.isEmpty {
            status = .ok
            summary = record.messageTypes.sortedEntries.prefix(8).map { "\($0.name) \($0.count)" }.joined(separator: ", ")
        } else if f.debugOff {
            status = .unknown
            summary = "No `Received message type:` line: they are DEBUG and this log has none."
                + (record.healthTypes.isEmpty ? "" : " Health lines list: " + record.healthTypes.names.joined(separator: ", ") + ".")
        } else {
            status = .unknown
            summary = "No `Received message type:` line."
        }
        var result = check("message-types", "Message types received",
                           "grep \"Received message type:\" LOG | cut -d: -f4 | sort | uniq -c",
                           status, summary, counts: counts, signals: [], total: 0)
        result.correction = "The guide cuts field 5, which is empty: the timestamp holds two colons, so the type is field 4."
        return result
    }

    // 6. grep "UNEXPECTED MESSAGE TYPE" LOG
    private func unexpectedCheck() -> QuickCheck {
        var counts: [String: Int] = [:]
        for entry in record.unexpectedTypes.sortedEntries { counts[entry.name] = entry.count }
        if record.unexpectedTypes.overflow > 0 { counts["(other types)"] = record.unexpectedTypes.overflow }
        let status: CheckStatus
        let summary: String
        if counts.isEmpty {
            status = .ok
            summary = "No unexpected message type."
        } else if counts.keys.allSatisfy({ $0 == "connected" }) {
            status = .ok
            summary = "Only `connected`, the session greeting the forked bot does not know: harmless."
        } else {
            status = .attention
            summary = "Unhandled types: " + record.unexpectedTypes.sortedEntries.prefix(6).map { "\($0.name) \($0.count)" }
                .joined(separator: ", ")
        }
        let kept = Array(unexpectedSamples().prefix(record.options.evidencePerFinding))
        let total = counts.values.reduce(0, +)
        return QuickCheck(name: "unexpected", title: "Unexpected message types", command: "grep \"UNEXPECTED MESSAGE TYPE\" LOG",
                          status: status, summary: summary, counts: counts, lines: kept,
                          linesOmitted: max(0, total - kept.count))
    }
}
