import LighterProtocol

/// Whether a line still needs the secret scan after its rule ran.
enum LineClass {
    /// A line whose shape is known and holds no credential (the frequent per-message lines).
    case known
    case mayHoldSecrets
}

/// The rules that read one line. Each looks at the start of the message (after the emoji,
/// whatever their encoding) and reads values right there: no line is searched in full unless
/// it is rare.
///
/// They come in two kinds. The quick rules cover the frequent lines (per-message lines, order
/// and fill lines): what they record does not depend on the lines before (counts, first
/// lines, sets of order ids), so parts of a log read on several cores merge into what one pass
/// would have found (`DiagnosisState.absorb`). Every other line is read by the ordered rules,
/// in log order. A signal is noted by rules of one kind only, so that its first lines stay in
/// order.
extension DiagnosisState {
    /// The quick rules, for a line whose text starts at `text`. Returns the line when the
    /// ordered rules must read it.
    @inline(__always)
    mutating func scanMessage(_ ref: LineRef, text: TextStart) -> OrderedLine? {
        let end = ref.header.messageEnd
        if text.mojibake { mojibakeLines += 1 }
        if text.tagged {
            wsTaggedLines += 1
            if text.position >= end || frequentStreamLine(ref, at: text.position, end: end) { return nil }
        } else {
            if text.position >= end || frequentOtherLine(ref, at: text.position, end: end) { return nil }
        }
        return OrderedLine(bytes: ref.bytes, header: ref.header, textStart: text.position, tagged: text.tagged)
    }

    /// The ordered rules, for a line the quick ones left.
    mutating func classifyInOrder(_ ref: LineRef, text: Int, tagged: Bool) -> LineClass {
        tagged ? streamLine(ref, at: text, end: ref.header.messageEnd) : otherLine(ref, at: text, end: ref.header.messageEnd)
    }

    // MARK: Frequent lines

    /// The per-message `[LIGHTER WS]` lines; true when the line was read.
    private mutating func frequentStreamLine(_ ref: LineRef, at p: Int, end: Int) -> Bool {
        let line = ref.bytes
        switch line[p] {
        case UInt8(ascii: "R"):
            guard line.has("Received message type: ", at: p) else { return false }
            let start = p + 23
            if start < end, let index = recentTypes.index(line, start..<end) {
                messageTypes.increment(index)
                timeline.countMessage(type: index)
                timeFrame(ref, type: index)
                return true
            }
            let typeEnd = line.valueEnd(from: start, to: end)
            // The greeting is also a sign of a connection, an ordered one.
            if line.equals(start..<typeEnd, "connected") { return false }
            if typeEnd > start, let index = messageTypes.add(line, start..<typeEnd) {
                timeline.countMessage(type: index)
                timeFrame(ref, type: index)
                if typeEnd == end, typeEnd - start <= ByteKeyTable.maxKeyBytes { recentTypes.remember(line, start..<end, index: index) }
            }
            return true
        case UInt8(ascii: "O"):
            if line.has("Order book update", at: p) {
                note(.bookUpdate, ref)
                return true
            }
            if line.has("Order FILLED", at: p) {
                fillLine(ref, at: p + 12, end: end)
                return true
            }
            if line.has("Order ", at: p), p + 6 < end, ASCII.isDigit(line[p + 6]) {
                orderLine(ref, from: p + 6, end: end)
                return true
            }
        case UInt8(ascii: "S"):
            if line.has("Skipping order id=", at: p) {
                skippedOrder(ref, at: p + 18, end: end)
                return true
            }
        case UInt8(ascii: "A"):
            if line.has("Account orders update received", at: p) {
                accountUpdate(ref, from: p + 30, end: end)
                return true
            }
            return line.has("Account trades update", at: p)
        case UInt8(ascii: "M"):
            return line.has("Market ", at: p)
        case UInt8(ascii: "P"):
            return line.has("Processing ", at: p) || line.has("Ping received", at: p)
        case UInt8(ascii: "T"):
            return line.has("Trade ", at: p)
        default:
            break
        }
        return false
    }

    /// The Python bot's per-fill lines, `[…] [Lighter] [FILLED]` and the like; true when read.
    private mutating func frequentOtherLine(_ ref: LineRef, at start: Int, end: Int) -> Bool {
        let line = ref.bytes
        var p = start
        // The forked bot prefixes some INFO lines with `🔧 DEBUG: `.
        if line.has("DEBUG: ", at: p) { p += 7 }
        guard p < end, line[p] == ASCII.openBracket else { return false }
        let window = min(end, p + 100)
        if let venue = line.find("] [Lighter] [", from: p, to: window) {
            if line.has("FILLED]", at: venue + 13) {
                note(.fillProcessed, ref)
            } else if line.has("OPEN]", at: venue + 13) {
                note(.hedgeSent, ref)
            }
            return true
        }
        // Our engine's own lines: orders and fills here, its alerts in the ordered rules.
        if line.has("[LIGHTER] ", at: p) {
            if line.has("Hedge sent: ", at: p + 10) {
                note(.hedgeSent, ref)
            } else if line.has("Hedge ", at: p + 10), line.find(" filled", from: p + 16, to: min(end, p + 60)) != nil
                        || line.find(" canceled", from: p + 16, to: min(end, p + 60)) != nil {
                // An order's final state, as the account channel (or REST, its fallback) told it.
                note(.orderLine, ref)
            }
            return true
        }
        if line.has("[BACKPACK] ", at: p) {
            if line.has("Fill: ", at: p + 11) { note(.backpackFill, ref) }
            return true
        }
        if line.has("[ENGINE] ", at: p) { return false }
        if let venue = line.find("] [Backpack] [", from: p, to: window) {
            if line.has("FILLED]", at: venue + 14) { note(.backpackFill, ref) }
            return true
        }
        // Any other bracketed line (`[BACKPACK WS] depth …`, a quarter of our own log) the ordered
        // rules only scan for secrets: one that cannot hold any is done here.
        let message = LineBytes(rebasing: line[min(ref.header.messageStart, line.count)..<line.count])
        return !SecretScanner.mayHoldSecret(message)
    }

    // MARK: `[LIGHTER WS]` lines (the forked bot's and ours)

    private mutating func streamLine(_ ref: LineRef, at p: Int, end: Int) -> LineClass {
        let line = ref.bytes
        guard p < end else { return .known }
        switch line[p] {
        case UInt8(ascii: "R"):
            if line.has("Received message type: ", at: p) {
                receivedType(ref, at: p + 23, end: end)
                return .known
            }
        case UInt8(ascii: "S"):
            if line.has("Subscription confirmation: subscribed to ", at: p) {
                confirmation(ref, at: p + 41, end: end)
                return .known
            }
            if line.has("Sending subscription: ", at: p) {
                subscribeSent(ref, from: p + 22, end: end)
                return .mayHoldSecrets
            }
            if line.has("Server error frame: code=", at: p) {
                serverErrorFrame(ref, at: p + 25, end: end)
                return .mayHoldSecrets
            }
            if line.has("Server greeting", at: p) {
                note(.connected, ref)
                return .known
            }
        case UInt8(ascii: "P"):
            if line.has("Payload: ", at: p) {
                unexpectedPayload(ref, from: p + 9, end: end)
                return .mayHoldSecrets
            }
        case UInt8(ascii: "U"):
            if line.has("UNEXPECTED MESSAGE TYPE: ", at: p) {
                unexpectedType(ref, at: p + 25, end: end)
                return .mayHoldSecrets
            }
            if line.has("Undecodable frame", at: p) {
                note(.undecodable, ref)
                return .mayHoldSecrets
            }
        default:
            break
        }
        return .mayHoldSecrets
    }

    private mutating func receivedType(_ ref: LineRef, at start: Int, end: Int) {
        let line = ref.bytes
        let typeEnd = line.valueEnd(from: start, to: end)
        guard typeEnd > start, let index = messageTypes.add(line, start..<typeEnd) else { return }
        timeline.countMessage(type: index)
        if line.equals(start..<typeEnd, "connected") { note(.connected, ref) }
    }

    private mutating func confirmation(_ ref: LineRef, at p: Int, end: Int) {
        let line = ref.bytes
        confirmationLinesWritten = true
        if line.has("order book", at: p) {
            note(.bookConfirmed, ref)
            tally(.bookConfirmationLine)
            // Ours adds `(subscribed/order_book, market 0, …)`.
            if let m = line.find("market ", from: p, to: end), let market = line.integer(at: m + 7) {
                noteConfiguredMarket(Int(market.value), ref)
            }
        } else if line.has("account orders", at: p) {
            note(.accountConfirmed, ref)
            tally(.accountConfirmationLine)
            // Ours adds `(…, channel account_orders:0, account 7, …)`.
            if let c = line.find("account_orders:", from: p, to: end), let market = line.integer(at: c + 15) {
                noteConfiguredMarket(Int(market.value), ref)
            }
        } else if line.has("account all orders", at: p) {
            accountAllOrdersSubscribed = true
            note(.accountConfirmed, ref)
            tally(.accountConfirmationLine)
        } else if line.has("account all trades", at: p) {
            note(.tradesConfirmed, ref)
        }
    }

    /// `Order 0: id=ABC, status=open, side=buy, size=0.5, price=19.5[, filled=0.2, client_id=…]`
    private mutating func orderLine(_ ref: LineRef, from p: Int, end: Int) {
        let line = ref.bytes
        note(.orderLine, ref)
        let window = min(end, p + 512)
        guard let status = line.value(after: "status=", from: p, to: window) else { return }
        orderStatuses.add(line, status)
        let id = line.value(after: "id=", from: p, to: window)
        if line.equals(status, "filled") {
            if let id { noteFilledStatus(line.hash(id), ref) }
            return
        }
        guard let id else { return }
        // Lighter keeps a partly filled order `open` (or cancels the rest) with its filled amount:
        // a bot that waits for `filled` never sees that part.
        let filled = filledAmount(line, from: p, to: window)
        if let filled, line.isPositiveNumber(at: filled.lowerBound) {
            noteCandidate(line.hash(id), partial: true, ref)
        }
        if Self.mayHaveFilled(line, status) { noteCanceled(line.hash(id), amountShown: filled != nil, ref) }
    }

    /// The order's filled amount: the value of the first `filled=`, else of the first
    /// `filled_base_amount=`, else of the first `"filled_base_amount":` (JSON), as three searches
    /// would give it, from one pass over the window's `filled`s: most order lines have none.
    private func filledAmount(_ line: LineBytes, from p: Int, to window: Int) -> Range<Int>? {
        var plain: Int?
        var base: Int?
        var json: Int?
        var at = p
        while let q = line.find("filled", from: at, to: window) {
            if plain == nil, q + 7 <= window, line[q + 6] == ASCII.equals {
                plain = q
                // The first choice, when it has a value, makes the others moot.
                let value = line.valueEnd(from: q + 7, to: window)
                if value > q + 7 { return (q + 7)..<value }
            }
            if base == nil, q + 19 <= window, line.has("_base_amount=", at: q + 6) { base = q }
            if json == nil, q - 1 >= p, q + 20 <= window, line[q - 1] == ASCII.quote, line.has("_base_amount\":", at: q + 6) {
                json = q - 1
            }
            if plain != nil, base != nil, json != nil { break }
            at = q + 1
        }
        if let base {
            let value = line.valueEnd(from: base + 19, to: window)
            if value > base + 19 { return (base + 19)..<value }
        }
        guard let json else { return nil }
        var i = json + 21
        while i < window, line[i] == ASCII.space || line[i] == ASCII.quote { i += 1 }
        let e = line.valueEnd(from: i, to: window)
        return i < e ? i..<e : nil
    }

    /// A `canceled-*` status that can end an order after a partial fill (an IOC remainder, a
    /// self-trade, slippage); not one that refuses an order before it can trade.
    static func mayHaveFilled(_ line: LineBytes, _ status: Range<Int>) -> Bool {
        line.has("canceled", at: status.lowerBound) && !line.equals(status, "canceled-post-only")
            && !line.equals(status, "canceled-margin-not-allowed") && !line.equals(status, "canceled-position-not-allowed")
            && !line.equals(status, "canceled-invalid-balance")
    }

    /// A canceled order: whether any line shows how much of it filled.
    private mutating func noteCanceled(_ id: UInt64, amountShown: Bool, _ ref: LineRef) {
        if amountShown {
            canceledUnknown.removeValue(forKey: id)
            if canceledAmountShown.count < Self.maxTrackedIDs { canceledAmountShown.insert(id) } else { idTrackingSaturated = true }
        } else if !canceledAmountShown.contains(id), canceledUnknown[id] == nil {
            if canceledUnknown.count < Self.maxCandidates { canceledUnknown[id] = candidateLine(ref) } else { idTrackingSaturated = true }
        }
    }

    /// `Skipping order id=X with status=S (not filled)`
    private mutating func skippedOrder(_ ref: LineRef, at p: Int, end: Int) {
        let line = ref.bytes
        note(.skippedOrder, ref)
        let idEnd = line.valueEnd(from: p, to: end)
        guard let status = line.value(after: "status=", from: idEnd, to: min(end, idEnd + 200)) else { return }
        skippedStatuses.add(line, status)
        guard idEnd > p else { return }
        if line.equals(status, "filled") {
            noteFilledStatus(line.hash(p..<idEnd), ref)
        } else if Self.mayHaveFilled(line, status) {
            // The reference bot skips an IOC remainder as not filled, and writes no amount.
            noteCanceled(line.hash(p..<idEnd), amountShown: false, ref)
        }
    }

    /// `Order FILLED: id=X[, …, source=account_all_trades]`
    private mutating func fillLine(_ ref: LineRef, at p: Int, end: Int) {
        let line = ref.bytes
        note(.fillDetected, ref)
        let window = min(end, p + 600)
        if let id = line.value(after: "id=", from: p, to: min(window, p + 40)) { noteFillDetected(id: line.hash(id)) }
        if let source = line.lastIndex(of: ", source=", from: p, to: window) {
            // Our client writes this line once the fill is journalled: detected and processed.
            note(.fillProcessed, ref)
            // `recovered=true` follows the source.
            if line.find("recovered=true", from: source, to: window) != nil { recoveredFills += 1 }
        } else {
            pythonFillsDetected += 1
        }
    }

    /// `Account orders update received - Markets: ['0', '1']`
    private mutating func accountUpdate(_ ref: LineRef, from p: Int, end: Int) {
        let line = ref.bytes
        note(.accountUpdate, ref)
        guard let open = line.index(of: ASCII.openBracket, from: p, to: min(end, p + 40)) else { return }
        var i = open + 1
        let limit = min(end, open + 400)
        while i < limit, line[i] != ASCII.closeBracket {
            if line[i] == ASCII.apostrophe || line[i] == ASCII.quote {
                let key = line.integer(at: i + 1).map { Int($0.value) } ?? -1
                if let (index, wantsLine) = marketKeys.add(key, keep: options.evidencePerFinding), wantsLine {
                    marketKeys.keep(kept(ref), at: index)
                }
                // Skip to the closing quote.
                i = (line.index(of: line[i], from: i + 1, to: limit) ?? limit) + 1
            } else {
                i += 1
            }
        }
    }

    /// `{"type":"subscribe","channel":"account_orders/0/7","auth":"…"}`
    private mutating func subscribeSent(_ ref: LineRef, from p: Int, end: Int) {
        guard let channel = quotedValue(ref.bytes, key: "\"channel\"", from: p, to: end) else { return }
        if subscribeChannel(ref, channel) { tally(.accountSubscribeMessage) }
    }

    /// Notes what a subscribe to the channel starting at `range` (`account_orders/0/7`) says;
    /// true for an account orders channel.
    @discardableResult
    private mutating func subscribeChannel(_ ref: LineRef, _ range: Range<Int>) -> Bool {
        let end = ref.bytes.valueEnd(from: range.lowerBound, to: range.upperBound)
        guard end > range.lowerBound, let channel = StreamChannel(parsingUTF8: LineBytes(rebasing: ref.bytes[range.lowerBound..<end])) else {
            return false
        }
        switch channel {
        case .accountOrders(let market, _):
            note(.accountSubscribeSent, ref)
            noteConfiguredMarket(market, ref)
            return true
        case .accountAllOrders:
            accountAllOrdersSubscribed = true
            note(.accountSubscribeSent, ref)
            return true
        case .orderBook(let market):
            noteConfiguredMarket(market, ref)
        default:
            break
        }
        return false
    }

    /// `Server error frame: code=20013, message=invalid auth: …`
    private mutating func serverErrorFrame(_ ref: LineRef, at p: Int, end: Int) {
        let line = ref.bytes
        let code = line.integer(at: p).map { Int($0.value) }
        let isAuth = code == 20013 || line.findIgnoringCase("auth", from: p, to: min(end, p + 300)) != nil
        recordError(code: code, auth: isAuth, ref)
    }

    private mutating func recordError(code: Int?, auth: Bool, _ ref: LineRef) {
        if auth {
            note(.authRejected, ref)
            if authCodes.count < 32 || authCodes[code ?? -1] != nil { authCodes[code ?? -1, default: 0] += 1 }
        } else {
            note(.serverError, ref)
            if serverCodes.count < 32 || serverCodes[code ?? -1] != nil { serverCodes[code ?? -1, default: 0] += 1 }
        }
    }

    private mutating func unexpectedType(_ ref: LineRef, at p: Int, end: Int) {
        let line = ref.bytes
        let typeEnd = line.valueEnd(from: p, to: end)
        let index = typeEnd > p ? unexpectedTypes.add(line, p..<typeEnd) : nil
        if line.equals(p..<typeEnd, "connected") {
            // The forked bot does not know the greeting every connection starts with.
            note(.connected, ref)
        } else {
            note(.unexpected, ref)
        }
        if let index, unexpectedFirstLines[index] == nil { unexpectedFirstLines[index] = evidence(ref) }
        pendingUnexpected = (index, lineFile, ref.number)
    }

    /// The `Payload:` line after an unexpected type: error frames show their code here.
    private mutating func unexpectedPayload(_ ref: LineRef, from p: Int, end: Int) {
        let line = ref.bytes
        var typeIndex: Int?
        if let pending = pendingUnexpected, pending.file == lineFile, ref.number - pending.line <= 2 {
            typeIndex = pending.type
        }
        pendingUnexpected = nil
        if let typeIndex, unexpectedPayloads[typeIndex] == nil { unexpectedPayloads[typeIndex] = evidence(ref) }
        let window = min(end, p + 2048)
        // An error frame has an `error` object, or a venue code (5 digits; `200` is success).
        let hasErrorKey = line.find("\"error\"", from: p, to: window) != nil
        let code = jsonNumber(line, key: "\"code\":", from: p, to: window).flatMap { line.integer(at: $0.lowerBound) }
            .map { Int($0.value) }
        guard hasErrorKey || (code ?? 0) >= 10000 else { return }
        let isAuth = code == 20013 || line.findIgnoringCase("auth", from: p, to: window) != nil
        recordError(code: code, auth: isAuth, ref)
    }

    // MARK: Other lines (both bots' plain lines and ours)

    /// Our engine's alerts: a spent hedge budget or a tripped kill switch, and how it ended
    /// (`Engine stopped: …; naked exposure X`, `… naked X`, `(left: X)`).
    private mutating func engineLine(_ ref: LineRef, at p: Int, end: Int) {
        let line = ref.bytes
        let head = min(end, p + 40)
        if line.find("Hedge budget spent", from: p, to: head) != nil || line.find("Kill switch", from: p, to: head) != nil {
            note(.hedgeBudgetSpent, ref)
        }
        guard line.has("Engine stopped: ", at: p) || line.has("Stopped on request: ", at: p)
                || line.find(" rounds done ", from: p, to: head) != nil else { return }
        for label in [StaticString("naked exposure "), StaticString(", naked "), StaticString("(left: ")] {
            guard let at = line.find(label, from: p, to: end) else { continue }
            if !line.isZeroAmount(at: at + label.utf8CodeUnitCount, end: end) { note(.nakedLeg, ref) }
            return
        }
    }

    private mutating func otherLine(_ ref: LineRef, at start: Int, end: Int) -> LineClass {
        let line = ref.bytes
        var p = start
        // The forked bot prefixes some INFO lines with `🔧 DEBUG: `.
        if line.has("DEBUG: ", at: p) { p += 7 }
        guard p < end else { return .mayHoldSecrets }
        switch line[p] {
        case ASCII.openBracket:
            if line.has("[ENGINE] ", at: p) {
                engineLine(ref, at: p + 9, end: end)
                return .known
            }
        case UInt8(ascii: "F"):
            if line.has("Failed to connect to Lighter websocket", at: p) {
                connectFailure(ref, from: p + 38, end: end)
            } else if line.has("Failed to create auth token", at: p) {
                note(.authTokenFailed, ref)
            } else if line.has("Found Lighter market: ", at: p) {
                marketLookup(ref, symbolAt: p + 22, end: end)
            } else if line.has("Failed to request fresh snapshot", at: p) {
                note(.websocketError, ref)
            } else if line.has("Fill source restored for account", at: p) {
                note(.sightRestored, ref)
            }
        case UInt8(ascii: "S"):
            if line.has("Subscribed to account orders with auth token", at: p) {
                if line.find("confirmed by server", from: p + 44, to: min(end, p + 80)) != nil {
                    note(.accountConfirmed, ref)
                    tally(.accountConfirmedByServer)
                    if let c = line.find("account_orders/", from: p + 44, to: end),
                       let channel = StreamChannel(parsingUTF8: LineBytes(rebasing: line[c..<line.valueEnd(from: c, to: end)])),
                       let market = channel.market {
                        noteConfiguredMarket(market, ref)
                    }
                } else {
                    // The Python bot writes this after sending, before any answer (and it is
                    // only written inside an open connection).
                    note(.accountSubscribeSent, ref)
                    tally(.accountSubscribeLine)
                    note(.connected, ref)
                }
            } else if line.has("Subscription ", at: p), line.find(" unconfirmed after", from: p, to: min(end, p + 200)) != nil {
                note(.subscriptionUnconfirmed, ref)
            }
        case UInt8(ascii: "E"):
            if line.has("Error creating auth token", at: p) {
                note(.authTokenFailed, ref)
            } else if line.has("Error handling Lighter order result", at: p) {
                note(.fillHandlingError, ref)
            } else if line.has("Error in Lighter websocket", at: p) {
                note(.websocketError, ref)
                pythonBreak(.error, ref)
            }
        case UInt8(ascii: "L"):
            if line.has("Lighter websocket connection closed", at: p) {
                connectionClosed(ref, from: p + 35, end: end)
            } else if line.has("Lighter websocket error", at: p) {
                note(.websocketError, ref)
                pythonBreak(.error, ref)
            } else if line.has("Lighter WebSocket order book data received", at: p) {
                note(.bookConfirmed, ref)
                tally(.bookDataReceived)
            } else if line.has("Lighter WebSocket order book not ready", at: p) {
                note(.bookNotReady, ref)
            } else if line.has("Lighter WebSocket task started", at: p) {
                note(.connectAttempt, ref)
            } else if line.has("Lighter order book snapshot loaded", at: p) {
                note(.bookConfirmed, ref)
                tally(.bookSnapshotLoaded)
            } else if line.has("Looking for Lighter market: ", at: p) {
                marketLookup(ref, symbolAt: p + 28, end: end)
            }
        case UInt8(ascii: "C"):
            if line.has("Connecting to Lighter websocket", at: p) {
                note(.connectAttempt, ref)
            } else if line.has("Connected to Lighter websocket", at: p) {
                note(.connected, ref)
            } else if line.has("Contract info loaded", at: p) {
                if let l = line.find("Lighter: ", from: p, to: min(end, p + 200)), let market = line.integer(at: l + 9) {
                    noteConfiguredMarket(Int(market.value), ref)
                }
            } else if line.has("CRITICAL: Lighter order TIMEOUT", at: p) {
                note(.hedgeTimeout, ref)
            } else if line.has("Creating auth token", at: p) {
                note(.authInfo, ref)
            } else if line.has("Channel: ", at: p) {
                if subscribeChannel(ref, (p + 9)..<end) { tally(.accountChannelLine) }
            }
        case UInt8(ascii: "R"):
            if line.has("Reconnecting to Lighter websocket", at: p) {
                ourReconnect(ref, from: p + 33, end: end)
            } else if line.has("REST reconciliation failed", at: p) {
                if line.findIgnoringCase("invalid auth", from: p, to: end) != nil {
                    let code = line.find("code ", from: p, to: end).flatMap { line.integer(at: $0 + 5) }.map { Int($0.value) }
                    recordError(code: code, auth: true, ref)
                }
            } else if line.has("Refreshing auth token", at: p) {
                note(.authInfo, ref)
            }
        case UInt8(ascii: "O"):
            if line.has("Out-of-order update", at: p) {
                note(.outOfOrder, ref)
                pythonBreak(.outOfOrder, ref)
            } else if line.has("Order book gap on market", at: p) {
                note(.bookGap, ref)
            } else if line.has("Order book integrity check failed", at: p) {
                pythonBreak(.integrity, ref)
            }
        case UInt8(ascii: "N"):
            if line.has("No message from Lighter websocket for ", at: p) {
                note(.silence, ref)
                // Written from inside an open connection.
                note(.connected, ref)
                if let seconds = line.integer(at: p + 38) { maxSilenceSeconds = max(maxSilenceSeconds, Int(seconds.value)) }
            } else if line.has("No auth token", at: p) {
                note(.authInfo, ref)
            }
        case UInt8(ascii: "T"):
            if line.has("Timeout waiting for Lighter order fill", at: p) || line.has("Timeout waiting for trade completion", at: p) {
                note(.hedgeTimeout, ref)
            } else if line.has("Timeout waiting for Lighter WebSocket order book data", at: p) {
                note(.bookNotReady, ref)
            } else if line.has("Trade logged to CSV: Lighter", at: p) {
                note(.lighterTradeLogged, ref)
            } else if line.has("Trade logged to CSV", at: p) || line.has("Trading loop iteration", at: p) {
                return .known
            }
        case UInt8(ascii: "U"):
            if line.has("Using fallback - marking order as filled", at: p) { note(.fallbackFill, ref) }
        case UInt8(ascii: "J"):
            if line.has("JSON parsing error in Lighter websocket", at: p) { note(.undecodable, ref) }
        case UInt8(ascii: "H"):
            if line.has("Health: ", at: p) {
                healthLine(ref, from: p + 8, end: end)
                return .known
            }
        case UInt8(ascii: "I"):
            if line.has("Initial order book offset set to", at: p) {
                note(.bookConfirmed, ref)
                tally(.bookInitialOffset)
            }
        case UInt8(ascii: "A"):
            if line.has("Auth token expires in", at: p) {
                note(.authInfo, ref)
            } else if line.has("Account stream gap:", at: p) {
                note(.accountStreamGap, ref)
            }
        case UInt8(ascii: "B"):
            if line.has("Blind: no fill source is alive", at: p) { blindLine(ref, from: p + 30, end: end) }
        case UInt8(ascii: "l"):
            // `lighter-hedge watch: market ETH (id 0), account 7, …`
            if line.has("lighter-hedge watch: market ", at: p),
               let idAt = line.find("(id ", from: p, to: min(end, p + 120)), let market = line.integer(at: idAt + 4) {
                noteConfiguredMarket(Int(market.value), ref)
            }
        case UInt8(ascii: "{"):
            // The forked bot's `DEBUG: Sending subscription: {…}` lands here after its prefix.
            break
        default:
            break
        }
        if line.has("Sending subscription: ", at: p) { subscribeSent(ref, from: p + 22, end: end) }
        return .mayHoldSecrets
    }

    /// `Blind: no fill source is alive for account 7 (12 s): <reason>; fills made now are unseen …`
    private mutating func blindLine(_ ref: LineRef, from p: Int, end: Int) {
        let line = ref.bytes
        note(.blind, ref)
        if let open = line.index(of: ASCII.openParen, from: p, to: min(end, p + 60)), let seconds = line.integer(at: open + 1) {
            maxBlindSeconds = max(maxBlindSeconds, Int(seconds.value))
        }
        // The reason ends where the fixed tail starts.
        let reasonEnd = line.find("; fills made now", from: p, to: end) ?? end
        if line.find("20013", from: p, to: reasonEnd) != nil || line.findIgnoringCase("auth", from: p, to: reasonEnd) != nil
            || line.findIgnoringCase("token", from: p, to: reasonEnd) != nil {
            blindAuthLines += 1
        }
    }

    private mutating func connectFailure(_ ref: LineRef, from p: Int, end: Int) {
        note(.connectFailed, ref)
        let kind = Self.connectKind(ref.bytes, from: p, end: end)
        connectKinds[kind.rawValue] += 1
        pythonBreak(.connectFailed, ref)
    }

    /// Ours writes the kind first (`: dns: …`); the Python bot writes the exception's text.
    static func connectKind(_ line: LineBytes, from start: Int, end: Int) -> ConnectFailureKind {
        var p = start
        while p < end, line[p] == ASCII.colon || line[p] == ASCII.space { p += 1 }
        for kind in ConnectFailureKind.allCases {
            let matched: Bool = switch kind {
            case .dns: line.has("dns:", at: p)
            case .refused: line.has("refused:", at: p)
            case .tls: line.has("tls:", at: p)
            case .upgradeRejected: line.has("upgrade-rejected:", at: p)
            case .timeout: line.has("timeout:", at: p)
            case .other: line.has("other:", at: p)
            }
            if matched { return kind }
        }
        let window = min(end, p + 600)
        func has(_ text: StaticString) -> Bool { line.findIgnoringCase(text, from: p, to: window) != nil }
        if has("name or service not known") || has("getaddrinfo") || has("nodename nor servname")
            || has("name resolution") || has("no address associated") || has("could not resolve") {
            return .dns
        }
        if has("http 4") || has("http 5") || has("rejected websocket") || has("invalidstatus")
            || has("invalid status") || has("status code") || has("handshake status") {
            return .upgradeRejected
        }
        if has("ssl") || has("certificate") || has("tls") { return .tls }
        if has("refused") || has("connect call failed") || has("errno 111") || has("10061") || has("unreachable") {
            return .refused
        }
        if has("timed out") || has("timeout") { return .timeout }
        return .other
    }

    /// `Lighter websocket connection closed: received 1008 (policy violation) no pong; …`
    private mutating func connectionClosed(_ ref: LineRef, from p: Int, end: Int) {
        let line = ref.bytes
        note(.connectionClosed, ref)
        let window = min(end, p + 400)
        // The server closes a socket that left its pings unanswered (1008 "no pong"); the
        // websockets library closes one whose own pings went unanswered (keepalive timeout).
        if line.findIgnoringCase("no pong", from: p, to: window) != nil
            || line.findIgnoringCase("keepalive ping timeout", from: p, to: window) != nil
            || line.findIgnoringCase("ping timeout", from: p, to: window) != nil {
            note(.noPong, ref)
            pythonBreak(.noPong, ref)
        } else {
            pythonBreak(.closed, ref)
        }
    }

    /// The Python bot reconnects (after 2 s) whenever its receive loop breaks; ours writes a
    /// `Reconnecting` line instead, counted by `ourReconnect`.
    private mutating func pythonBreak(_ cause: ReconnectCause, _ ref: LineRef) {
        guard ref.header.writer != .lighterHedge else { return }
        noteReconnect(cause, ref)
    }

    /// `Reconnecting to Lighter websocket in 238 ms (attempt 1, cause: connection dropped (no close frame))`
    private mutating func ourReconnect(_ ref: LineRef, from p: Int, end: Int) {
        let line = ref.bytes
        note(.reconnect, ref)
        guard let c = line.find("cause: ", from: p, to: end) else {
            noteReconnect(.other, ref)
            return
        }
        let at = c + 7
        let window = min(end, at + 300)
        let cause: ReconnectCause
        if line.has("connect failed", at: at) || line.has("connection ended before the upgrade", at: at) {
            cause = .connectFailed
        } else if line.findIgnoringCase("no pong", from: at, to: window) != nil {
            note(.noPong, ref)
            cause = .noPong
        } else if line.has("silent socket", at: at) || line.has("no connected frame", at: at) {
            note(.silence, ref)
            cause = .silent
        } else if line.findIgnoringCase("shutdown", from: at, to: window) != nil {
            cause = .serverShutdown
        } else if line.has("closed by server", at: at) || line.has("connection dropped", at: at) {
            cause = .closed
        } else if line.has("connection lost", at: at) {
            cause = .error
        } else {
            cause = .other
        }
        noteReconnect(cause, ref)
    }

    /// `Health: msgs/s {update/order_book: 4.9, ping: 0.1}; subscriptions order_book/0=confirmed, …`
    private mutating func healthLine(_ ref: LineRef, from p: Int, end: Int) {
        let line = ref.bytes
        note(.health, ref)
        guard let open = line.index(of: ASCII.openBrace, from: p, to: min(end, p + 20)),
              let close = line.index(of: ASCII.closeBrace, from: open, to: min(end, open + 4096)) else { return }
        timeline.countHealthLine()
        var i = line.skipSpaces(from: open + 1)
        var anyTraffic = false
        while i < close {
            guard let colon = line.index(of: ASCII.colon, from: i, to: close) else { break }
            let rate = line.skipSpaces(from: colon + 1)
            if line.isPositiveNumber(at: rate) {
                anyTraffic = true
                if let type = healthTypes.add(line, i..<colon) { timeline.addHealthRate(line.decimal(at: rate), type: type) }
            }
            guard let comma = line.index(of: ASCII.comma, from: rate, to: close) else { break }
            i = line.skipSpaces(from: comma + 1)
        }
        if anyTraffic { note(.connected, ref) } else { healthSilentWindows += 1 }
        if line.find("=unconfirmed", from: close, to: end) != nil { note(.healthUnconfirmed, ref) }
    }

    /// `Looking for Lighter market: ETH/USDC`, `Found Lighter market: ETH/USDC (market_id=2048)`.
    private mutating func marketLookup(_ ref: LineRef, symbolAt p: Int, end: Int) {
        let line = ref.bytes
        let symbolEnd = line.valueEnd(from: p, to: end)
        // A `BASE/QUOTE` symbol names a spot book; perpetuals are listed by base symbol alone.
        if line.index(of: ASCII.slash, from: p, to: symbolEnd) != nil {
            note(.spotMarket, ref)
        }
        if let id = line.find("market_id=", from: symbolEnd, to: end), let market = line.integer(at: id + 10) {
            noteConfiguredMarket(Int(market.value), ref)
        }
    }

    // MARK: Helpers

    /// The range of the quoted value of `key` (`"channel"`) in JSON text.
    private func quotedValue(_ line: LineBytes, key: StaticString, from p: Int, to end: Int) -> Range<Int>? {
        guard let k = line.find(key, from: p, to: end) else { return nil }
        var i = k + key.utf8CodeUnitCount
        while i < end, line[i] == ASCII.space || line[i] == ASCII.colon { i += 1 }
        guard i < end, line[i] == ASCII.quote, let close = line.index(of: ASCII.quote, from: i + 1, to: end) else { return nil }
        return (i + 1)..<close
    }

    /// The range of a number after `key` (`"code":`) in JSON text, quoted or not.
    private func jsonNumber(_ line: LineBytes, key: StaticString, from p: Int, to end: Int) -> Range<Int>? {
        guard let k = line.find(key, from: p, to: end) else { return nil }
        var i = k + key.utf8CodeUnitCount
        while i < end, line[i] == ASCII.space || line[i] == ASCII.quote { i += 1 }
        let e = line.valueEnd(from: i, to: end)
        return i < e ? i..<e : nil
    }
}
