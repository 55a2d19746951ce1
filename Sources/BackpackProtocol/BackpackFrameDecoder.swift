import LighterProtocol

/// Decodes Backpack stream frames (`{"data":{…},"stream":"…"}` and error frames) in one pass
/// over the bytes, with no intermediate tree.
///
/// Every `data` key Backpack uses is one letter, and a letter means different things in
/// different events (`a` is the asks of a depth update, the best ask of a book ticker, the
/// seller of a trade). The live venue also sorts keys, so `e` comes after the level arrays.
/// The decoder therefore notes where each one-letter value lies (one slot per letter, on the
/// stack), parses `a`/`b` level arrays on the spot, and reads the rest once `e` is known.
/// Bytes that are not JSON, or a known event missing a field it must have, throw
/// `FrameDecodingError`; streams it does not model become `.other`.
public enum BackpackFrameDecoder {
    /// Decodes one frame.
    public static func decode(_ text: String) throws(FrameDecodingError) -> BackpackServerFrame {
        var text = text
        let result: Result<BackpackServerFrame, FrameDecodingError> = text.withUTF8 { buffer in
            do throws(FrameDecodingError) { return .success(try decode(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes one frame.
    public static func decode(_ bytes: [UInt8]) throws(FrameDecodingError) -> BackpackServerFrame {
        let result: Result<BackpackServerFrame, FrameDecodingError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(FrameDecodingError) { return .success(try decode(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes one frame.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(FrameDecodingError) -> BackpackServerFrame {
        let result: Result<BackpackServerFrame, FrameDecodingError> =
            // Left uninitialised: `EventFields.present` says which slots were written.
            withUnsafeTemporaryAllocation(of: ValueSlot.self, capacity: ValueSlot.letters) { slots in
                var fields = EventFields(bytes: bytes, slots: slots)
                do throws(FrameDecodingError) { return .success(try decodeEnvelope(bytes, &fields)) }
                catch { return .failure(error) }
            }
        return try result.get()
    }

    private static func decodeEnvelope(_ bytes: UnsafeBufferPointer<UInt8>,
                                       _ fields: inout EventFields) throws(FrameDecodingError) -> BackpackServerFrame {
        var reader = JSONReader(bytes)
        guard reader.peek() == UInt8(ascii: "{") else {
            throw FrameDecodingError(reason: "frame is not a JSON object", offset: reader.index)
        }
        var stream: Range<Int>?
        var sawData = false
        var error: BackpackStreamError?
        var id: String?
        try reader.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            if try r.readNull() { return }
            if key == "data" {
                try fields.readData(&r)
                sawData = true
            } else if key == "stream" {
                stream = try r.readRawString()
            } else if key == "error" {
                error = try readError(&r)
            } else if key == "id" {
                id = r.peek() == UInt8(ascii: "\"") ? try r.readString() : String(try r.readInt64())
            } else {
                try r.skipValue()
            }
        }
        guard reader.atEnd() else { throw FrameDecodingError(reason: "trailing bytes after frame", offset: reader.index) }
        if var error {
            error.id = id
            return .error(error)
        }
        guard sawData else { throw FrameDecodingError(reason: "frame has neither data nor error", offset: 0) }
        return try fields.frame(stream: stream)
    }

    private static func readError(_ r: inout JSONReader) throws(FrameDecodingError) -> BackpackStreamError {
        var code = 0
        var message = ""
        if r.peek() == UInt8(ascii: "\"") { return BackpackStreamError(code: 0, message: try r.readString()) }
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            if try r.readNull() { return }
            if key == "code" { code = try r.readInt() }
            else if key == "message" { message = try r.readString() }
            else { try r.skipValue() }
        }
        return BackpackStreamError(code: code, message: message)
    }

    /// `[["price","quantity"], …]`; a pair's extra elements are skipped.
    @inline(__always)
    static func readLevels(_ r: inout JSONReader) throws(FrameDecodingError) -> [PriceLevel] {
        var levels: [PriceLevel] = []
        try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in
            guard r.peek() == UInt8(ascii: "[") else {
                throw FrameDecodingError(reason: "level is not a [price, quantity] pair", offset: r.index)
            }
            var price: FixedDecimal?
            var size: FixedDecimal?
            var position = 0
            try r.readArray { (r: inout JSONReader) throws(FrameDecodingError) in
                if position == 0 { price = try readDecimal(&r) }
                else if position == 1 { size = try readDecimal(&r) }
                else { try r.skipValue() }
                position += 1
            }
            guard let price, let size else { throw FrameDecodingError(reason: "level without price or quantity", offset: r.index) }
            levels.append(PriceLevel(price: price, size: size))
        }
        return levels
    }

    /// An exact decimal written as a string or a number; empty text is an error here.
    @inline(__always)
    static func readDecimal(_ r: inout JSONReader) throws(FrameDecodingError) -> FixedDecimal {
        let start = r.index
        let range = r.peek() == UInt8(ascii: "\"") ? try r.readRawString() : try r.skipValue()
        guard let value = FixedDecimal.parse(UnsafeBufferPointer(rebasing: r.bytes[range])) else {
            throw FrameDecodingError(reason: "not an exact decimal", offset: start)
        }
        return value
    }
}

/// Where one `data` value lies in the frame.
struct ValueSlot {
    enum Kind: UInt8 {
        case absent, string, scalar, null, levels, composite
    }

    /// A slot per ASCII letter: `A`-`Z` then `a`-`z`.
    static let letters = 52

    /// The token's bytes, quotes included for strings.
    var range: Range<Int> = 0..<0
    var kind: Kind = .absent

    @inline(__always)
    static func index(_ letter: UInt8) -> Int? {
        switch letter {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(letter - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): 26 + Int(letter - UInt8(ascii: "a"))
        default: nil
        }
    }
}
