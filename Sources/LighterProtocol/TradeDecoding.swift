/// Reads trades (single and lists) from frames and REST bodies.
enum TradeDecoding {
    static func readList(_ r: inout JSONReader) throws(FrameDecodingError) -> [Trade] {
        var trades: [Trade] = []
        try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in trades.append(try readTrade(&r)) }
        return trades
    }

    static func readMap(_ r: inout JSONReader) throws(FrameDecodingError) -> [String: [Trade]] {
        var map: [String: [Trade]] = [:]
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            if try r.readNull() { return }
            map[key.string, default: []].append(contentsOf: try readList(&r))
        }
        return map
    }

    static func readTrade(_ r: inout JSONReader) throws(FrameDecodingError) -> Trade {
        var t = Trade(tradeID: -1, txHash: "", type: "", marketID: 0, size: .zero, price: .zero, usdAmount: .zero,
                      askID: 0, bidID: 0, askClientID: 0, bidClientID: 0, askAccountID: 0, bidAccountID: 0,
                      isMakerAsk: false, blockHeight: 0, timestamp: 0)
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            if try r.readNull() { return }
            if key == "trade_id" { t.tradeID = try r.readInt64() }
            else if key == "tx_hash" { t.txHash = try r.readString() }
            else if key == "type" { t.type = try r.readString() }
            else if key == "market_id" { t.marketID = try r.readInt() }
            else if key == "size" { t.size = try r.readFixed() }
            else if key == "price" { t.price = try r.readFixed() }
            else if key == "usd_amount" { t.usdAmount = try r.readFixed() }
            else if key == "ask_id" { t.askID = try r.readInt64() }
            else if key == "bid_id" { t.bidID = try r.readInt64() }
            else if key == "ask_client_id" { t.askClientID = try r.readInt64() }
            else if key == "bid_client_id" { t.bidClientID = try r.readInt64() }
            else if key == "ask_account_id" { t.askAccountID = try r.readInt64() }
            else if key == "bid_account_id" { t.bidAccountID = try r.readInt64() }
            else if key == "is_maker_ask" { t.isMakerAsk = try r.readBool() }
            else if key == "block_height" { t.blockHeight = try r.readInt64() }
            else if key == "timestamp" { t.timestamp = try r.readInt64() }
            else if key == "taker_fee" { t.takerFee = try r.readInt64() }
            else if key == "maker_fee" { t.makerFee = try r.readInt64() }
            else if key == "transaction_time" { t.transactionTime = try r.readInt64() }
            else { try r.skipValue() }
        }
        guard t.tradeID >= 0 else { throw r.fail("trade without trade_id") }
        return t
    }
}
