/// The order-book frame in one pass with no closures, for `FrameDecoder`'s hot path: the keys a
/// book frame has, in any order, strings without escapes, integers without fraction or exponent,
/// levels as `{"price":"…","size":"…"}` objects. Anything else (an unknown or `null` field, an
/// escape, a quoted integer, `[price, size]` pairs, a malformed byte) and it gives up, and the
/// general decoder reads the frame. What it accepts it reads exactly as the general decoder
/// does (later fields win, `""` is zero, the same header defaults): the tests compare the two
/// on every frame they have and on frames bent every way they know.
struct BookFrameScanner {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private var i = 0

    private init(_ base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// The header of the order-book frame in `bytes`, its levels in `levels`; nil when the frame
    /// is not one this scanner reads (`levels` may then hold anything).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, levels: inout FrameDecoder.Levels) -> OrderBookFrame.Header? {
        guard let base = bytes.baseAddress else { return nil }
        var scanner = BookFrameScanner(base, count: bytes.count)
        return scanner.frame(bytes, levels: &levels)
    }

    private mutating func frame(_ bytes: UnsafeBufferPointer<UInt8>, levels: inout FrameDecoder.Levels) -> OrderBookFrame.Header? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var type: Range<Int>?
        var channel: Range<Int>?
        var book: FrameDecoder.BookFields?
        var offset: Int64?
        var nonce: Int64?
        var timestamp: Int64?
        var lastUpdatedAt: Int64?
        repeat {
            guard let key = key() else { return nil }
            switch key.count {
            case 4 where matches(key, "type"): guard let value = plainString() else { return nil }; type = value
            case 7 where matches(key, "channel"): guard let value = plainString() else { return nil }; channel = value
            case 10 where matches(key, "order_book"): guard let value = self.book(&levels) else { return nil }; book = value
            case 6 where matches(key, "offset"): guard let value = integer() else { return nil }; offset = value
            case 5 where matches(key, "nonce"): guard let value = integer() else { return nil }; nonce = value
            case 9 where matches(key, "timestamp"): guard let value = integer() else { return nil }; timestamp = value
            case 15 where matches(key, "last_updated_at"): guard let value = integer() else { return nil }; lastUpdatedAt = value
            default: return nil
            }
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { return nil }
        skipSpace()
        guard i == count, let type, let channel, let book,
              type.count == 17 && matches(type, "update/order_book") || type.count == 21 && matches(type, "subscribed/order_book"),
              let market = FrameDecoder.Fields.market(bytes, channel) else { return nil }
        // The general decoder's defaults (`FrameDecoder.Fields.bookHeader`).
        return OrderBookFrame.Header(market: market, isSnapshot: base[type.lowerBound] == UInt8(ascii: "s"),
                                     offset: book.offset ?? offset ?? 0, nonce: book.nonce ?? nonce ?? 0,
                                     beginNonce: book.beginNonce, timestamp: timestamp,
                                     lastUpdatedAt: book.lastUpdatedAt ?? lastUpdatedAt, code: book.code)
    }

    /// The `order_book` object; its levels replace what `levels` held.
    private mutating func book(_ levels: inout FrameDecoder.Levels) -> FrameDecoder.BookFields? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var book = FrameDecoder.BookFields()
        levels.clear()
        if consume(UInt8(ascii: "}")) { return book }
        repeat {
            guard let key = key() else { return nil }
            switch key.count {
            case 4 where matches(key, "asks"):
                levels.clearAsks()
                guard sideLevels({ levels.appendAsk($0) }) else { return nil }
            case 4 where matches(key, "bids"):
                levels.clearBids()
                guard sideLevels({ levels.appendBid($0) }) else { return nil }
            case 5 where matches(key, "nonce"): guard let value = integer() else { return nil }; book.nonce = value
            case 11 where matches(key, "begin_nonce"): guard let value = integer() else { return nil }; book.beginNonce = value
            case 6 where matches(key, "offset"): guard let value = integer() else { return nil }; book.offset = value
            case 4 where matches(key, "code"): guard let value = integer() else { return nil }; book.code = Int(value)
            case 15 where matches(key, "last_updated_at"): guard let value = integer() else { return nil }; book.lastUpdatedAt = value
            default: return nil
            }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}")) ? book : nil
    }

    /// `[{"price":"…","size":"…"}, …]`, each level handed to `append`.
    @inline(__always)
    private mutating func sideLevels(_ append: (PriceLevel) -> Void) -> Bool {
        guard consume(UInt8(ascii: "[")) else { return false }
        if consume(UInt8(ascii: "]")) { return true }
        repeat {
            guard consume(UInt8(ascii: "{")) else { return false }
            var price: FixedDecimal?
            var size: FixedDecimal?
            repeat {
                guard let key = key() else { return false }
                if key.count == 5, matches(key, "price") {
                    guard let value = decimal() else { return false }
                    price = value
                } else if key.count == 4, matches(key, "size") {
                    guard let value = decimal() else { return false }
                    size = value
                } else {
                    return false
                }
            } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "}")), let price, let size else { return false }
            append(PriceLevel(price: price, size: size))
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]"))
    }

    // MARK: Tokens

    @inline(__always)
    private mutating func skipSpace() {
        while i < count {
            switch base[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i &+= 1
            default: return
            }
        }
    }

    @inline(__always)
    private mutating func consume(_ byte: UInt8) -> Bool {
        if i < count, base[i] == byte {
            i &+= 1
            return true
        }
        skipSpace()
        guard i < count, base[i] == byte else { return false }
        i &+= 1
        return true
    }

    /// A key and its colon.
    @inline(__always)
    private mutating func key() -> Range<Int>? {
        guard let key = plainString(), consume(UInt8(ascii: ":")) else { return nil }
        return key
    }

    /// Whether the bytes at `range` (as many as `literal` has: the caller checked) are `literal`:
    /// words from both ends, which for 4 to 24 bytes cover it.
    @inline(__always)
    private func matches(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        let n = range.count
        let key = UnsafeRawPointer(base + range.lowerBound)
        let other = UnsafeRawPointer(literal.utf8Start)
        if n >= 8, n <= 24 {
            return key.loadUnaligned(as: UInt64.self) == other.loadUnaligned(as: UInt64.self)
                && key.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == other.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                && (n <= 16 || key.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == other.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        if n >= 4, n < 8 {
            return key.loadUnaligned(as: UInt32.self) == other.loadUnaligned(as: UInt32.self)
                && key.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == other.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        let bytes = literal.utf8Start
        for k in 0..<n where base[range.lowerBound &+ k] != bytes[k] { return false }
        return true
    }

    /// A string with no escape and no control byte: its contents' range.
    @inline(__always)
    private mutating func plainString() -> Range<Int>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = i
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        while i &+ 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let marks = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word))
                & 0x8080_8080_8080_8080
            if marks != 0 {
                // The first marked byte is a true one (see `JSONReader.skipPlainStringBytes`).
                i &+= marks.trailingZeroBitCount >> 3
                break
            }
            i &+= 8
        }
        while i < count {
            let byte = base[i]
            if byte == UInt8(ascii: "\"") {
                i &+= 1
                return start..<(i &- 1)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            i &+= 1
        }
        return nil
    }

    /// A quoted exact decimal, as `JSONReader.readFixed` reads one (`""` is zero).
    @inline(__always)
    private mutating func decimal() -> FixedDecimal? {
        guard let range = plainString() else { return nil }
        if range.isEmpty { return .zero }
        return FixedDecimal.parse(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// An integer of at most 18 digits, not followed by a fraction or an exponent (those the
    /// general decoder refuses as integers, with its own error).
    @inline(__always)
    private mutating func integer() -> Int64? {
        skipSpace()
        guard i < count else { return nil }
        let negative = base[i] == UInt8(ascii: "-")
        if negative { i &+= 1 }
        let start = i
        var value: UInt64 = 0
        let raw = UnsafeRawPointer(base)
        // The run of digits eight bytes at a time: where it ends in a word, and the digits before.
        while i &+ 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let high = (word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030
            // A byte is no digit when its high half is not 3, or its low half is 10 or more.
            let notDigit = ((((high & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | high)
                | ((word & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
            let run = notDigit == 0 ? 8 : notDigit.trailingZeroBitCount >> 3
            if run > 0 {
                // The run's digits moved to the top lanes: the lanes below them read as zeros.
                let lanes = (word &- 0x3030_3030_3030_3030) << UInt64(64 &- 8 &* run)
                value = value &* Self.powerOfTen(run) &+ JSONReader.eightDigits(lanes)
                i &+= run
            }
            if run < 8 { break }
            if i &- start > 18 { return nil }
        }
        while i < count, base[i] &- 48 < 10 {
            value = value &* 10 &+ UInt64(base[i] &- 48)
            i &+= 1
        }
        let digits = i &- start
        guard digits > 0, digits <= 18, i < count, base[i] != UInt8(ascii: "."), base[i] | 0x20 != UInt8(ascii: "e") else {
            return nil
        }
        let signed = Int64(bitPattern: value)
        return negative ? -signed : signed
    }

    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
    }
}
