import LighterProtocol
import StreamKit
import Logging

/// Turns stream events into the lines of the Lighter WebSocket diagnostic guide, so that every
/// grep in the guide works on LighterHedge logs. The guide's wording is kept as a prefix of each
/// line; what follows adds the order's real fields (the Python bot logged `size=0` because Lighter
/// orders have no `size`, and took `side` from a field Lighter marks "TODO: remove").
///
/// Pure functions: no clock, no state. Levels follow the Python bot where it was right (DEBUG for
/// the per-message chatter) and raise to INFO/WARNING what a user at the default INFO level must
/// see: subscription confirmations, fills, error frames, unexpected frames.
package enum GuideLog {
    package static let wsTag = "📨 \(GuidePhrase.streamTag)"
    package static let fillTag = "✅ \(GuidePhrase.streamTag)"
    package static let warningTag = "⚠️ \(GuidePhrase.streamTag)"
    /// Payloads in WARNING lines are cut here, as the Python bot cut `str(data)[:500]`.
    package static let payloadLimit = 500

    // MARK: Frames

    /// The lines for one received frame.
    /// - Parameters:
    ///   - fillsInFrame: `order_index` of every order in this frame for which the fill tracker
    ///     reported a new fill; the other orders get the guide's `Skipping … (not filled)` line.
    ///   - minimumLevel: lines below it are not built at all (pass the logger's level on the hot path).
    package static func received(frame: ServerFrame, fillsInFrame: Set<Int64> = [],
                                minimumLevel: Logger.Level = .trace) -> [GuideLine] {
        var out = Lines(minimum: minimumLevel)
        out.add(.debug, "\(wsTag) \(GuidePhrase.receivedType)\(clean(frame.typeName, limit: 200))")
        switch frame {
        case .connected(let sessionID):
            out.add(.debug, "\(wsTag) \(GuidePhrase.serverGreeting): connected, session_id=\(sessionID.isEmpty ? "none" : clean(sessionID, limit: 100))")

        case .orderBook(let book):
            if book.isSnapshot {
                out.add(.info, "\(wsTag) \(GuidePhrase.subscriptionConfirmation)\(GuidePhrase.confirmedOrderBook) (\(frame.typeName), "
                    + "market \(book.market), offset \(book.offset), nonce \(book.nonce), "
                    + "bids \(book.bids.count), asks \(book.asks.count))")
            } else {
                out.add(.debug, "\(wsTag) \(GuidePhrase.bookUpdate) - offset: \(book.offset), bids: \(book.bids.count), "
                    + "asks: \(book.asks.count), market: \(book.market), nonce: \(book.nonce), "
                    + "begin_nonce: \(book.beginNonce.map(String.init) ?? "none")")
            }

        case .accountOrders(let f):
            accountOrders(f, typeName: frame.typeName, fillsInFrame: fillsInFrame, into: &out)

        case .accountTrades(let f):
            let markets = sortedMarketKeys(f.trades.keys)
            if f.isSnapshot {
                out.add(.info, "\(wsTag) \(GuidePhrase.subscriptionConfirmation)\(GuidePhrase.confirmedAccountAllTrades) (\(frame.typeName), "
                    + "channel \(clean(f.channel, limit: 200)), trades \(f.allTrades.count))")
            } else {
                out.add(.debug, "\(wsTag) \(GuidePhrase.accountTradesUpdate) received - Markets: \(pythonList(markets))")
            }
            if out.wants(.debug) {
                var i = 0
                for market in markets {
                    for t in f.trades[market] ?? [] {
                        out.add(.debug, "\(wsTag)   \(GuidePhrase.trade)\(i): id=\(t.tradeID), market=\(t.marketID), size=\(t.size), "
                            + "price=\(t.price), ask_id=\(t.askID), bid_id=\(t.bidID), "
                            + "ask_client_id=\(t.askClientID), bid_client_id=\(t.bidClientID)")
                        i += 1
                    }
                }
            }

        case .trades(let f):
            if f.isSnapshot {
                out.add(.info, "\(wsTag) \(GuidePhrase.subscriptionConfirmation)trades (\(frame.typeName), "
                    + "market \(f.market), trades \(f.trades.count))")
            } else {
                out.add(.debug, "\(wsTag) \(GuidePhrase.trade)update - market: \(f.market), trades: \(f.trades.count), "
                    + "liquidations: \(f.liquidationTrades.count)")
            }

        case .ping:
            out.add(.debug, "\(wsTag) \(GuidePhrase.pingReceived) (sending pong)")

        case .pong:
            break

        case .unsubscribed(let channel):
            out.add(.info, "\(wsTag) Unsubscribed from \(clean(channel, limit: 200))")

        case .shutdown(let closeInMs):
            out.add(.warning, "\(warningTag) Server shutdown notice (closing in \(closeInMs.map { "\($0) ms" } ?? "unknown time"))")

        case .error(let e):
            var line = "\(warningTag) \(GuidePhrase.serverErrorFrame)\(e.code.map(String.init) ?? "none"), "
                + "message=\(clean(e.message, limit: payloadLimit))"
            if let id = e.id { line += ", id=\(clean(id, limit: 100))" }
            out.add(.warning, line)

        case .txResult(let r):
            let line = "\(wsTag) sendtx result: code=\(r.code), id=\(r.id.map { clean($0, limit: 100) } ?? "none"), tx_hash=\(clean(r.txHash, limit: 200))"
                + (r.predictedExecutionTimeMs.map { ", predicted_execution_time_ms=\($0)" } ?? "")
            out.add(r.code == 200 ? .debug : .warning, line)

        case .otherChannel(let type, _, let raw):
            unexpected(type: type, raw: raw, into: &out)

        case .unknown(let type, let raw):
            unexpected(type: type, raw: raw, into: &out)
        }
        return out.lines
    }

    private static func accountOrders(_ f: AccountOrdersFrame, typeName: String, fillsInFrame: Set<Int64>,
                                      into out: inout Lines) {
        let what = f.source == .accountOrders ? GuidePhrase.confirmedAccountOrders : GuidePhrase.confirmedAccountAllOrders
        let markets = sortedMarketKeys(f.orders.keys)
        if f.isSnapshot {
            let count = f.orders.values.reduce(0) { $0 + $1.count }
            out.add(.info, "\(wsTag) \(GuidePhrase.subscriptionConfirmation)\(what) (\(typeName), "
                + "channel \(clean(f.channel, limit: 200)), account \(f.account.map(String.init) ?? "none"), orders \(count))")
        } else {
            out.add(.debug, "\(wsTag) \(GuidePhrase.accountOrdersUpdate) - Markets: \(pythonList(markets))")
        }
        guard out.wants(.debug) else { return }
        for market in markets {
            let orders = f.orders[market] ?? []
            out.add(.debug, "\(wsTag) \(GuidePhrase.marketOrders)\(clean(market, limit: 40)): \(orders.count) orders")
            // A snapshot's orders are the baseline, named apart: what they had filled before the
            // subscription is not a fill to process now (and doctor must not take it for one).
            let label = f.isSnapshot ? GuidePhrase.snapshotOrderLine : GuidePhrase.orderLine
            for (i, o) in orders.enumerated() {
                out.add(.debug, "\(wsTag)   \(label)\(i): id=\(o.orderIndex), status=\(statusText(o.status)), "
                    + "side=\(o.isAsk ? "sell" : "buy"), size=\(o.initialBaseAmount), price=\(o.price), "
                    + "filled=\(o.filledBaseAmount), client_id=\(o.clientOrderIndex)")
            }
        }
        // A snapshot is the baseline of open orders, not a batch of fills: nothing to process.
        guard !f.isSnapshot else { return }
        for market in markets {
            let orders = f.orders[market] ?? []
            out.add(.debug, "\(wsTag) \(GuidePhrase.processing)\(orders.count) orders for market \(clean(market, limit: 40))")
            for o in orders {
                out.add(.debug, "\(wsTag) \(GuidePhrase.processing)order id=\(o.orderIndex), status=\(statusText(o.status))")
                if !fillsInFrame.contains(o.orderIndex) {
                    out.add(.debug, "\(wsTag) \(GuidePhrase.skippingOrder)\(o.orderIndex) with status=\(statusText(o.status)) (not filled)")
                }
            }
        }
    }

    private static func unexpected(type: String?, raw: String, into out: inout Lines) {
        out.add(.warning, "\(warningTag) \(GuidePhrase.unexpectedType)\(type.map { clean($0, limit: 200) } ?? "none")")
        out.add(.warning, "\(warningTag) \(GuidePhrase.payload)\(clean(raw, limit: payloadLimit))")
    }

    // MARK: Fills and bad frames

    /// Every fill, partial ones too, so that the guide's `grep "Order FILLED"` finds them all.
    package static func fill(_ event: FillEvent) -> GuideLine {
        var line = "\(fillTag) \(GuidePhrase.orderFilled): id=\(event.orderIndex), client_id=\(event.clientOrderIndex), "
            + "market=\(event.market), side=\(event.side), size=\(event.size), price=\(event.price), "
            + "filled=\(event.cumulativeFilled), avg=\(event.averagePrice.map { $0.description } ?? "none"), "
            + "status=\(event.status ?? "unknown")\(GuidePhrase.fillSource)\(event.source.rawValue)"
        if event.recovered { line += ", \(GuidePhrase.fillRecovered)" }
        return GuideLine(.info, line)
    }

    package static func undecodable(raw: String, error: any Error) -> GuideLine {
        GuideLine(.warning, "\(warningTag) \(GuidePhrase.undecodable) (\(error)): \(clean(raw, limit: payloadLimit))")
    }

    package static func binaryFrame(bytes: Int) -> GuideLine {
        GuideLine(.warning, "\(warningTag) Binary frame of \(bytes) bytes ignored (Lighter sends text frames)")
    }

    // MARK: Connection lifecycle

    package static func connecting(url: String) -> GuideLine {
        GuideLine(.info, "\(GuidePhrase.connecting) \(clean(url, limit: 300))")
    }

    package static func connected(url: String) -> GuideLine {
        GuideLine(.info, "✅ \(GuidePhrase.connected) \(clean(url, limit: 300))")
    }

    /// The guide's Scenario 1 sign: `⚠️ Failed to connect to Lighter websocket`.
    package static func connectFailed(reason: String) -> GuideLine {
        GuideLine(.warning, "⚠️ \(GuidePhrase.connectFailed): \(clean(reason, limit: payloadLimit))")
    }

    /// Scenario 4 greps `connection closed`.
    package static func closed(code: Int?, reason: String) -> GuideLine {
        GuideLine(.warning, "⚠️ \(GuidePhrase.connectionClosed): \(code.map(String.init) ?? "none") "
            + (reason.isEmpty ? "(no reason)" : clean(reason, limit: payloadLimit)))
    }

    package static func reconnecting(delayMs: Int64, attempt: Int, cause: String) -> GuideLine {
        GuideLine(.info, "\(GuidePhrase.reconnecting) in \(delayMs) ms (attempt \(attempt), \(GuidePhrase.reconnectCause)\(clean(cause, limit: 300)))")
    }

    /// A subscribe as sent, built here so that the token never enters the text.
    package static func subscribeSent(channel: String, withAuth: Bool) -> GuideLine {
        let auth = withAuth ? ",\"auth\":\"\(LogRedaction.placeholder)\"" : ""
        return GuideLine(.debug, "\(wsTag) \(GuidePhrase.sendingSubscription){\"type\":\"subscribe\",\"channel\":\"\(clean(channel, limit: 200))\"\(auth)}")
    }

    /// A client message as sent (JSON text); auth fields and keys are redacted.
    package static func subscribeSent(json: String) -> GuideLine {
        GuideLine(.debug, "\(wsTag) \(GuidePhrase.sendingSubscription)\(clean(json, limit: payloadLimit))")
    }

    /// The guide's Scenario 3 grep: `Subscribed to account orders with auth token`. Written only
    /// once the server confirmed, unlike the Python bot, which logged it when the request was sent.
    package static func accountSubscriptionConfirmed(channel: String) -> GuideLine {
        GuideLine(.info, "✅ \(GuidePhrase.accountSubscribed) (\(GuidePhrase.confirmedByServer)): \(clean(channel, limit: 200))")
    }

    /// The guide's Scenario 3 grep: `Failed to create auth token`.
    package static func authTokenFailed(reason: String) -> GuideLine {
        GuideLine(.error, "\(GuidePhrase.authTokenFailed): \(clean(reason, limit: payloadLimit))")
    }

    package static func bookGap(market: Int, expectedBeginNonce: Int64, got: Int64) -> GuideLine {
        GuideLine(.info, "\(GuidePhrase.bookGap) \(market): expected begin_nonce \(expectedBeginNonce), got \(got); "
            + "resubscribing the book only")
    }

    package static func tokenRefresh(ageSeconds: Int64) -> GuideLine {
        GuideLine(.info, "\(GuidePhrase.tokenRefresh) (age \(ageSeconds) s); resubscribing private channels")
    }

    package static func reconciliation(ordersChecked: Int, fillsRecovered: Int) -> GuideLine {
        GuideLine(.info, "REST reconciliation: \(ordersChecked) orders checked, \(fillsRecovered) fills recovered")
    }

    /// A fill that the account channels never showed and only REST reconciliation found: the
    /// channel is silent (the guide's scenario 4) although the socket is up. doctor reads the
    /// `Account stream gap:` prefix as the `account-stream-silent` finding.
    package static func accountStreamGap(orderIndex: Int64, size: FixedDecimal, channel: String,
                                        lastFrameAgeMs: Int64?) -> GuideLine {
        let age = lastFrameAgeMs.map { "last frame \(oneDecimal(Double($0) / 1000)) s ago" } ?? "no frame since subscribing"
        return GuideLine(.warning, "⚠️ \(GuidePhrase.accountStreamGap) a fill of order \(orderIndex) (\(size)) was found only by REST "
            + "reconciliation; \(clean(channel, limit: 200)) \(age); resubscribing the account channels")
    }

    /// No fill source is alive: fills on the account go unseen until one comes back. Repeated
    /// while it lasts, so that a reader of any stretch of the log sees it.
    package static func blind(account: Int64, seconds: Int64, reason: String) -> GuideLine {
        GuideLine(.error, "🚨 \(GuidePhrase.blind) for account \(account) (\(seconds) s): \(clean(reason, limit: 300))"
            + "\(GuidePhrase.blindTail) are unseen until a source returns")
    }

    /// The end of a blind spell; reconciliation then recovers what it missed.
    package static func sightRestored(account: Int64, blindSeconds: Int64, source: String) -> GuideLine {
        GuideLine(.info, "\(GuidePhrase.sightRestored) \(account) after \(blindSeconds) s blind: \(clean(source, limit: 200))")
    }

    /// `Health: msgs/s {update/order_book: 4.9, ping: 0.1}; subscriptions order_book/0=confirmed; token age 120 s; fills 3`.
    /// Rates are listed busiest first so the line's start says where the traffic is.
    package static func health(_ h: HealthSummary) -> GuideLine {
        let rates = h.messagesPerSecond.sorted { a, b in a.value != b.value ? a.value > b.value : a.key < b.key }
            .map { "\($0.key): \(oneDecimal($0.value))" }.joined(separator: ", ")
        let subs = h.subscriptions.isEmpty ? "none"
            : h.subscriptions.map { "\($0.channel)=\($0.state)" }.joined(separator: ", ")
        var line = "\(GuidePhrase.health)msgs/s {\(rates)}; subscriptions \(subs); "
            + "token age \(h.tokenAgeSeconds.map { "\($0) s" } ?? "none"); fills \(h.fills)"
        if let reconnects = h.reconnects { line += "; reconnects \(reconnects)" }
        if let blind = h.blindSeconds, blind > 0 { line += "; blind \(blind) s" }
        return GuideLine(.info, cut(line, limit: 2000))
    }

    // MARK: Helpers

    /// Redacted first, then cut: cutting first could leave a secret's head too short to
    /// recognise. Control characters are escaped: a peer's text must not shape our lines.
    static func clean(_ text: String, limit: Int) -> String {
        cut(TextSanitizer.escapingControls(LogRedaction.redact(text)), limit: limit)
    }

    /// At most `limit` characters, with a visible mark when something was cut.
    static func cut(_ text: String, limit: Int) -> String { LogFormatting.cut(text, limit: limit) }

    /// Python's `str(list(keys))`: `['0', '1']`.
    static func pythonList(_ keys: [String]) -> String {
        "[" + keys.map { "'\(clean($0, limit: 40))'" }.joined(separator: ", ") + "]"
    }

    /// One of the venue's statuses as spelled on the wire, or `unknown`: a status is never
    /// echoed as it came.
    static func statusText(_ status: OrderStatus) -> String {
        FillTracker.statusText(status) ?? "none"
    }

    /// Market keys in numeric order (`2` before `10`), non-numeric keys last.
    static func sortedMarketKeys(_ keys: some Collection<String>) -> [String] {
        keys.sorted { a, b in
            switch (Int(a), Int(b)) {
            case let (x?, y?): x < y
            case (_?, nil): true
            case (nil, _?): false
            case (nil, nil): a < b
            }
        }
    }

    static func oneDecimal(_ value: Double) -> String { LogFormatting.oneDecimal(value) }

    /// Collects lines, skipping (and not building) those below the minimum level.
    struct Lines {
        let minimum: Logger.Level
        var lines: [GuideLine] = []
        init(minimum: Logger.Level) { self.minimum = minimum }
        func wants(_ level: Logger.Level) -> Bool { level >= minimum }
        mutating func add(_ level: Logger.Level, _ message: @autoclosure () -> String) {
            if level >= minimum { lines.append(GuideLine(level, message())) }
        }
    }
}
