/// Decodes Lighter server frames in one pass over the bytes.
///
/// Field order on the wire varies (`type` often comes last), so the decoder collects every
/// field it knows into one scratch record and decides what the frame is at the end.
/// Frames it cannot place become `.unknown` with their raw text; bytes that are not JSON
/// throw `FrameDecodingError`.
public enum FrameDecoder {
    /// Decodes one frame from its text; throws when the text is not JSON or is truncated.
    public static func decode(_ text: String) throws(FrameDecodingError) -> ServerFrame {
        var text = text
        // `withUTF8` makes the string contiguous (a no-op for native strings).
        let result: Result<ServerFrame, FrameDecodingError> = text.withUTF8 { buffer in
            do throws(FrameDecodingError) { return .success(try decode(buffer, rawText: nil)) }
            catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes one frame from its UTF-8 bytes; throws when they are not JSON or are truncated.
    public static func decode(_ bytes: [UInt8]) throws(FrameDecodingError) -> ServerFrame {
        let result: Result<ServerFrame, FrameDecodingError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(FrameDecodingError) { return .success(try decode(buffer, rawText: nil)) }
            catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes one frame. `rawText`, when the caller has it, saves a copy for unknown frames.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, rawText: String?) throws(FrameDecodingError) -> ServerFrame {
        var levels = Levels()
        switch try decode(bytes, rawText: rawText, levels: &levels) {
        case .orderBook(let header): return .orderBook(OrderBookFrame(header, asks: levels.asks, bids: levels.bids))
        case .frame(let frame): return frame
        }
    }

    /// Room for an order-book frame's levels, emptied and refilled by each decode that uses it:
    /// once its arrays have grown to a frame's size, decoding a book frame allocates nothing.
    public struct Levels: Sendable {
        /// The last book frame's asks and bids, as sent.
        public private(set) var asks: [PriceLevel] = []
        public private(set) var bids: [PriceLevel] = []

        /// Empty room; it grows to the largest frame decoded into it.
        public init() {}

        // Emptying an empty array still goes through a range replacement: skipped (a side is
        // emptied for its book, then again for its key).
        mutating func clear() {
            clearAsks()
            clearBids()
        }

        mutating func clearAsks() { if !asks.isEmpty { asks.removeAll(keepingCapacity: true) } }
        mutating func clearBids() { if !bids.isEmpty { bids.removeAll(keepingCapacity: true) } }
        mutating func appendAsk(_ level: PriceLevel) { asks.append(level) }
        mutating func appendBid(_ level: PriceLevel) { bids.append(level) }
    }

    /// What `decode(_:rawText:levels:)` gives: an order-book frame's header (its levels are in
    /// the `Levels`), or any other frame whole.
    public enum Decoded: Sendable, Hashable {
        case orderBook(OrderBookFrame.Header)
        case frame(ServerFrame)
    }

    /// Decodes one frame as `decode(_:rawText:)` does, but an order-book frame's levels go into
    /// `levels` instead of arrays of its own: the replay's path, a million frames a second.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, rawText: String? = nil,
                              levels: inout Levels) throws(FrameDecodingError) -> Decoded {
        // Nearly every frame is a book frame as the venue writes it: read by the scanner made for
        // it, the rest by the general reader.
        if let header = BookFrameScanner.scan(bytes, levels: &levels) { return .orderBook(header) }
        return try decodeInGeneral(bytes, rawText: rawText, levels: &levels)
    }

    /// Any frame, by the general reader (what the scanner accepts, it reads the same way).
    static func decodeInGeneral(_ bytes: UnsafeBufferPointer<UInt8>, rawText: String?,
                                levels: inout Levels) throws(FrameDecodingError) -> Decoded {
        var reader = JSONReader(bytes)
        var f = Fields()
        guard reader.peek() == UInt8(ascii: "{") else { throw reader.fail("frame is not a JSON object") }
        try reader.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            try f.read(key, &r, levels: &levels)
        }
        guard reader.atEnd() else { throw reader.fail("trailing bytes after frame") }
        func raw() -> String { rawText ?? String(decoding: bytes, as: UTF8.self) }
        return f.frame(bytes: bytes, raw: raw)
    }

    /// The scratch record of a frame's fields.
    struct Fields {
        // Kept as byte ranges: most frames are order-book updates, whose type and channel
        // are only compared, so no String is made for them.
        var typeRange: Range<Int>?
        var channelRange: Range<Int>?
        var sessionID: String?
        var offset: Int64?
        var nonce: Int64?
        var timestamp: Int64?
        var lastUpdatedAt: Int64?
        var account: Int64?
        var book: BookFields?
        var orders: [String: [Order]]?
        var tradeList: [Trade]?
        var tradeMap: [String: [Trade]]?
        var liquidationTrades: [Trade]?
        var error: ErrorFrame?
        var code: Int?
        var id: String?
        var txHash: String?
        var predictedExecutionTimeMs: Int64?
        var closeInMs: Int64?

        mutating func read(_ key: JSONKey, _ r: inout JSONReader, levels: inout Levels) throws(FrameDecodingError) {
            if try r.readNull() { return }
            if key == "type" { typeRange = try r.readRawString() }
            else if key == "channel" { channelRange = try r.readRawString() }
            else if key == "order_book" { book = try BookFields.read(&r, levels: &levels) }
            else if key == "offset" { offset = try r.readInt64() }
            else if key == "nonce" { nonce = try r.readInt64() }
            else if key == "timestamp" { timestamp = try r.readInt64() }
            else if key == "last_updated_at" { lastUpdatedAt = try r.readInt64() }
            else if key == "orders" { orders = try OrderDecoding.readOrderMap(&r) }
            else if key == "trades" {
                if r.peek() == UInt8(ascii: "[") { tradeList = try TradeDecoding.readList(&r) }
                else { tradeMap = try TradeDecoding.readMap(&r) }
            }
            else if key == "liquidation_trades" { liquidationTrades = try TradeDecoding.readList(&r) }
            else if key == "account" { account = try r.readInt64() }
            else if key == "session_id" { sessionID = try r.readString() }
            else if key == "error" { error = try Self.readError(&r) }
            else if key == "code" { code = try r.readInt() }
            else if key == "id" { id = try r.peek() == UInt8(ascii: "\"") ? r.readString() : String(r.readInt64()) }
            else if key == "tx_hash" { txHash = try r.readString() }
            else if key == "predicted_execution_time_ms" { predictedExecutionTimeMs = try r.readInt64() }
            else if key == "close_in_ms" { closeInMs = try r.readInt64() }
            else { try r.skipValue() }
        }

        static func readError(_ r: inout JSONReader) throws(FrameDecodingError) -> ErrorFrame {
            // The venue sends an object; tolerate a bare message string too.
            if r.peek() == UInt8(ascii: "\"") { return ErrorFrame(code: nil, message: try r.readString()) }
            var code: Int?
            var message = ""
            try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
                if try r.readNull() { return }
                if key == "code" { code = try r.readInt() }
                else if key == "message" { message = try r.readString() }
                else { try r.skipValue() }
            }
            return ErrorFrame(code: code, message: message)
        }

        /// The frame the fields make; an order-book frame's levels are in the `Levels` they were
        /// read into.
        func frame(bytes: UnsafeBufferPointer<UInt8>, raw: () -> String) -> Decoded {
            // An `error` key makes an error frame whatever `type` says (or when it is absent).
            if var error {
                error.id = error.id ?? id
                return .frame(.error(error))
            }
            guard let typeRange else { return .frame(.unknown(type: nil, raw: raw())) }
            // The hot path: order-book frames, recognised without making strings.
            if let book, let channelRange, Self.equals(bytes, typeRange, "update/order_book") || Self.equals(bytes, typeRange, "subscribed/order_book"),
               let market = Self.market(bytes, channelRange) {
                return .orderBook(bookHeader(book, market: market, isSnapshot: bytes[typeRange.lowerBound] == UInt8(ascii: "s")))
            }
            return otherFrame(bytes: bytes, typeRange: typeRange, raw: raw)
        }

        func bookHeader(_ book: BookFields, market: Int, isSnapshot: Bool) -> OrderBookFrame.Header {
            OrderBookFrame.Header(market: market, isSnapshot: isSnapshot, offset: book.offset ?? offset ?? 0,
                                  nonce: book.nonce ?? nonce ?? 0, beginNonce: book.beginNonce, timestamp: timestamp,
                                  lastUpdatedAt: book.lastUpdatedAt ?? lastUpdatedAt, code: book.code)
        }

        /// Every frame but an order-book frame the hot path recognised: the type and channel as
        /// strings (escapes undone).
        private func otherFrame(bytes: UnsafeBufferPointer<UInt8>, typeRange: Range<Int>, raw: () -> String) -> Decoded {
            let type = Self.string(bytes, typeRange)
            let channel = channelRange.map { Self.string(bytes, $0) }
            let isSnapshot = type.hasPrefix("subscribed/")
            let isUpdate = type.hasPrefix("update/")
            let channelKind = (isSnapshot || isUpdate) ? type.split(separator: "/", maxSplits: 1).last.map(String.init) : nil
            switch type {
            case "connected": return .frame(.connected(sessionID: sessionID ?? ""))
            case "ping": return .frame(.ping)
            case "pong": return .frame(.pong)
            case "unsubscribed": return .frame(.unsubscribed(channel: channel ?? ""))
            case "shutdown": return .frame(.shutdown(closeInMs: closeInMs))
            case "jsonapi/sendtx", "jsonapi/sendtxbatch":
                return .frame(.txResult(TxResultFrame(code: code ?? 200, id: id, txHash: txHash ?? "",
                                                      predictedExecutionTimeMs: predictedExecutionTimeMs)))
            default: break
            }
            switch channelKind {
            case "order_book":
                guard let book, let market = Self.market(of: channel) else { break }
                return .orderBook(bookHeader(book, market: market, isSnapshot: isSnapshot))
            case "account_orders", "account_all_orders":
                // A snapshot of an account with no orders may carry no `orders` key at all.
                guard orders != nil || isSnapshot else { break }
                return .frame(.accountOrders(AccountOrdersFrame(
                    source: channelKind == "account_orders" ? .accountOrders : .accountAllOrders,
                    isSnapshot: isSnapshot, channel: channel ?? "", account: account, nonce: nonce, orders: orders ?? [:])))
            case "account_all_trades":
                return .frame(.accountTrades(AccountTradesFrame(isSnapshot: isSnapshot, channel: channel ?? "",
                                                                trades: tradeMap ?? [:])))
            case "trade":
                guard let market = Self.market(of: channel) else { break }
                return .frame(.trades(TradesFrame(market: market, isSnapshot: isSnapshot, nonce: nonce,
                                                  trades: tradeList ?? [], liquidationTrades: liquidationTrades ?? [])))
            case .some:
                return .frame(.otherChannel(type: type, channel: channel ?? "", raw: raw()))
            case nil:
                break
            }
            return .frame(.unknown(type: type, raw: raw()))
        }

        static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ literal: StaticString) -> Bool {
            guard range.count == literal.utf8CodeUnitCount else { return false }
            let other = literal.utf8Start
            for i in 0..<range.count where bytes[range.lowerBound + i] != other[i] { return false }
            return true
        }

        static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
            let slice = UnsafeBufferPointer(rebasing: bytes[range])
            if !slice.contains(UInt8(ascii: "\\")) { return String(decoding: slice, as: UTF8.self) }
            return JSONReader.unescape(slice)
        }

        /// The market id after the first `:` of a channel (`order_book:12` -> 12), from bytes.
        static func market(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
            var i = range.lowerBound
            while i < range.upperBound, bytes[i] != UInt8(ascii: ":") { i += 1 }
            i += 1
            var value = 0
            var digits = 0
            while i < range.upperBound, bytes[i] &- 48 < 10, digits < 6 {
                value = value * 10 + Int(bytes[i] &- 48)
                digits += 1
                i += 1
            }
            guard digits > 0, i == range.upperBound || bytes[i] == UInt8(ascii: ":") else { return nil }
            return value
        }

        /// `order_book:0` -> 0.
        static func market(of channel: String?) -> Int? {
            guard let channel, let colon = channel.firstIndex(of: ":") else { return nil }
            let rest = channel[channel.index(after: colon)...]
            return Int(rest.prefix { $0 != ":" })
        }
    }

    /// An order book's fields but its levels, which go into a `Levels`.
    struct BookFields {
        var code = 0
        var offset: Int64?
        var nonce: Int64?
        var beginNonce: Int64?
        var lastUpdatedAt: Int64?

        /// Reads the `order_book` object; its levels replace what `levels` held (a repeated key
        /// replaces the earlier one, as a later field does).
        static func read(_ r: inout JSONReader, levels: inout Levels) throws(FrameDecodingError) -> BookFields {
            var book = BookFields()
            levels.clear()
            try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
                if try r.readNull() { return }
                if key == "asks" {
                    levels.clearAsks()
                    try readLevels(&r) { levels.appendAsk($0) }
                } else if key == "bids" {
                    levels.clearBids()
                    try readLevels(&r) { levels.appendBid($0) }
                }
                else if key == "nonce" { book.nonce = try r.readInt64() }
                else if key == "begin_nonce" { book.beginNonce = try r.readInt64() }
                else if key == "offset" { book.offset = try r.readInt64() }
                else if key == "code" { book.code = try r.readInt() }
                else if key == "last_updated_at" { book.lastUpdatedAt = try r.readInt64() }
                else { try r.skipValue() }
            }
            return book
        }

        /// Levels are `{"price":"…","size":"…"}` objects; `[price, size]` pairs are tolerated.
        @inline(__always)
        static func readLevels(_ r: inout JSONReader, _ append: (PriceLevel) -> Void) throws(FrameDecodingError) {
            try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in
                var price: FixedDecimal?
                var size: FixedDecimal?
                if r.peek() == UInt8(ascii: "[") {
                    var position = 0
                    try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in
                        if position == 0 { price = try r.readFixed() }
                        else if position == 1 { size = try r.readFixed() }
                        else { try r.skipValue() }
                        position += 1
                    }
                } else {
                    try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
                        if key == "price" { price = try r.readFixed() }
                        else if key == "size" { size = try r.readFixed() }
                        else { try r.skipValue() }
                    }
                }
                guard let price, let size else { throw r.fail("price level without price or size") }
                append(PriceLevel(price: price, size: size))
            }
        }
    }
}
