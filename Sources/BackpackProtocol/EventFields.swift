import LighterProtocol

/// The one-letter fields of a frame's `data`, located by `readData` and read by event type.
struct EventFields {
    let bytes: UnsafeBufferPointer<UInt8>
    let slots: UnsafeMutableBufferPointer<ValueSlot>
    var asks: [PriceLevel] = []
    var bids: [PriceLevel] = []
    /// One bit per slot written; the others are never read, so the slots need no clearing.
    var present: UInt64 = 0

    init(bytes: UnsafeBufferPointer<UInt8>, slots: UnsafeMutableBufferPointer<ValueSlot>) {
        self.bytes = bytes
        self.slots = slots
    }

    // MARK: Reading

    mutating func readData(_ r: inout JSONReader) throws(FrameDecodingError) {
        guard r.peek() == UInt8(ascii: "{") else { throw FrameDecodingError(reason: "data is not an object", offset: r.index) }
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(FrameDecodingError) in
            guard key.count == 1, let index = ValueSlot.index(key.base[0]) else {
                try r.skipValue()
                return
            }
            let first = r.peek()
            if first == UInt8(ascii: "["), key.base[0] == UInt8(ascii: "a") || key.base[0] == UInt8(ascii: "b") {
                let start = r.index
                if key.base[0] == UInt8(ascii: "a") { asks = try BackpackFrameDecoder.readLevels(&r) }
                else { bids = try BackpackFrameDecoder.readLevels(&r) }
                slots[index] = ValueSlot(range: start..<r.index, kind: .levels)
                present |= 1 << UInt64(index)
                return
            }
            let range = try r.skipValue()
            let kind: ValueSlot.Kind = switch first {
            case UInt8(ascii: "\""): .string
            case UInt8(ascii: "n"): .null
            case UInt8(ascii: "["), UInt8(ascii: "{"): .composite
            default: .scalar
            }
            slots[index] = ValueSlot(range: range, kind: kind)
            present |= 1 << UInt64(index)
        }
    }

    @inline(__always)
    func slot(_ letter: Unicode.Scalar) -> ValueSlot {
        guard let index = ValueSlot.index(UInt8(letter.value)), present & (1 << UInt64(index)) != 0 else { return ValueSlot() }
        return slots[index]
    }

    func fail(_ letter: Unicode.Scalar, _ reason: String) -> FrameDecodingError {
        FrameDecodingError(reason: "'\(letter)': \(reason)", offset: slot(letter).range.lowerBound)
    }

    /// A string's contents without quotes, or a scalar's text.
    @inline(__always)
    func contents(_ slot: ValueSlot) -> UnsafeBufferPointer<UInt8> {
        let range = slot.kind == .string ? (slot.range.lowerBound + 1)..<(slot.range.upperBound - 1) : slot.range
        return UnsafeBufferPointer(rebasing: bytes[range])
    }

    /// True when the letter holds the string `literal`.
    @inline(__always)
    func isString(_ letter: Unicode.Scalar, _ literal: StaticString) -> Bool {
        let slot = slot(letter)
        guard slot.kind == .string else { return false }
        let text = contents(slot)
        guard text.count == literal.utf8CodeUnitCount else { return false }
        let other = literal.utf8Start
        for i in 0..<text.count where text[i] != other[i] { return false }
        return true
    }

    func decimal(_ letter: Unicode.Scalar) throws(FrameDecodingError) -> FixedDecimal? {
        let slot = slot(letter)
        switch slot.kind {
        case .absent, .null: return nil
        case .string, .scalar:
            guard let value = FixedDecimal.parse(contents(slot)) else { throw fail(letter, "not an exact decimal") }
            return value
        case .levels, .composite: throw fail(letter, "expected a decimal")
        }
    }

    /// A derived value that may carry more than eight fraction digits.
    func truncatedDecimal(_ letter: Unicode.Scalar) throws(FrameDecodingError) -> FixedDecimal? {
        let slot = slot(letter)
        switch slot.kind {
        case .absent, .null: return nil
        case .string, .scalar:
            guard let value = BackpackDecimal.truncating(contents(slot)) else { throw fail(letter, "not a decimal") }
            return value
        case .levels, .composite: throw fail(letter, "expected a decimal")
        }
    }

    /// An integer written as a number or a numeric string.
    func int64(_ letter: Unicode.Scalar) throws(FrameDecodingError) -> Int64? {
        let slot = slot(letter)
        switch slot.kind {
        case .absent, .null: return nil
        case .string, .scalar:
            var reader = JSONReader(bytes)
            reader.index = slot.range.lowerBound
            return try reader.readInt64()
        case .levels, .composite: throw fail(letter, "expected an integer")
        }
    }

    /// A string's unescaped text, or a number's digits (ids are sent both ways).
    func text(_ letter: Unicode.Scalar) throws(FrameDecodingError) -> String? {
        let slot = slot(letter)
        switch slot.kind {
        case .absent, .null: return nil
        case .string:
            var reader = JSONReader(bytes)
            reader.index = slot.range.lowerBound
            return try reader.readString()
        case .scalar: return String(decoding: contents(slot), as: UTF8.self)
        case .levels, .composite: throw fail(letter, "expected text")
        }
    }

    func bool(_ letter: Unicode.Scalar) throws(FrameDecodingError) -> Bool? {
        let slot = slot(letter)
        switch slot.kind {
        case .absent, .null: return nil
        case .scalar:
            var reader = JSONReader(bytes)
            reader.index = slot.range.lowerBound
            return try reader.readBool()
        default: throw fail(letter, "expected a boolean")
        }
    }

    func required<T>(_ letter: Unicode.Scalar, _ value: T?) throws(FrameDecodingError) -> T {
        guard let value else { throw fail(letter, "missing") }
        return value
    }

    // MARK: Events

    func frame(stream: Range<Int>?) throws(FrameDecodingError) -> BackpackServerFrame {
        let event = slot("e")
        if isString("e", "depth") { return .depth(try depth()) }
        if isString("e", "bookTicker") { return .bookTicker(try bookTicker()) }
        if isString("e", "trade") { return .trade(try trade()) }
        let streamText = stream.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) } ?? ""
        let eventText = try text("e")
        if let eventText {
            let orderEvent = BackpackOrderEvent(wire: eventText)
            if case .unknown = orderEvent {
                if eventText.hasPrefix("position") { return .positionUpdate(try positionUpdate(eventText)) }
                // An event word added later, on the order stream: still an order update.
                if streamText.hasPrefix("account.orderUpdate") { return .orderUpdate(try orderUpdate(orderEvent)) }
            } else {
                return .orderUpdate(try orderUpdate(orderEvent))
            }
        } else if event.kind == .absent, streamText.hasPrefix("account.positionUpdate") {
            return .positionUpdate(try positionUpdate(nil))
        }
        return .other(stream: streamText, event: eventText)
    }

    func depth() throws(FrameDecodingError) -> BackpackDepthUpdate {
        let askKind = slot("a").kind
        guard askKind == .levels || askKind == .absent else { throw fail("a", "expected levels") }
        let bidKind = slot("b").kind
        guard bidKind == .levels || bidKind == .absent else { throw fail("b", "expected levels") }
        return BackpackDepthUpdate(
            symbol: try required("s", text("s")), firstUpdateID: try required("U", int64("U")),
            lastUpdateID: try required("u", int64("u")), asks: asks, bids: bids,
            eventTime: try int64("E") ?? 0, engineTime: try int64("T") ?? 0)
    }

    func bookTicker() throws(FrameDecodingError) -> BackpackBookTicker {
        func level(_ price: Unicode.Scalar, _ size: Unicode.Scalar) throws(FrameDecodingError) -> PriceLevel? {
            guard let p = try decimal(price) else { return nil }
            return PriceLevel(price: p, size: try decimal(size) ?? .zero)
        }
        return BackpackBookTicker(
            symbol: try required("s", text("s")), bid: try level("b", "B"), ask: try level("a", "A"),
            updateID: try required("u", int64("u")), eventTime: try int64("E") ?? 0, engineTime: try int64("T") ?? 0)
    }

    func trade() throws(FrameDecodingError) -> BackpackTrade {
        BackpackTrade(
            symbol: try required("s", text("s")), price: try required("p", decimal("p")),
            quantity: try required("q", decimal("q")), buyerOrderID: try text("b") ?? "", sellerOrderID: try text("a") ?? "",
            tradeID: try required("t", int64("t")), buyerIsMaker: try bool("m") ?? false,
            eventTime: try int64("E") ?? 0, engineTime: try int64("T") ?? 0)
    }

    func orderUpdate(_ event: BackpackOrderEvent) throws(FrameDecodingError) -> BackpackOrderUpdate {
        let sideText = try required("S", text("S"))
        guard let side = BackpackSide(rawValue: sideText) else { throw fail("S", "unknown side") }
        let typeText = try required("o", text("o"))
        guard let orderType = BackpackOrderType(wire: typeText) else { throw fail("o", "unknown order type") }
        var clientID: UInt32?
        if let c = try int64("c") {
            guard let value = UInt32(exactly: c) else { throw fail("c", "client id outside uint32") }
            clientID = value
        }
        var fill: BackpackFillDetail?
        if let tradeID = try int64("t"), let quantity = try decimal("l") {
            fill = BackpackFillDetail(tradeID: tradeID, quantity: quantity, price: try required("L", decimal("L")),
                                      isMaker: try bool("m") ?? false, fee: try decimal("n") ?? .zero,
                                      feeSymbol: try text("N") ?? "")
        } else if event == .orderFill {
            throw fail("l", "a fill without trade id or quantity")
        }
        return BackpackOrderUpdate(
            event: event, eventTime: try int64("E") ?? 0, engineTime: try int64("T") ?? 0,
            symbol: try required("s", text("s")), orderID: try required("i", text("i")), clientID: clientID,
            side: side, orderType: orderType, timeInForce: try text("f") ?? "", quantity: try decimal("q"),
            quoteQuantity: try decimal("Q"), price: try decimal("p"), triggerPrice: try decimal("P"),
            triggerBy: try text("B"), triggerQuantity: try text("Y"),
            status: BackpackOrderStatus(wire: try required("X", text("X"))), expiryReason: try text("R"),
            executedQuantity: try decimal("z") ?? .zero, executedQuoteQuantity: try decimal("Z") ?? .zero, fill: fill,
            selfTradePrevention: try text("V"), origin: try text("O"), relatedOrderID: try text("I"),
            reduceOnly: try bool("r"), postOnly: try bool("y"), strategyID: try text("H"))
    }

    func positionUpdate(_ event: String?) throws(FrameDecodingError) -> BackpackPositionUpdate {
        BackpackPositionUpdate(
            event: BackpackPositionEvent(wire: event), eventTime: try int64("E") ?? 0, engineTime: try int64("T") ?? 0,
            symbol: try required("s", text("s")), netQuantity: try required("q", decimal("q")),
            netExposureQuantity: try decimal("Q") ?? .zero, netExposureNotional: try truncatedDecimal("n") ?? .zero,
            entryPrice: try truncatedDecimal("B") ?? .zero, breakEvenPrice: try truncatedDecimal("b") ?? .zero,
            markPrice: try truncatedDecimal("M") ?? .zero, unrealizedPnl: try truncatedDecimal("P") ?? .zero,
            realizedPnl: try truncatedDecimal("p") ?? .zero, initialMarginFraction: try truncatedDecimal("f") ?? .zero,
            maintenanceMarginFraction: try truncatedDecimal("m") ?? .zero, positionID: try text("i") ?? "",
            estimatedLiquidationPrice: try truncatedDecimal("l") ?? .zero)
    }
}
