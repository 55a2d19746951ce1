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
///
/// The wording of our own lines is `GuidePhrase`'s, which the client's log writer uses too; the
/// reference bot's lines are matched by their literals here. A matcher returns where its literal
/// ends (`match`, `findEnd`) and a rule reads on from there, so a change of wording needs no
/// recount.
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
            guard let start = line.match(GuidePhrase.receivedType, at: p) else { return false }
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
            if line.has(GuidePhrase.bookUpdate, at: p) {
                note(.bookUpdate, ref)
                return true
            }
            if let after = line.match(GuidePhrase.orderFilled, at: p) {
                fillLine(ref, at: after, end: end)
                return true
            }
            if let index = line.match(GuidePhrase.orderLine, at: p), index < end, ASCII.isDigit(line[index]) {
                orderLine(ref, from: index, end: end)
                return true
            }
        case UInt8(ascii: "S"):
            if let id = line.match(GuidePhrase.skippingOrder, at: p) {
                skippedOrder(ref, at: id, end: end)
                return true
            }
        case UInt8(ascii: "A"):
            if let after = line.match(GuidePhrase.accountOrdersUpdate, at: p) {
                accountUpdate(ref, from: after, end: end)
                return true
            }
            return line.has(GuidePhrase.accountTradesUpdate, at: p)
        case UInt8(ascii: "M"):
            return line.has(GuidePhrase.marketOrders, at: p)
        case UInt8(ascii: "P"):
            return line.has(GuidePhrase.processing, at: p) || line.has(GuidePhrase.pingReceived, at: p)
        case UInt8(ascii: "T"):
            return line.has(GuidePhrase.trade, at: p)
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
        if let after = line.match("DEBUG: ", at: p) { p = after }
        guard p < end, line[p] == ASCII.openBracket else { return false }
        let window = min(end, p + 100)
        if let status = line.findEnd("] [Lighter] [", from: p, to: window) {
            if line.has("FILLED]", at: status) {
                note(.fillProcessed, ref)
            } else if line.has("OPEN]", at: status) {
                note(.hedgeSent, ref)
            }
            return true
        }
        // Our engine's own lines: orders and fills here, its alerts in the ordered rules.
        if let message = line.match("[LIGHTER] ", at: p) {
            if line.has("Hedge sent: ", at: message) {
                note(.hedgeSent, ref)
            } else if let order = line.match("Hedge ", at: message), line.find(" filled", from: order, to: min(end, p + 60)) != nil
                        || line.find(" canceled", from: order, to: min(end, p + 60)) != nil {
                // An order's final state, as the account channel (or REST, its fallback) told it.
                note(.orderLine, ref)
            }
            return true
        }
        if let message = line.match("[BACKPACK] ", at: p) {
            if line.has("Fill: ", at: message) { note(.backpackFill, ref) }
            return true
        }
        if line.has("[ENGINE] ", at: p) { return false }
        if let status = line.findEnd("] [Backpack] [", from: p, to: window) {
            if line.has("FILLED]", at: status) { note(.backpackFill, ref) }
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
            if let type = line.match(GuidePhrase.receivedType, at: p) {
                receivedType(ref, at: type, end: end)
                return .known
            }
        case UInt8(ascii: "S"):
            if let what = line.match(GuidePhrase.subscriptionConfirmation, at: p) {
                confirmation(ref, at: what, end: end)
                return .known
            }
            if let message = line.match(GuidePhrase.sendingSubscription, at: p) {
                subscribeSent(ref, from: message, end: end)
                return .mayHoldSecrets
            }
            if let code = line.match(GuidePhrase.serverErrorFrame, at: p) {
                serverErrorFrame(ref, at: code, end: end)
                return .mayHoldSecrets
            }
            if line.has(GuidePhrase.serverGreeting, at: p) {
                note(.connected, ref)
                return .known
            }
        case UInt8(ascii: "P"):
            if let payload = line.match(GuidePhrase.payload, at: p) {
                unexpectedPayload(ref, from: payload, end: end)
                return .mayHoldSecrets
            }
        case UInt8(ascii: "U"):
            if let type = line.match(GuidePhrase.unexpectedType, at: p) {
                unexpectedType(ref, at: type, end: end)
                return .mayHoldSecrets
            }
            if line.has(GuidePhrase.undecodable, at: p) {
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
        if line.has(GuidePhrase.confirmedOrderBook, at: p) {
            note(.bookConfirmed, ref)
            tally(.bookConfirmationLine)
            // Ours adds `(subscribed/order_book, market 0, …)`.
            if let m = line.findEnd("market ", from: p, to: end), let market = line.integer(at: m) {
                noteConfiguredMarket(Int(market.value), ref)
            }
        } else if line.has(GuidePhrase.confirmedAccountOrders, at: p) {
            note(.accountConfirmed, ref)
            tally(.accountConfirmationLine)
            // Ours adds `(…, channel account_orders:0, account 7, …)`.
            if let c = line.findEnd("account_orders:", from: p, to: end), let market = line.integer(at: c) {
                noteConfiguredMarket(Int(market.value), ref)
            }
        } else if line.has(GuidePhrase.confirmedAccountAllOrders, at: p) {
            accountAllOrdersSubscribed = true
            note(.accountConfirmed, ref)
            tally(.accountConfirmationLine)
        } else if line.has(GuidePhrase.confirmedAccountAllTrades, at: p) {
            note(.tradesConfirmed, ref)
        }
    }

    /// `Order 0: id=ABC, status=open, side=buy, size=0.5, price=19.5[, filled=0.2, client_id=…]`
    private mutating func orderLine(_ ref: LineRef, from p: Int, end: Int) {
        let line = ref.bytes
        note(.orderLine, ref)
        let window = min(end, p + 512)
        let fields = Self.orderFields(line, from: p, to: window)
        guard let status = fields.status else { return }
        orderStatuses.add(line, status)
        let id = fields.id
        if line.equals(status, "filled") {
            if let id { noteFilledStatus(line.hash(id), ref) }
            return
        }
        guard let id else { return }
        // Lighter keeps a partly filled order `open` (or cancels the rest) with its filled amount:
        // a bot that waits for `filled` never sees that part.
        let filled = filledAmount(line, from: p, searchFrom: fields.searched, to: window)
        if let filled, line.isPositiveNumber(at: filled.lowerBound) {
            noteCandidate(line.hash(id), partial: true, ref)
        }
        if Self.mayHaveFilled(line, status) { noteCanceled(line.hash(id), amountShown: filled != nil, ref) }
    }

    /// The `id=` and `status=` values of an order line from `p` (at the market's first digit),
    /// as `value(after:)` from `p` finds them, and where no `filled` can start before. Both bots
    /// write `0: id=DIGITS, status=`: then no `i` or `s` (or `f`) comes before either literal, so
    /// each is first where the layout puts it, and no search is needed.
    @inline(__always)
    static func orderFields(_ line: LineBytes, from p: Int, to window: Int) -> (id: Range<Int>?, status: Range<Int>?, searched: Int) {
        let limit = min(window, line.count)
        if p >= 0, p < limit, ASCII.isDigit(line[p]), let idStart = line.match(": id=", at: p &+ 1, limit: limit) {
            var i = idStart
            while i < limit, ASCII.isDigit(line[i]) { i &+= 1 }
            if i > idStart, let statusStart = line.match(", status=", at: i, limit: limit) {
                let statusEnd = line.valueEnd(from: statusStart, to: window)
                return (idStart..<i, statusStart < statusEnd ? statusStart..<statusEnd : nil, statusStart)
            }
        }
        return (line.value(after: "id=", from: p, to: window), line.value(after: "status=", from: p, to: window), p)
    }

    /// The order's filled amount: the value of the first `filled=`, else of the first
    /// `filled_base_amount=`, else of the first `"filled_base_amount":` (JSON), as three searches
    /// from `p` would give it, from one pass over the window's `filled`s: most order lines have
    /// none. `searchFrom`: where the first `filled` can start (`orderFields`).
    private func filledAmount(_ line: LineBytes, from p: Int, searchFrom: Int, to window: Int) -> Range<Int>? {
        // Where each one's value starts, once found.
        var plain: Int?
        var base: Int?
        var json: Int?
        var at = max(p, searchFrom)
        while let word = line.findRange("filled", from: at, to: window) {
            let q = word.lowerBound
            if plain == nil, word.upperBound < window, line[word.upperBound] == ASCII.equals {
                let start = word.upperBound + 1
                plain = start
                // The first choice, when it has a value, makes the others moot.
                let value = line.valueEnd(from: start, to: window)
                if value > start { return start..<value }
            }
            if base == nil, let start = line.match("_base_amount=", at: word.upperBound, limit: window) { base = start }
            if json == nil, q - 1 >= p, line[q - 1] == ASCII.quote, let start = line.match("_base_amount\":", at: word.upperBound, limit: window) {
                json = start
            }
            if plain != nil, base != nil, json != nil { break }
            at = q + 1
        }
        if let base {
            let value = line.valueEnd(from: base, to: window)
            if value > base { return base..<value }
        }
        guard let json else { return nil }
        var i = json
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
        guard let status = Self.skippedStatus(line, idEnd: idEnd, end: end) else { return }
        skippedStatuses.add(line, status)
        guard idEnd > p else { return }
        if line.equals(status, "filled") {
            noteFilledStatus(line.hash(p..<idEnd), ref)
        } else if Self.mayHaveFilled(line, status) {
            // The reference bot skips an IOC remainder as not filled, and writes no amount.
            noteCanceled(line.hash(p..<idEnd), amountShown: false, ref)
        }
    }

    /// The status of a skipped order, as `value(after: "status=")` from `idEnd` finds it. The
    /// reference bot writes ` with status=` there: no `s` before the literal, so it is first.
    @inline(__always)
    static func skippedStatus(_ line: LineBytes, idEnd: Int, end: Int) -> Range<Int>? {
        let window = min(end, idEnd + 200)
        if let start = line.match(" with status=", at: idEnd, limit: min(window, line.count)) {
            let valueEnd = line.valueEnd(from: start, to: window)
            return start < valueEnd ? start..<valueEnd : nil
        }
        return line.value(after: "status=", from: idEnd, to: window)
    }

    /// `Order FILLED: id=X[, …, source=account_all_trades]`
    private mutating func fillLine(_ ref: LineRef, at p: Int, end: Int) {
        let line = ref.bytes
        note(.fillDetected, ref)
        let window = min(end, p + 600)
        if let id = line.value(after: "id=", from: p, to: min(window, p + 40)) { noteFillDetected(id: line.hash(id)) }
        if let source = line.lastIndex(of: GuidePhrase.fillSource, from: p, to: window) {
            // Our client writes this line once the fill is journalled: detected and processed.
            note(.fillProcessed, ref)
            // `recovered=true` follows the source.
            if line.find(GuidePhrase.fillRecovered, from: source, to: window) != nil { recoveredFills += 1 }
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
            guard let amount = line.findEnd(label, from: p, to: end) else { continue }
            if !line.isZeroAmount(at: amount, end: end) { note(.nakedLeg, ref) }
            return
        }
    }

    private mutating func otherLine(_ ref: LineRef, at start: Int, end: Int) -> LineClass {
        let line = ref.bytes
        var p = start
        // The forked bot prefixes some INFO lines with `🔧 DEBUG: `.
        if let after = line.match("DEBUG: ", at: p) { p = after }
        guard p < end else { return .mayHoldSecrets }
        switch line[p] {
        case ASCII.openBracket:
            if let message = line.match("[ENGINE] ", at: p) {
                engineLine(ref, at: message, end: end)
                return .known
            }
        case UInt8(ascii: "F"):
            if let reason = line.match(GuidePhrase.connectFailed, at: p) {
                connectFailure(ref, from: reason, end: end)
            } else if line.has(GuidePhrase.authTokenFailed, at: p) {
                note(.authTokenFailed, ref)
            } else if let symbol = line.match("Found Lighter market: ", at: p) {
                marketLookup(ref, symbolAt: symbol, end: end)
            } else if line.has("Failed to request fresh snapshot", at: p) {
                note(.websocketError, ref)
            } else if line.has(GuidePhrase.sightRestored, at: p) {
                note(.sightRestored, ref)
            }
        case UInt8(ascii: "S"):
            if let rest = line.match(GuidePhrase.accountSubscribed, at: p) {
                if line.find(GuidePhrase.confirmedByServer, from: rest, to: min(end, p + 80)) != nil {
                    note(.accountConfirmed, ref)
                    tally(.accountConfirmedByServer)
                    if let c = line.find("account_orders/", from: rest, to: end),
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
            if let reason = line.match(GuidePhrase.connectionClosed, at: p) {
                connectionClosed(ref, from: reason, end: end)
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
            } else if let symbol = line.match("Looking for Lighter market: ", at: p) {
                marketLookup(ref, symbolAt: symbol, end: end)
            }
        case UInt8(ascii: "C"):
            if line.has(GuidePhrase.connecting, at: p) {
                note(.connectAttempt, ref)
            } else if line.has(GuidePhrase.connected, at: p) {
                note(.connected, ref)
            } else if line.has("Contract info loaded", at: p) {
                if let l = line.findEnd("Lighter: ", from: p, to: min(end, p + 200)), let market = line.integer(at: l) {
                    noteConfiguredMarket(Int(market.value), ref)
                }
            } else if line.has("CRITICAL: Lighter order TIMEOUT", at: p) {
                note(.hedgeTimeout, ref)
            } else if line.has("Creating auth token", at: p) {
                note(.authInfo, ref)
            } else if let channel = line.match("Channel: ", at: p) {
                if subscribeChannel(ref, channel..<end) { tally(.accountChannelLine) }
            }
        case UInt8(ascii: "R"):
            if let rest = line.match(GuidePhrase.reconnecting, at: p) {
                ourReconnect(ref, from: rest, end: end)
            } else if line.has("REST reconciliation failed", at: p) {
                if line.findIgnoringCase("invalid auth", from: p, to: end) != nil {
                    let code = line.findEnd("code ", from: p, to: end).flatMap { line.integer(at: $0) }.map { Int($0.value) }
                    recordError(code: code, auth: true, ref)
                }
            } else if line.has(GuidePhrase.tokenRefresh, at: p) {
                note(.authInfo, ref)
            }
        case UInt8(ascii: "O"):
            if line.has("Out-of-order update", at: p) {
                note(.outOfOrder, ref)
                pythonBreak(.outOfOrder, ref)
            } else if line.has(GuidePhrase.bookGap, at: p) {
                note(.bookGap, ref)
            } else if line.has("Order book integrity check failed", at: p) {
                pythonBreak(.integrity, ref)
            }
        case UInt8(ascii: "N"):
            if let after = line.match("No message from Lighter websocket for ", at: p) {
                note(.silence, ref)
                // Written from inside an open connection.
                note(.connected, ref)
                if let seconds = line.integer(at: after) { maxSilenceSeconds = max(maxSilenceSeconds, Int(seconds.value)) }
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
            if let rates = line.match(GuidePhrase.health, at: p) {
                healthLine(ref, from: rates, end: end)
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
            } else if line.has(GuidePhrase.accountStreamGap, at: p) {
                note(.accountStreamGap, ref)
            }
        case UInt8(ascii: "B"):
            if let rest = line.match(GuidePhrase.blind, at: p) { blindLine(ref, from: rest, end: end) }
        case UInt8(ascii: "l"):
            // `lighter-hedge watch: market ETH (id 0), account 7, …`
            if line.has("lighter-hedge watch: market ", at: p),
               let id = line.findEnd("(id ", from: p, to: min(end, p + 120)), let market = line.integer(at: id) {
                noteConfiguredMarket(Int(market.value), ref)
            }
        case UInt8(ascii: "{"):
            // The forked bot's `DEBUG: Sending subscription: {…}` lands here after its prefix.
            break
        default:
            break
        }
        if let message = line.match(GuidePhrase.sendingSubscription, at: p) { subscribeSent(ref, from: message, end: end) }
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
        let reasonEnd = line.find(GuidePhrase.blindTail, from: p, to: end) ?? end
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
        guard let at = line.findEnd(GuidePhrase.reconnectCause, from: p, to: end) else {
            noteReconnect(.other, ref)
            return
        }
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
        if let id = line.findEnd("market_id=", from: symbolEnd, to: end), let market = line.integer(at: id) {
            noteConfiguredMarket(Int(market.value), ref)
        }
    }

    // MARK: Helpers

    /// The range of the quoted value of `key` (`"channel"`) in JSON text.
    private func quotedValue(_ line: LineBytes, key: StaticString, from p: Int, to end: Int) -> Range<Int>? {
        guard var i = line.findEnd(key, from: p, to: end) else { return nil }
        while i < end, line[i] == ASCII.space || line[i] == ASCII.colon { i += 1 }
        guard i < end, line[i] == ASCII.quote, let close = line.index(of: ASCII.quote, from: i + 1, to: end) else { return nil }
        return (i + 1)..<close
    }

    /// The range of a number after `key` (`"code":`) in JSON text, quoted or not.
    private func jsonNumber(_ line: LineBytes, key: StaticString, from p: Int, to end: Int) -> Range<Int>? {
        guard var i = line.findEnd(key, from: p, to: end) else { return nil }
        while i < end, line[i] == ASCII.space || line[i] == ASCII.quote { i += 1 }
        let e = line.valueEnd(from: i, to: end)
        return i < e ? i..<e : nil
    }
}
