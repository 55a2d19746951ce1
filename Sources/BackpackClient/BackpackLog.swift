import BackpackProtocol
import Logging
import StreamKit

/// The Backpack client's log lines, in the same voice as the Lighter side's: a tag saying which
/// venue and stream, what happened, the fields that matter, and at INFO and above only what a
/// person must see (connections, subscriptions, book resyncs, fills, errors, gaps, blindness,
/// a health line). Pure functions: no clock, no state; network text is escaped and cut.
public enum BackpackLog {
    /// Lines about the stream and its frames.
    public static let wsTag = "📨 [BACKPACK WS]"
    /// Fill lines.
    public static let fillTag = "✅ [BACKPACK WS]"
    /// Lines a person should look at.
    public static let warningTag = "⚠️ [BACKPACK WS]"
    /// Network text in a line is cut here.
    public static let payloadLimit = 500

    // MARK: Connection lifecycle

    /// A connection attempt begins.
    public static func connecting(url: String) -> GuideLine {
        GuideLine(.info, "Connecting to Backpack websocket \(clean(url, limit: 300))")
    }

    /// The WebSocket is open.
    public static func connected(url: String) -> GuideLine {
        GuideLine(.info, "✅ Connected to Backpack websocket \(clean(url, limit: 300))")
    }

    /// The connection could not be made.
    public static func connectFailed(reason: String) -> GuideLine {
        GuideLine(.warning, "⚠️ Failed to connect to Backpack websocket: \(clean(reason, limit: payloadLimit))")
    }

    /// The connection closed (with the server's close code, when it sent one).
    public static func closed(code: Int?, reason: String) -> GuideLine {
        GuideLine(.warning, "⚠️ Backpack websocket connection closed: \(code.map(String.init) ?? "none") "
            + (reason.isEmpty ? "(no reason)" : clean(reason, limit: payloadLimit)))
    }

    /// The next attempt, after the backoff.
    public static func reconnecting(delayMs: Int64, attempt: Int, cause: String) -> GuideLine {
        GuideLine(.info, "Reconnecting to Backpack websocket in \(delayMs) ms (attempt \(attempt), cause: \(clean(cause, limit: 300)))")
    }

    /// The venue's clock offset, as learnt from `/api/v1/time`.
    public static func clockSynced(offsetMs: Int64) -> GuideLine {
        GuideLine(.info, "Backpack clock: venue is \(offsetMs) ms \(offsetMs >= 0 ? "ahead of" : "behind") ours (from /api/v1/time); signed requests carry the venue's time")
    }

    /// A subscribe as sent: the stream names, and whether it was signed (never the signature).
    public static func subscribeSent(streams: [String], signed: Bool) -> GuideLine {
        GuideLine(.info, "\(wsTag) Subscribing \(streams.map { clean($0, limit: 100) }.joined(separator: ", "))"
            + (signed ? " (signed)" : ""))
    }

    /// An unsubscribe as sent.
    public static func unsubscribeSent(streams: [String]) -> GuideLine {
        GuideLine(.debug, "\(wsTag) Unsubscribing \(streams.map { clean($0, limit: 100) }.joined(separator: ", "))")
    }

    /// The first data on a stream: the venue never acknowledges a subscribe, so this is the
    /// confirmation.
    public static func streamLive(_ stream: String) -> GuideLine {
        GuideLine(.info, "\(wsTag) Stream live (first data): \(clean(stream, limit: 100))")
    }

    /// A private stream taken without an error: as close to a confirmation as the venue gives.
    public static func streamQuiet(_ stream: String, afterMs: Int64) -> GuideLine {
        GuideLine(.info, "\(wsTag) \(clean(stream, limit: 100)) taken without an error after \(afterMs) ms (the venue never acknowledges a subscribe; data comes when the account trades)")
    }

    /// A public stream with neither data nor an error long after subscribing.
    public static func streamUnconfirmed(_ stream: String, afterMs: Int64) -> GuideLine {
        GuideLine(.warning, "\(warningTag) No data on \(clean(stream, limit: 100)) \(afterMs) ms after subscribing and no error: "
            + "the venue answers an unknown or closed market with silence")
    }

    // MARK: Frames

    /// Every frame at DEBUG, with the fields that identify it; error frames at WARNING.
    public static func received(_ frame: BackpackServerFrame, minimumLevel: Logger.Level = .trace) -> GuideLine? {
        switch frame {
        case .error(let error):
            return GuideLine(.warning, "\(warningTag) Server error frame: code=\(error.code), message=\(clean(error.message, limit: payloadLimit))")
        default:
            guard minimumLevel <= .debug else { return nil }
        }
        switch frame {
        case .depth(let d):
            return GuideLine(.debug, "\(wsTag) depth \(clean(d.symbol, limit: 40)) U=\(d.firstUpdateID) u=\(d.lastUpdateID) bids \(d.bids.count) asks \(d.asks.count)")
        case .bookTicker(let t):
            return GuideLine(.debug, "\(wsTag) bookTicker \(clean(t.symbol, limit: 40)) bid \(t.bid.map { "\($0.size)@\($0.price)" } ?? "-") ask \(t.ask.map { "\($0.size)@\($0.price)" } ?? "-") u=\(t.updateID)")
        case .trade(let t):
            return GuideLine(.debug, "\(wsTag) trade \(clean(t.symbol, limit: 40)) id=\(t.tradeID) \(t.quantity)@\(t.price)")
        case .orderUpdate(let u):
            return GuideLine(.debug, "\(wsTag) Order update \(clean(u.event.wire, limit: 40)): id=\(clean(u.orderID, limit: 40)), "
                + "client_id=\(u.clientID.map(String.init) ?? "none"), side=\(u.side.rawValue), type=\(u.orderType.rawValue), "
                + "tif=\(clean(u.timeInForce, limit: 10)), quantity=\(u.quantity.map { "\($0)" } ?? "none"), "
                + "price=\(u.price.map { "\($0)" } ?? "none"), status=\(clean(u.status.wire, limit: 40)), filled=\(u.executedQuantity)"
                + (u.expiryReason.map { ", reason=\(clean($0, limit: 60))" } ?? ""))
        case .positionUpdate(let p):
            return GuideLine(.debug, "\(wsTag) Position \(clean(p.event.wire ?? "snapshot", limit: 40)) \(clean(p.symbol, limit: 40)): "
                + "net \(p.netQuantity), entry \(p.entryPrice), mark \(p.markPrice), unrealised \(p.unrealizedPnl)")
        case .other(let stream, let event):
            return GuideLine(.debug, "\(wsTag) \(clean(stream, limit: 100))\(event.map { " \(clean($0, limit: 40))" } ?? "")")
        case .error:
            return nil
        }
    }

    /// A frame that is not Backpack's JSON.
    public static func undecodable(raw: String, error: any Error) -> GuideLine {
        GuideLine(.warning, "\(warningTag) Undecodable frame (\(clean(String(describing: error), limit: 200))): \(clean(raw, limit: payloadLimit))")
    }

    /// A binary frame, which the venue never sends.
    public static func binaryFrame(bytes: Int) -> GuideLine {
        GuideLine(.warning, "\(warningTag) Binary frame of \(bytes) bytes ignored (Backpack sends text frames)")
    }

    // MARK: Book

    /// The book seeded from a snapshot lined up with the buffered updates.
    public static func bookSynced(symbol: String, lastUpdateID: Int64, applied: Int, stale: Int, bids: Int, asks: Int) -> GuideLine {
        GuideLine(.info, "Depth book \(clean(symbol, limit: 40)) seeded from a REST snapshot at lastUpdateId \(lastUpdateID): "
            + "\(applied) buffered updates applied, \(stale) older ones dropped; \(bids) bids, \(asks) asks")
    }

    /// A depth update that does not continue the chain: the book is seeded again.
    public static func bookGap(symbol: String, expected: Int64, received: Int64) -> GuideLine {
        GuideLine(.info, "Depth gap on \(clean(symbol, limit: 40)): expected U=\(expected), got U=\(received); "
            + "seeding the book again from a REST snapshot (the socket stays up)")
    }

    /// A snapshot that could not be used, and when the next is asked for.
    public static func snapshotRetry(symbol: String, reason: String, inMs: Int64) -> GuideLine {
        GuideLine(.info, "Depth snapshot of \(clean(symbol, limit: 40)) not usable (\(clean(reason, limit: 300))); another in \(inMs) ms")
    }

    // MARK: Fills and the account

    /// Every fill, partial ones too, with the order's progress when the stream said it.
    public static func fill(_ fill: BackpackFillEvent) -> GuideLine {
        var line = "\(fillTag) Order FILLED: id=\(clean(fill.orderID, limit: 40)), client_id=\(fill.clientID.map(String.init) ?? "none"), "
            + "trade=\(fill.tradeID), market=\(clean(fill.symbol, limit: 40)), side=\(fill.sideWord), size=\(fill.quantity), "
            + "price=\(fill.price), \(fill.isMaker ? "maker" : "taker"), fee=\(fill.fee) \(clean(fill.feeSymbol, limit: 12))"
        if let filled = fill.orderFilled {
            line += ", filled=\(filled)\(fill.orderQuantity.map { "/\($0)" } ?? "")"
        }
        line += ", status=\(fill.status.map { clean($0, limit: 40) } ?? "unknown"), source=\(fill.source.rawValue)"
        if fill.recovered { line += ", recovered=true" }
        return GuideLine(.info, line)
    }

    /// A position update, or the snapshot sent on subscribing.
    public static func position(_ p: BackpackPositionUpdate) -> GuideLine {
        GuideLine(.info, "Position \(clean(p.symbol, limit: 40)) \(clean(p.event.wire ?? "on subscribe", limit: 40)): net \(p.netQuantity), "
            + "entry \(p.entryPrice), mark \(p.markPrice), unrealised \(p.unrealizedPnl), realised \(p.realizedPnl)")
    }

    /// What a walk through the fills history found.
    public static func reconciliation(fillsChecked: Int, fillsRecovered: Int) -> GuideLine {
        GuideLine(.info, "REST reconciliation: \(fillsChecked) fills checked, \(fillsRecovered) fills recovered")
    }

    /// A fill the order stream never showed and only reconciliation found, though the socket
    /// and the subscription were up.
    public static func accountStreamGap(tradeID: Int64, orderID: String, size: String, stream: String,
                                        lastFrameAgeMs: Int64?) -> GuideLine {
        let age = lastFrameAgeMs.map { "last frame \(LogFormatting.oneDecimal(Double($0) / 1000)) s ago" } ?? "no frame since subscribing"
        return GuideLine(.warning, "⚠️ Account stream gap: trade \(tradeID) of order \(clean(orderID, limit: 40)) (\(size)) was found only by REST "
            + "reconciliation; \(clean(stream, limit: 100)) \(age); resubscribing the account streams")
    }

    /// No fill source is alive: repeated while it lasts.
    public static func blind(account: String, seconds: Int64, reason: String) -> GuideLine {
        GuideLine(.error, "🚨 Blind: no fill source is alive for Backpack key \(account) (\(seconds) s): \(clean(reason, limit: 300)); "
            + "fills made now are unseen until a source returns")
    }

    /// The end of a blind spell.
    public static func sightRestored(account: String, blindSeconds: Int64, source: String) -> GuideLine {
        GuideLine(.info, "Fill source restored for Backpack key \(account) after \(blindSeconds) s blind: \(clean(source, limit: 200))")
    }

    /// `Health: frames/s {depth.ETH_USDC_PERP: 4.9}; streams depth.ETH_USDC_PERP=live; book u=123; fills 3; reconnects 0`.
    public static func health(_ h: BackpackHealth) -> GuideLine {
        let rates = h.framesPerSecond.sorted { a, b in a.value != b.value ? a.value > b.value : a.key < b.key }
            .map { "\(clean($0.key, limit: 100)): \(LogFormatting.oneDecimal($0.value))" }.joined(separator: ", ")
        let subs = h.subscriptions.isEmpty ? "none" : h.subscriptions.map { "\($0.stream)=\($0.state)" }.joined(separator: ", ")
        var line = "Health: frames/s {\(rates)}; streams \(subs); book u=\(h.bookUpdateID.map(String.init) ?? "unsynced"); "
            + "fills \(h.fills); reconnects \(h.reconnects)"
        if let blind = h.blindSeconds, blind > 0 { line += "; blind \(blind) s" }
        return GuideLine(.info, LogFormatting.cut(line, limit: 2000))
    }

    // MARK: Helpers

    /// Network text made safe for a line: escaped, then cut.
    public static func clean(_ text: String, limit: Int) -> String {
        LogFormatting.cut(TextSanitizer.escapingControls(text), limit: limit)
    }

    /// The part of a public key that names the account in lines and file names (the key is
    /// public, but a prefix reads better and is enough to tell keys apart).
    public static func keyLabel(_ publicKey: String) -> String { String(publicKey.prefix(12)) }
}
