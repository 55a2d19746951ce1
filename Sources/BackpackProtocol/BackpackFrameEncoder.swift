import LighterProtocol

/// Writes stream frames the way the live venue does: `{"data":{…},"stream":"…"}`, `data`
/// keys sorted, prices padded to the tick and quantities to the step (`"2999.50"`,
/// `"0.0500"`), quote amounts to six digits, times as numbers of microseconds. The
/// simulator's voice; the decoder reads everything it writes.
public struct BackpackFrameEncoder: Sendable {
    /// Padding per symbol; symbols not listed use `fallback`.
    public var padding: [String: BackpackPadding]
    /// Padding for symbols not listed.
    public var fallback: BackpackPadding

    /// Creates a value from its parts.
    public init(padding: [String: BackpackPadding] = [:], fallback: BackpackPadding = BackpackPadding(price: 2, quantity: 4)) {
        self.padding = padding
        self.fallback = fallback
    }

    /// An encoder for these markets.
    public init(markets: [BackpackMarket]) {
        var padding: [String: BackpackPadding] = [:]
        for market in markets { padding[market.symbol] = market.padding }
        self.init(padding: padding)
    }

    func digits(_ symbol: String) -> BackpackPadding { padding[symbol] ?? fallback }

    /// The frame on the stream it naturally belongs to (account frames on the per-symbol stream).
    public func encode(_ frame: BackpackServerFrame) -> String {
        switch frame {
        case .depth(let update): encode(frame, stream: "depth.\(update.symbol)")
        case .bookTicker(let ticker): encode(frame, stream: "bookTicker.\(ticker.symbol)")
        case .trade(let trade): encode(frame, stream: "trade.\(trade.symbol)")
        case .orderUpdate(let update): encode(frame, stream: "account.orderUpdate.\(update.symbol)")
        case .positionUpdate(let update): encode(frame, stream: "account.positionUpdate.\(update.symbol)")
        case .error, .other: encode(frame, stream: "")
        }
    }

    /// The frame on `stream` (a client subscribed to `account.orderUpdate` gets that name).
    public func encode(_ frame: BackpackServerFrame, stream: String) -> String {
        var w = JSONWriter(capacity: 256)
        switch frame {
        case .error(let error):
            w.beginObject()
            w.key("id")
            if let id = error.id { w.string(id) } else { w.null() }
            w.key("error"); w.beginObject()
            w.field("code", error.code)
            w.field("message", error.message)
            w.endObject()
            w.endObject()
            return w.text
        case .other(let name, let event):
            w.beginObject()
            w.key("data"); w.beginObject()
            if let event { w.field("e", event) }
            w.endObject()
            w.field("stream", name)
            w.endObject()
            return w.text
        case .depth(let update): envelope(&w) { depth(update, &$0) }
        case .bookTicker(let ticker): envelope(&w) { bookTicker(ticker, &$0) }
        case .trade(let trade): envelope(&w) { self.trade(trade, &$0) }
        case .orderUpdate(let update): envelope(&w) { orderUpdate(update, &$0) }
        case .positionUpdate(let update): envelope(&w) { positionUpdate(update, &$0) }
        }
        w.field("stream", stream)
        w.endObject()
        return w.text
    }

    private func envelope(_ w: inout JSONWriter, _ data: (inout JSONWriter) -> Void) {
        w.beginObject()
        w.key("data"); w.beginObject()
        data(&w)
        w.endObject()
    }

    private func levels(_ levels: [PriceLevel], _ d: BackpackPadding, _ w: inout JSONWriter) {
        w.beginArray()
        for level in levels {
            w.arrayElement(); w.beginArray()
            w.decimal(level.price, decimals: d.price)
            w.decimal(level.size, decimals: d.quantity)
            w.endArray()
        }
        w.endArray()
    }

    private func depth(_ u: BackpackDepthUpdate, _ w: inout JSONWriter) {
        let d = digits(u.symbol)
        w.field("E", u.eventTime); w.field("T", u.engineTime); w.field("U", u.firstUpdateID)
        w.key("a"); levels(u.asks, d, &w)
        w.key("b"); levels(u.bids, d, &w)
        w.field("e", "depth"); w.field("s", u.symbol); w.field("u", u.lastUpdateID)
    }

    private func bookTicker(_ t: BackpackBookTicker, _ w: inout JSONWriter) {
        let d = digits(t.symbol)
        optional(t.ask?.size, d.quantity, "A", &w)
        optional(t.bid?.size, d.quantity, "B", &w)
        w.field("E", t.eventTime); w.field("T", t.engineTime)
        optional(t.ask?.price, d.price, "a", &w)
        optional(t.bid?.price, d.price, "b", &w)
        w.field("e", "bookTicker"); w.field("s", t.symbol); w.field("u", t.updateID)
    }

    private func trade(_ t: BackpackTrade, _ w: inout JSONWriter) {
        let d = digits(t.symbol)
        w.field("E", t.eventTime); w.field("T", t.engineTime)
        w.field("a", t.sellerOrderID); w.field("b", t.buyerOrderID)
        w.field("e", "trade"); w.field("m", t.buyerIsMaker)
        w.field("p", t.price, decimals: d.price); w.field("q", t.quantity, decimals: d.quantity)
        w.field("s", t.symbol); w.field("t", t.tradeID)
    }

    private func orderUpdate(_ u: BackpackOrderUpdate, _ w: inout JSONWriter) {
        let d = digits(u.symbol)
        if let triggerBy = u.triggerBy { w.field("B", triggerBy) }
        w.field("E", u.eventTime)
        if let strategy = u.strategyID { w.field("H", strategy) }
        if let related = u.relatedOrderID { w.field("I", related) }
        if let fill = u.fill {
            w.field("L", fill.price, decimals: d.price)
            w.field("N", fill.feeSymbol)
        }
        if let origin = u.origin { w.field("O", origin) }
        if let trigger = u.triggerPrice { w.field("P", trigger, decimals: d.price) }
        if let quote = u.quoteQuantity { w.field("Q", quote.description) }
        if let reason = u.expiryReason { w.field("R", reason) }
        w.field("S", u.side.rawValue)
        w.field("T", u.engineTime)
        if let stp = u.selfTradePrevention { w.field("V", stp) }
        w.field("X", u.status.wire)
        if let triggerQuantity = u.triggerQuantity { w.field("Y", triggerQuantity) }
        w.field("Z", Self.zeroOr(u.executedQuoteQuantity, BackpackPadding.quote))
        if let client = u.clientID { w.field("c", Int64(client)) }
        w.field("e", u.event.wire)
        w.field("f", u.timeInForce)
        w.field("i", u.orderID)
        if let fill = u.fill {
            w.field("l", fill.quantity, decimals: d.quantity)
            w.field("m", fill.isMaker)
            w.field("n", fill.fee, decimals: BackpackPadding.quote)
        }
        w.field("o", u.orderType.streamText)
        if let price = u.price { w.field("p", price, decimals: d.price) }
        if let quantity = u.quantity { w.field("q", Self.zeroOr(quantity, d.quantity)) }
        if let reduceOnly = u.reduceOnly { w.field("r", reduceOnly) }
        w.field("s", u.symbol)
        w.key("t")
        if let fill = u.fill { w.int(fill.tradeID) } else { w.null() }
        if let postOnly = u.postOnly { w.field("y", postOnly) }
        w.field("z", Self.zeroOr(u.executedQuantity, d.quantity))
    }

    private func positionUpdate(_ u: BackpackPositionUpdate, _ w: inout JSONWriter) {
        let d = digits(u.symbol)
        w.field("B", Self.zeroOr(u.entryPrice, d.price))
        w.field("E", u.eventTime)
        w.field("M", u.markPrice.description)
        w.field("P", u.unrealizedPnl.description)
        w.field("Q", u.netExposureQuantity, decimals: d.quantity)
        w.field("T", u.engineTime)
        w.field("b", u.breakEvenPrice.description)
        if let event = u.event.wire { w.field("e", event) }
        w.field("f", u.initialMarginFraction.description)
        // A number on the live venue.
        if let number = Int64(u.positionID) { w.field("i", number) } else { w.field("i", u.positionID) }
        w.field("l", u.estimatedLiquidationPrice.description)
        w.field("m", u.maintenanceMarginFraction.description)
        w.field("n", u.netExposureNotional.description)
        w.field("p", u.realizedPnl.description)
        w.field("q", u.netQuantity, decimals: d.quantity)
        w.field("s", u.symbol)
    }

    private func optional(_ value: FixedDecimal?, _ decimals: Int, _ key: String, _ w: inout JSONWriter) {
        w.key(key)
        if let value { w.decimal(value, decimals: decimals) } else { w.null() }
    }

    /// `"0"` for zero (as the venue writes an untouched cumulative), padded otherwise.
    static func zeroOr(_ value: FixedDecimal, _ decimals: Int) -> String {
        value.isZero ? "0" : value.formatted(decimals: decimals)
    }
}
