/// Reads orders (and maps of them by market) from frames and REST bodies.
enum OrderDecoding {
    static func readOrderMap(_ r: inout JSONReader) throws(FrameDecodingError) -> [String: [Order]] {
        var map: [String: [Order]] = [:]
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            if try r.readNull() { return }
            var orders: [Order] = []
            try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in orders.append(try readOrder(&r)) }
            map[key.string, default: []].append(contentsOf: orders)
        }
        return map
    }

    /// An Order object; unknown fields are skipped, absent ones default. `order_index` (or its
    /// string twin `order_id`) is required: without it a fill cannot be attributed.
    static func readOrder(_ r: inout JSONReader) throws(FrameDecodingError) -> Order {
        var o = Order(orderIndex: -1, marketIndex: 0, ownerAccountIndex: 0, initialBaseAmount: .zero, price: .zero,
                      remainingBaseAmount: .zero, isAsk: false, type: "", timeInForce: "", status: .unknown(""),
                      triggerStatus: "")
        var orderIDText: Int64?
        var clientIDText: Int64?
        var sawClientIndex = false
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            if try r.readNull() { return }
            if key == "order_index" { o.orderIndex = try r.readInt64() }
            else if key == "status" { o.status = OrderStatus(wire: try r.readString()) }
            else if key == "filled_base_amount" { o.filledBaseAmount = try r.readFixed() }
            else if key == "filled_quote_amount" { o.filledQuoteAmount = try r.readFixed() }
            else if key == "remaining_base_amount" { o.remainingBaseAmount = try r.readFixed() }
            else if key == "initial_base_amount" { o.initialBaseAmount = try r.readFixed() }
            else if key == "price" { o.price = try r.readFixed() }
            else if key == "is_ask" { o.isAsk = try r.readBool() }
            else if key == "client_order_index" { o.clientOrderIndex = try r.readInt64(); sawClientIndex = true }
            else if key == "market_index" { o.marketIndex = try r.readInt() }
            else if key == "owner_account_index" { o.ownerAccountIndex = try r.readInt64() }
            else if key == "nonce" { o.nonce = try r.readInt64() }
            else if key == "base_size" { o.baseSize = try r.readInt64() }
            else if key == "base_price" { o.basePrice = try r.readInt64() }
            else if key == "side" { o.side = try r.readString() }
            else if key == "type" { o.type = try r.readString() }
            else if key == "time_in_force" { o.timeInForce = try r.readString() }
            else if key == "reduce_only" { o.reduceOnly = try r.readBool() }
            else if key == "trigger_price" { o.triggerPrice = try r.readFixed() }
            else if key == "order_expiry" { o.orderExpiry = try r.readInt64() }
            else if key == "trigger_status" { o.triggerStatus = try r.readString() }
            else if key == "trigger_time" { o.triggerTime = try r.readInt64() }
            else if key == "parent_order_index" { o.parentOrderIndex = try r.readInt64() }
            else if key == "block_height" { o.blockHeight = try r.readInt64() }
            else if key == "timestamp" { o.timestamp = try r.readInt64() }
            else if key == "created_at" { o.createdAt = try r.readInt64() }
            else if key == "updated_at" { o.updatedAt = try r.readInt64() }
            else if key == "transaction_time" { o.transactionTime = try r.readInt64() }
            else if key == "order_version" { o.orderVersion = try r.readInt64() }
            else if key == "order_id" { orderIDText = try r.readInt64() }
            else if key == "client_order_id" { clientIDText = try r.readInt64() }
            else { try r.skipValue() }
        }
        if o.orderIndex < 0, let orderIDText { o.orderIndex = orderIDText }
        if !sawClientIndex, let clientIDText { o.clientOrderIndex = clientIDText }
        guard o.orderIndex >= 0 else { throw r.fail("order without order_index") }
        return o
    }
}
