import LighterProtocol
extension Judge {
    /// Findings from the counters, most severe first, then in `FindingID` order.
    func findings(_ f: Facts) -> [Finding] {
        var out: [Finding] = []
        func add(_ id: FindingID, _ severity: Severity, _ message: String, count: Int, signals: [Signal],
                 kind: String? = nil, code: Int? = nil, breakdown: [String: Int] = [:], extra: [Evidence] = []) {
            out.append(finding(id, severity, message, count: count, signals: signals, kind: kind, code: code,
                               breakdown: breakdown, extra: extra))
        }

        if record.count(.connectFailed) > 0 {
            let kinds = Dictionary(uniqueKeysWithValues: ConnectFailureKind.allCases.filter { record.connectKinds[$0.rawValue] > 0 }
                .map { ($0.name, record.connectKinds[$0.rawValue]) })
            let main = dominant(kinds)
            let recovered = f.connectionUp
            add(.connectFailed, recovered ? .warning : .error,
                "\(Wording.counted(record.count(.connectFailed), "connection attempt")) failed (\(main ?? "other"))"
                    + (recovered ? "; other attempts did connect." : " and none succeeded."),
                count: record.count(.connectFailed), signals: [.connectFailed], kind: main, breakdown: kinds)
        }
        if record.count(.authTokenFailed) > 0 {
            add(.authTokenFailed, .error,
                "The auth token could not be created (\(Wording.times(record.count(.authTokenFailed)))); without it the account orders "
                    + "channel is never subscribed.",
                count: record.count(.authTokenFailed), signals: [.authTokenFailed])
        }
        if record.count(.authRejected) > 0 {
            let codes = codeBreakdown(record.authCodes)
            let main = dominant(codes).flatMap { Int($0) }
            add(.authRejected, .error,
                "The server rejected the account subscription \(Wording.times(record.count(.authRejected)))"
                    + (main.map { " with code \($0)" } ?? "") + ". 20013 (`invalid auth`): the token's deadline must lie within "
                    + "the next 8 hours and its signature must match the API key and account.",
                count: record.count(.authRejected), signals: [.authRejected], code: main, breakdown: codes)
        }
        if let found = subscriptionFinding(f) { out.append(found) }
        if record.count(.spotMarket) > 0 {
            add(.spotMarket, .error,
                "The bot looks up or uses a spot market (id 2048 or above, or a BASE/QUOTE symbol such as ETH/USDC) "
                    + "to hedge a perpetual: Lighter's perpetuals are listed by base symbol with ids 0-254.",
                count: record.count(.spotMarket), signals: [.spotMarket])
        }
        if let found = wrongMarketFinding(f) { out.append(found) }
        if let found = reconnectFinding() { out.append(found) }
        if record.count(.noPong) > 0 {
            add(.noPong, .warning,
                "\(Wording.counted(record.count(.noPong), "connection")) ended for want of a pong. Lighter closes a socket (1008 `no pong`) whose "
                    + "pings go unanswered and expects a message at least every 2 minutes: answer `{\"type\":\"ping\"}` "
                    + "with `{\"type\":\"pong\"}` and send pings yourself.",
                count: record.count(.noPong), signals: [.noPong])
        }
        if let found = silenceFinding() { out.append(found) }
        if let found = accountSilenceFinding() { out.append(found) }
        if let found = blindFinding() { out.append(found) }
        if !record.partialCandidates.isEmpty {
            let evidence = record.partialCandidates.values.map(\.evidence).sorted(by: Self.lineOrder)
            add(.partialFillIgnored, .error,
                "\(Wording.counted(record.partialCandidates.count, "order")) had a filled amount but a status other than `filled`, and no fill "
                    + "line: the filled part went unhedged. Lighter keeps a partly filled order `open` (or cancels "
                    + "the rest) with `filled_base_amount` > 0.",
                count: record.partialCandidates.count, signals: [], extra: evidence)
        }
        if let found = canceledFinding() { out.append(found) }
        if record.count(.hedgeTimeout) > 0 {
            add(.hedgeTimeout, .error,
                "\(Wording.counted(record.count(.hedgeTimeout), "hedge")) got no fill within the wait (the reference bot waits 30 s; a healthy hedge "
                    + "fills in about a second).",
                count: record.count(.hedgeTimeout), signals: [.hedgeTimeout], kind: "wait")
        } else if record.count(.hedgeBudgetSpent) > 0 {
            add(.hedgeTimeout, .error,
                "The hedge venue did not fill the engine's hedges within their budget of orders and time "
                    + "(\(Wording.times(record.count(.hedgeBudgetSpent)))): the engine flattened the naked leg on the maker venue or "
                    + "stopped, and marked no hedge filled without a fill.",
                count: record.count(.hedgeBudgetSpent), signals: [.hedgeBudgetSpent], kind: "engine-budget")
        }
        if record.count(.nakedLeg) > 0 {
            add(.nakedLeg, .error,
                "The engine ended with naked exposure (\(Wording.times(record.count(.nakedLeg)))): one venue's position is not offset "
                    + "on the other. Run `lighter-hedge ledger` for the unhedged legs, and close them by hand or rerun with the same "
                    + "ledger.",
                count: record.count(.nakedLeg), signals: [.nakedLeg])
        }
        if f.fallbacks > 0 {
            add(.fallbackFill, .error,
                "\(Wording.were(f.fallbacks, "hedge")) marked filled without a fill (`Using fallback`): each leaves the maker leg "
                    + "unhedged, a naked position until checked on the venue.",
                count: f.fallbacks, signals: [.fallbackFill])
        }
        if f.unprocessedFills > 0 {
            let extra = record.unreportedFilled.values.map(\.evidence).sorted(by: Self.lineOrder)
            add(.fillNotProcessed, .error,
                "\(Wording.were(f.unprocessedFills, "fill")) detected on the stream but not processed (no trade recorded).",
                count: f.unprocessedFills, signals: [.fillHandlingError], extra: extra)
        }
        if let found = unexpectedFinding() { out.append(found) }
        if record.count(.secret) > 0 {
            add(.secretInLog, .error,
                "\(Wording.counted(record.count(.secret), "line")) \(record.count(.secret) == 1 ? "prints" : "print") a credential "
                    + "(auth token or key; redacted here). Anyone with the log can "
                    + "read the account's private streams until the token expires, or trade with a key: rotate it and "
                    + "stop logging subscribe messages whole.",
                count: record.count(.secret), signals: [.secret], breakdown: record.secretKinds)
        }
        if record.count(.serverError) > 0 {
            let codes = codeBreakdown(record.serverCodes)
            add(.serverError, .warning, "The server sent \(Wording.counted(record.count(.serverError), "error frame")) unrelated to auth.",
                count: record.count(.serverError), signals: [.serverError], code: dominant(codes).flatMap { Int($0) },
                breakdown: codes)
        }
        if record.count(.undecodable) > 0 {
            add(.undecodableFrame, .warning,
                "\(Wording.counted(record.count(.undecodable), "frame")) could not be parsed; whatever they carried was lost.",
                count: record.count(.undecodable), signals: [.undecodable])
        }
        if record.count(.bookGap) > 0 {
            add(.bookGap, .info,
                "Gaps in the book's nonce sequence: \(record.count(.bookGap)), each repaired by resubscribing the book alone.",
                count: record.count(.bookGap), signals: [.bookGap])
        }
        return out.sorted { a, b in
            a.severity != b.severity ? a.severity > b.severity : Self.order(a.id) < Self.order(b.id)
        }
    }

    /// `debug-logging-off`, decided after the verdict (its severity depends on it).
    func debugFinding(_ f: Facts, verdict: Verdict) -> Finding? {
        // Without a connection there were no frames to log at DEBUG either.
        guard f.debugOff, f.anyLighter, f.connectionUp else { return nil }
        let limiting = verdict.candidates.count > 1 || verdict.confidence != .high
        var message = "No DEBUG line in \(f.levelledLines) levelled lines. The reference bot writes its per-message lines "
            + "(`Received message type`, book updates, `Processing order`, `Skipping order`) at DEBUG, so their absence "
            + "proves nothing by itself."
        if verdict.streamWorking == true {
            message += " Other lines show the stream working."
        } else if limiting {
            message += " To settle the verdict, run once with the logger and its handlers at DEBUG."
        }
        return Finding(id: .debugLoggingOff, severity: limiting ? .warning : .info, message: message, count: f.levelledLines)
    }

    // MARK: Builders

    private func subscriptionFinding(_ f: Facts) -> Finding? {
        let explicit = record.count(.subscriptionUnconfirmed) + record.count(.healthUnconfirmed)
        if explicit > 0 {
            return finding(.subscriptionUnconfirmed, f.anyFill ? .warning : .error,
                           "A subscription was neither confirmed nor refused by the server (\(Wording.counted(explicit, "line"))).",
                           count: explicit, signals: [.subscriptionUnconfirmed, .healthUnconfirmed])
        }
        // The account subscription was sent, the log would show its confirmation, and none came.
        guard f.accountSubscribeSent > 0, f.accountConfirmations == 0, f.confirmationsVisible, f.accountUpdates == 0,
              !f.anyFill, record.count(.authRejected) == 0 else { return nil }
        return finding(.subscriptionUnconfirmed, .error,
                       "The account orders subscription was sent \(Wording.times(f.accountSubscribeSent)) and never confirmed, "
                           + "although this log shows confirmations.",
                       count: f.accountSubscribeSent, signals: [.accountSubscribeSent])
    }

    private func wrongMarketFinding(_ f: Facts) -> Finding? {
        guard !record.accountAllOrdersSubscribed, let expected = record.options.expectedMarket ?? record.configuredMarkets.first else { return nil }
        let wrong = record.updateMarketKeys.filter { $0.key != expected }
        guard !wrong.isEmpty else { return nil }
        let total = wrong.values.reduce(0, +)
        let evidence = wrong.keys.sorted().flatMap { (record.updateMarketEvidence[$0] ?? []).map(\.evidence) }
        var breakdown: [String: Int] = [:]
        for (key, n) in wrong { breakdown[key < 0 ? "non-numeric" : String(key)] = n }
        return finding(.wrongMarketUpdates, .warning,
                       "\(Wording.were(total, "account update")) keyed by a market other than \(expected): a bot that reads only its "
                           + "own market's key skips them, fills included.",
                       count: total, signals: [], breakdown: breakdown, extra: evidence)
    }

    private func reconnectFinding() -> Finding? {
        let causes = Dictionary(uniqueKeysWithValues: ReconnectCause.allCases.filter { record.reconnectCauses[$0.rawValue] > 0 }
            .map { ($0.name, record.reconnectCauses[$0.rawValue]) })
        // Repeated failed connects are the connect-failed finding's story.
        let onlyConnectFailures = causes.keys.allSatisfy { $0 == ReconnectCause.connectFailed.name }
        let untimedStorm = record.reconnectsTotal >= 5 && record.timeline.firstMinute == nil
        guard !onlyConnectFailures, record.count(.storm) > 0 || untimedStorm else { return nil }
        let main = dominant(causes.filter { $0.key != ReconnectCause.connectFailed.name })
        var message = "\(Wording.counted(record.reconnectsTotal, "reconnect")), "
            + (record.threeReconnectsWithinTenMinutes || !record.twoReconnectsWithinAMinute ? "at least 3 within 10 minutes" : "2 within a minute")
        if let main { message += "; main cause: \(main)" }
        if record.recoveredFills > 0 {
            // Our client reconciles through REST after each reconnect and logs what it found.
            message += ". Every reconnect drops the account stream too; \(Wording.counted(record.recoveredFills, "fill")) made in the gaps "
                + "were recovered through REST or snapshots (`recovered=true`), but the gaps still delay hedges."
        } else {
            message += ". Every reconnect drops the account stream too, and fills made in the gap are not replayed."
        }
        if main == ReconnectCause.outOfOrder.name {
            message += " The reference bot reconnects on any out-of-order book offset; resubscribing the book alone "
                + "(and checking `begin_nonce` against the previous `nonce`) would keep the account stream up."
        }
        return finding(.reconnectStorm, .warning, message, count: record.reconnectsTotal,
                       signals: [.storm, .outOfOrder, .connectionClosed, .reconnect, .websocketError], kind: main,
                       breakdown: causes)
    }

    private func silenceFinding() -> Finding? {
        let lines = record.count(.silence)
        guard lines > 0 || record.healthSilentWindows > 0 else { return nil }
        // The forked bot warns after every 3 quiet seconds: short silences on a quiet market are normal.
        let long = record.maxSilenceSeconds >= 60 || record.healthSilentWindows > 0 || record.reconnectCauses[ReconnectCause.silent.rawValue] > 0
        var message = "The stream went quiet"
        if record.maxSilenceSeconds > 0 { message += " for up to \(record.maxSilenceSeconds) s" }
        if record.healthSilentWindows > 0 { message += "; \(record.healthSilentWindows) health windows saw no frame at all" }
        message += long
            ? ". A live ETH book updates several times a second: a socket silent this long is dead, "
                + "and only a watchdog that reconnects notices."
            : ". Short silences can be normal on a quiet market."
        return finding(.silentStream, long ? .warning : .info, message, count: lines + record.healthSilentWindows,
                       signals: [.silence])
    }

    /// `account-stream-silent`: the account channels went quiet while the rest of the stream
    /// flowed, or our client found a fill only through REST reconciliation.
    private func accountSilenceFinding() -> Finding? {
        let (silences, threshold, typical) = record.accountSilences()
        let gapLines = record.count(.accountStreamGap)
        guard !silences.isEmpty || gapLines > 0 else { return nil }
        var message = ""
        if let longest = silences.first {
            message = "The account channels (`update/account_*`) went quiet at \(TimeLabel.of(longest.start)) for "
                + "\(TimeLabel.duration(longest.length))\(longest.atEnd ? ", to the end of the log," : "") after "
                + "\(Wording.counted(longest.framesBefore, "account frame")), while \(Wording.counted(longest.othersDuring, "other frame")) "
                + "(book updates) kept arriving: the socket was up and the account subscription stopped delivering "
                + "(the guide's scenario 4)."
            if silences.count > 1 { message += " \(silences.count) such silences; this is the longest." }
            message += " A silence counts from \(TimeLabel.duration(threshold)) (the longer of 10 s and 5 times the usual gap between "
                + "bursts of account frames\(typical.map { ", here about \(TimeLabel.duration($0))" } ?? "")). If the bot placed no order "
                + "then, a quiet account channel is expected."
        }
        if gapLines > 0 {
            if !message.isEmpty { message += " " }
            message += "Our client found \(Wording.counted(gapLines, "fill")) only through REST reconciliation (`Account stream gap`): "
                + "the account channels never delivered \(gapLines == 1 ? "it" : "them"), and it resubscribed them."
        }
        var breakdown: [String: Int] = [:]
        if !silences.isEmpty { breakdown["silences"] = silences.count }
        if gapLines > 0 { breakdown["fills found only by REST"] = gapLines }
        return finding(.accountStreamSilent, gapLines > 0 ? .error : .warning, message, count: silences.count + gapLines,
                       signals: [.accountStreamGap], breakdown: breakdown, extra: silences.map(\.line.evidence))
    }

    /// `fill-source-blind`: our client had no live fill source.
    private func blindFinding() -> Finding? {
        let lines = record.count(.blind)
        guard lines > 0 else { return nil }
        let auth = record.blindAuthLines > 0
        let restored = record.count(.sightRestored)
        var message = "Our client had no live fill source (\(Wording.counted(lines, "`Blind` line")), up to \(record.maxBlindSeconds) s): "
            + "fills made then went unseen until a source returned"
        message += restored > 0 ? "; a source came back \(Wording.times(restored))." : "; no line shows a source coming back."
        message += auth
            ? " The reasons name auth or the token: the account subscription or REST reconciliation was refused (the guide's scenario 3)."
            : " Neither the account channels nor REST reconciliation delivered (the guide's scenario 4)."
        var breakdown: [String: Int] = [:]
        if record.blindAuthLines > 0 { breakdown["auth"] = record.blindAuthLines }
        if lines > record.blindAuthLines { breakdown["other"] = lines - record.blindAuthLines }
        return finding(.fillSourceBlind, .error, message, count: lines, signals: [.blind, .sightRestored],
                       kind: auth ? "auth" : "stream", breakdown: breakdown)
    }

    /// `canceled-fill-unknown`: orders ended `canceled-*` and no line shows their filled amount.
    /// (`partial-fill-ignored` covers those whose amount a line shows.)
    private func canceledFinding() -> Finding? {
        let unknown = record.canceledUnknown.entries.filter { !record.detectedFillIDs.contains($0.key) }
        guard !unknown.isEmpty else { return nil }
        let statuses = Set((record.orderStatuses.names + record.skippedStatuses.names).filter { name in
            Array(name.utf8).withUnsafeBufferPointer { DiagnosisState.mayHaveFilled($0, 0..<$0.count) }
        })
        let evidence = unknown.map(\.value.evidence).sorted(by: Self.lineOrder)
        return finding(.canceledFillUnknown, .warning,
                       "\(Wording.counted(unknown.count, "order")) ended canceled (\(statuses.sorted().joined(separator: ", "))) and no line "
                           + "shows how much of \(unknown.count == 1 ? "it" : "each") filled. An IOC remainder ends `canceled-*` with its "
                           + "fill (`filled_base_amount` > 0); a bot that skips it as not filled leaves that part unhedged. Log "
                           + "`filled_base_amount` with each order update, or read `account_all_trades`, to know.",
                       count: unknown.count, signals: [], extra: evidence)
    }

    private func unexpectedFinding() -> Finding? {
        guard !record.unexpectedTypes.isEmpty else { return nil }
        var breakdown: [String: Int] = [:]
        for entry in record.unexpectedTypes.sortedEntries { breakdown[entry.name] = entry.count }
        if record.unexpectedTypes.overflow > 0 { breakdown["(other types)"] = record.unexpectedTypes.overflow }
        let total = breakdown.values.reduce(0, +)
        let onlyGreeting = breakdown.keys.allSatisfy { $0 == "connected" }
        let evidence = unexpectedSamples()
        let message = onlyGreeting
            ? "The only unexpected type is `connected`, the greeting that opens every Lighter session: harmless."
            : "Frame types the bot does not handle: "
                + record.unexpectedTypes.sortedEntries.prefix(6).map { "\($0.name) \($0.count)" }.joined(separator: ", ")
                + ". An `error` type (or an `error` object) is the server refusing something and needs handling."
        return finding(.unexpectedMessage, onlyGreeting ? .info : .warning, message, count: total, signals: [],
                       breakdown: breakdown, extra: evidence)
    }

    // MARK: Helpers

    /// The first line of each unexpected type with its payload, most frequent type first.
    func unexpectedSamples() -> [Evidence] {
        var samples: [Evidence] = []
        for entry in record.unexpectedTypes.sortedEntries {
            guard let index = record.unexpectedTypes.index(of: entry.name) else { continue }
            if let first = record.unexpectedFirstLines[index] { samples.append(first) }
            if let payload = record.unexpectedPayloads[index] { samples.append(payload) }
        }
        return samples
    }

    func finding(_ id: FindingID, _ severity: Severity, _ message: String, count: Int, signals: [Signal],
                 kind: String? = nil, code: Int? = nil, breakdown: [String: Int] = [:], extra: [Evidence] = []) -> Finding {
        let (evidence, omitted) = merged(signals, extra: extra, total: count)
        return Finding(id: id, severity: severity, message: message, count: count, kind: kind, code: code,
                       breakdown: breakdown, evidence: evidence, evidenceOmitted: omitted)
    }

    /// Evidence of several signals in file and line order, at most `evidencePerFinding`.
    func merged(_ signals: [Signal], extra: [Evidence] = [], total: Int) -> ([Evidence], Int) {
        var all = extra
        for signal in signals { all += record.evidence(of: signal) }
        var seen = Set<Evidence>()
        let unique = all.filter { seen.insert($0).inserted }.sorted(by: Self.lineOrder)
        let kept = Array(unique.prefix(record.options.evidencePerFinding))
        return (kept, max(0, total - kept.count))
    }

    static func lineOrder(_ a: Evidence, _ b: Evidence) -> Bool {
        a.file != b.file ? a.file < b.file : a.line < b.line
    }

    private func dominant(_ counts: [String: Int]) -> String? {
        counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }

    private func codeBreakdown(_ codes: [Int: Int]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (code, n) in codes { out[code < 0 ? "none" : String(code)] = n }
        return out
    }

    private static func order(_ id: FindingID) -> Int {
        FindingID.allCases.firstIndex(of: id) ?? Int.max
    }
}
