/// Writes server frames exactly as Lighter shapes them; the simulator's voice.
public struct FrameEncoder: Sendable {
    /// Fraction digits per market; markets not listed use `MarketDecimals.standard`.
    public var decimals: [Int: MarketDecimals]

    /// An encoder writing each market's amounts with its fraction digits (`standard` for the others).
    public init(decimals: [Int: MarketDecimals] = [:]) { self.decimals = decimals }

    func digits(_ market: Int) -> MarketDecimals { decimals[market] ?? .standard }

    /// The frame's JSON text, fields in the order the venue writes them.
    public func encode(_ frame: ServerFrame) -> String {
        var w = JSONWriter()
        switch frame {
        case .connected(let sessionID):
            w.beginObject(); w.field("session_id", sessionID); w.field("type", "connected"); w.endObject()
        case .ping:
            w.beginObject(); w.field("type", "ping"); w.endObject()
        case .pong:
            w.beginObject(); w.field("type", "pong"); w.endObject()
        case .unsubscribed(let channel):
            w.beginObject(); w.field("type", "unsubscribed"); w.field("channel", channel); w.endObject()
        case .shutdown(let closeInMs):
            w.beginObject(); w.field("type", "shutdown")
            if let closeInMs { w.field("close_in_ms", closeInMs) }
            w.endObject()
        case .error(let error):
            w.beginObject()
            w.key("error"); w.beginObject()
            if let code = error.code { w.field("code", code) }
            w.field("message", error.message)
            w.endObject()
            if let id = error.id { w.field("id", id) }
            w.endObject()
        case .txResult(let result):
            w.beginObject()
            w.field("code", result.code)
            if let id = result.id { w.field("id", id) }
            if let predicted = result.predictedExecutionTimeMs { w.field("predicted_execution_time_ms", predicted) }
            w.field("tx_hash", result.txHash)
            w.field("type", "jsonapi/sendtx")
            w.endObject()
        case .orderBook(let book):
            encode(book, into: &w)
        case .accountOrders(let frame):
            w.beginObject()
            w.field("type", ServerFrame.accountOrders(frame).typeName)
            w.field("channel", frame.channel)
            if let account = frame.account { w.field("account", account) }
            if let nonce = frame.nonce { w.field("nonce", nonce) }
            w.key("orders"); w.beginObject()
            for market in frame.orders.keys.sorted() {
                w.key(market); w.beginArray()
                for order in frame.orders[market] ?? [] { encode(order, into: &w) }
                w.endArray()
            }
            w.endObject()
            w.endObject()
        case .accountTrades(let frame):
            w.beginObject()
            w.field("type", frame.isSnapshot ? "subscribed/account_all_trades" : "update/account_all_trades")
            w.field("channel", frame.channel)
            w.key("trades"); w.beginObject()
            for market in frame.trades.keys.sorted() {
                w.key(market); w.beginArray()
                for trade in frame.trades[market] ?? [] { encode(trade, into: &w) }
                w.endArray()
            }
            w.endObject()
            w.endObject()
        case .trades(let frame):
            w.beginObject()
            w.field("channel", "trade:\(frame.market)")
            w.key("liquidation_trades"); w.beginArray()
            for trade in frame.liquidationTrades { encode(trade, into: &w) }
            w.endArray()
            if let nonce = frame.nonce { w.field("nonce", nonce) }
            w.key("trades"); w.beginArray()
            for trade in frame.trades { encode(trade, into: &w) }
            w.endArray()
            w.field("type", frame.isSnapshot ? "subscribed/trade" : "update/trade")
            w.endObject()
        case .otherChannel(_, _, let raw), .unknown(_, let raw):
            return raw
        }
        return w.text
    }

    func encode(_ book: OrderBookFrame, into w: inout JSONWriter) {
        let d = digits(book.market)
        w.beginObject()
        w.field("channel", "order_book:\(book.market)")
        if let at = book.lastUpdatedAt { w.field("last_updated_at", at) }
        w.field("offset", book.offset)
        w.key("order_book"); w.beginObject()
        w.field("code", book.code)
        for (name, levels) in [("asks", book.asks), ("bids", book.bids)] {
            w.key(name); w.beginArray()
            for level in levels {
                w.arrayElement(); w.beginObject()
                w.field("price", level.price, decimals: d.price)
                w.field("size", level.size, decimals: d.size)
                w.endObject()
            }
            w.endArray()
        }
        w.field("offset", book.offset)
        w.field("nonce", book.nonce)
        if let at = book.lastUpdatedAt { w.field("last_updated_at", at) }
        if let begin = book.beginNonce { w.field("begin_nonce", begin) }
        w.endObject()
        if let timestamp = book.timestamp { w.field("timestamp", timestamp) }
        w.field("type", book.isSnapshot ? "subscribed/order_book" : "update/order_book")
        w.endObject()
    }

    package func encode(_ order: Order, into w: inout JSONWriter) {
        let d = digits(order.marketIndex)
        w.arrayElement(); w.beginObject()
        w.field("order_index", order.orderIndex)
        w.field("client_order_index", order.clientOrderIndex)
        w.field("order_id", String(order.orderIndex))
        w.field("client_order_id", String(order.clientOrderIndex))
        w.field("market_index", order.marketIndex)
        w.field("owner_account_index", order.ownerAccountIndex)
        w.field("initial_base_amount", order.initialBaseAmount, decimals: d.size)
        w.field("price", order.price, decimals: d.price)
        w.field("nonce", order.nonce)
        w.field("remaining_base_amount", order.remainingBaseAmount, decimals: d.size)
        w.field("is_ask", order.isAsk)
        w.field("base_size", order.baseSize)
        w.field("base_price", order.basePrice)
        w.field("filled_base_amount", order.filledBaseAmount, decimals: d.size)
        w.field("filled_quote_amount", order.filledQuoteAmount, decimals: MarketDecimals.quote)
        w.field("side", order.side)
        w.field("type", order.type)
        w.field("time_in_force", order.timeInForce)
        w.field("reduce_only", order.reduceOnly)
        w.field("trigger_price", order.triggerPrice, decimals: d.price)
        w.field("order_expiry", order.orderExpiry)
        w.field("status", order.status.wire)
        w.field("trigger_status", order.triggerStatus)
        w.field("trigger_time", order.triggerTime)
        w.field("parent_order_index", order.parentOrderIndex)
        w.field("parent_order_id", String(order.parentOrderIndex))
        w.field("to_trigger_order_id_0", "0")
        w.field("to_trigger_order_id_1", "0")
        w.field("to_cancel_order_id_0", "0")
        if let v = order.orderVersion { w.field("order_version", v) }
        if let v = order.blockHeight { w.field("block_height", v) }
        if let v = order.timestamp { w.field("timestamp", v) }
        if let v = order.createdAt { w.field("created_at", v) }
        if let v = order.updatedAt { w.field("updated_at", v) }
        if let v = order.transactionTime { w.field("transaction_time", v) }
        w.endObject()
    }

    package func encode(_ trade: Trade, into w: inout JSONWriter) {
        let d = digits(trade.marketID)
        w.arrayElement(); w.beginObject()
        w.field("trade_id", trade.tradeID)
        w.field("trade_id_str", String(trade.tradeID))
        w.field("tx_hash", trade.txHash)
        w.field("type", trade.type)
        w.field("market_id", trade.marketID)
        w.field("size", trade.size, decimals: d.size)
        w.field("price", trade.price, decimals: d.price)
        w.field("usd_amount", trade.usdAmount, decimals: MarketDecimals.quote)
        w.field("ask_id", trade.askID)
        w.field("bid_id", trade.bidID)
        w.field("ask_client_id", trade.askClientID)
        w.field("bid_client_id", trade.bidClientID)
        w.field("ask_account_id", trade.askAccountID)
        w.field("bid_account_id", trade.bidAccountID)
        w.field("is_maker_ask", trade.isMakerAsk)
        w.field("block_height", trade.blockHeight)
        w.field("timestamp", trade.timestamp)
        if let fee = trade.takerFee { w.field("taker_fee", fee) }
        if let fee = trade.makerFee { w.field("maker_fee", fee) }
        if let time = trade.transactionTime { w.field("transaction_time", time) }
        w.endObject()
    }
}
