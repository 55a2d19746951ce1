/// Decoders for the REST bodies a hedge bot reads. Every body carries `code` (200 = OK)
/// and, on failure, `message`.
public enum RESTResponses {
    /// A non-200 `code` in a body.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The body's `code`.
        public var code: Int
        /// The body's `message`.
        public var message: String
        /// `code N: message`.
        public var description: String { "code \(code): \(message)" }
    }

    /// Why a body gave no result: not the expected JSON, or a failure the venue reported.
    public enum DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
        case malformed(FrameDecodingError)
        case failure(Failure)
        /// `malformed response: …`, or the failure's own description.
        public var description: String {
            switch self {
            case .malformed(let error): "malformed response: \(error)"
            case .failure(let failure): failure.description
            }
        }
    }

    /// `{"code":200,"orders":[Order…],"next_cursor":"…"}` from accountActiveOrders / accountInactiveOrders.
    public static func orders(_ body: [UInt8]) throws(DecodeError) -> (orders: [Order], nextCursor: String?) {
        try page(body, listKey: "orders", read: OrderDecoding.readOrder)
    }

    /// `{"code":200,"trades":[Trade…],"next_cursor":"…"}` from trades.
    public static func trades(_ body: [UInt8]) throws(DecodeError) -> (trades: [Trade], nextCursor: String?) {
        try page(body, listKey: "trades", read: TradeDecoding.readTrade)
    }

    /// One page of a paged list: the items under `listKey` and the cursor of the next page
    /// (nil, or empty, on the last).
    static func page<Item>(_ body: [UInt8], listKey: StaticString,
                           read: (inout JSONReader) throws(FrameDecodingError) -> Item) throws(DecodeError) -> ([Item], String?) {
        var items: [Item] = []
        var cursor: String?
        try readEnvelope(body) { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            if key == listKey {
                try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in items.append(try read(&r)) }
            } else if key == "next_cursor" {
                cursor = try r.readNull() ? nil : r.readString()
            } else { try r.skipValue() }
        }
        return (items, cursor)
    }

    /// `{"code":200,"message":…,"tx_hash":"…","predicted_execution_time_ms":…}` from sendTx.
    public static func sendTx(_ body: [UInt8]) throws(DecodeError) -> (txHash: String, predictedExecutionTimeMs: Int64?) {
        var hash = ""
        var predicted: Int64?
        try readEnvelope(body) { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            if try r.readNull() { return }
            if key == "tx_hash" { hash = try r.readString() }
            else if key == "predicted_execution_time_ms" { predicted = try r.readInt64() }
            else { try r.skipValue() }
        }
        return (hash, predicted)
    }

    /// `{"code":200,"nonce":722}` from nextNonce.
    public static func nextNonce(_ body: [UInt8]) throws(DecodeError) -> Int64 {
        var nonce: Int64?
        try readEnvelope(body) { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            if key == "nonce" { nonce = try r.readInt64() } else { try r.skipValue() }
        }
        guard let nonce else { throw .malformed(FrameDecodingError(reason: "no nonce in the reply", offset: 0)) }
        return nonce
    }

    /// The signed position per market id (`position` times `sign`) of the first account in
    /// `{"code":200,"accounts":[{…,"positions":[…]}]}` from `account?by=index`.
    public static func positions(_ body: [UInt8]) throws(DecodeError) -> [Int: FixedDecimal] {
        var positions: [Int: FixedDecimal] = [:]
        var seenAccount = false
        try readEnvelope(body) { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            guard key == "accounts" else { try r.skipValue(); return }
            try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in
                guard !seenAccount else { try r.skipValue(); return }
                seenAccount = true
                try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
                    guard key == "positions" else { try r.skipValue(); return }
                    if try r.readNull() { return }
                    try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in
                        var market: Int?
                        var sign = 1
                        var size = FixedDecimal.zero
                        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
                            if try r.readNull() { return }
                            if key == "market_id" { market = try r.readInt() }
                            else if key == "sign" { sign = try r.readInt() }
                            else if key == "position" { size = try r.readFixed() }
                            else { try r.skipValue() }
                        }
                        if let market { positions[market] = sign < 0 ? -size : size }
                    }
                }
            }
        }
        guard seenAccount else { throw .malformed(FrameDecodingError(reason: "no account in the reply", offset: 0)) }
        return positions
    }

    /// `{"code":200,"order_books":[…]}` from orderBooks.
    public static func markets(_ body: [UInt8]) throws(DecodeError) -> [MarketInfo] {
        var markets: [MarketInfo] = []
        try readEnvelope(body) { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            guard key == "order_books" else { try r.skipValue(); return }
            try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in
                var market = MarketInfo(id: -1, symbol: "", marketType: "perp", status: "active", sizeDecimals: 4, priceDecimals: 2)
                try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
                    if try r.readNull() { return }
                    if key == "market_id" { market.id = try r.readInt() }
                    else if key == "symbol" { market.symbol = try r.readString() }
                    else if key == "market_type" { market.marketType = try r.readString() }
                    else if key == "status" { market.status = try r.readString() }
                    else if key == "supported_size_decimals" { market.sizeDecimals = try r.readInt() }
                    else if key == "supported_price_decimals" { market.priceDecimals = try r.readInt() }
                    else if key == "min_base_amount" { market.minBaseAmount = try r.readFixed() }
                    else { try r.skipValue() }
                }
                if market.id >= 0 { markets.append(market) }
            }
        }
        return markets
    }

    /// The venue's `{"code":…,"message":…}` in an error body, when it has one.
    public static func failure(in body: [UInt8]) -> Failure? {
        do throws(DecodeError) {
            try readEnvelope(body) { (r: inout JSONReader, _: JSONKey) throws(FrameDecodingError) in try r.skipValue() }
            return nil
        } catch {
            if case .failure(let failure) = error { return failure }
            return nil
        }
    }

    /// Reads the top-level object, passing every key but `code` and `message` to `body`,
    /// and throws the venue's failure when `code` is not 200.
    static func readEnvelope(_ bytes: [UInt8], _ body: (inout JSONReader, JSONKey) throws(FrameDecodingError) -> Void) throws(DecodeError) {
        var code = 200
        var message = ""
        let result: Result<Void, FrameDecodingError> = bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            do throws(FrameDecodingError) {
                try reader.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
                    if key == "code" { code = try r.readInt() }
                    else if key == "message" { message = try r.readNull() ? "" : r.readString() }
                    else { try body(&r, key) }
                }
                return .success(())
            } catch { return .failure(error) }
        }
        if case .failure(let error) = result {
            // A failure body may be the only thing that parsed.
            if code != 200 { throw .failure(Failure(code: code, message: message)) }
            throw .malformed(error)
        }
        if code != 200 { throw .failure(Failure(code: code, message: message)) }
    }
}
