/// An order's side, as both REST and the WebSocket write it.
public enum BackpackSide: String, Sendable, Hashable, Codable, CaseIterable {
    case bid = "Bid"
    case ask = "Ask"

    /// The other side.
    public var opposite: BackpackSide { self == .bid ? .ask : .bid }
}

/// An order's type. REST writes `Limit`/`Market`, the WebSocket `LIMIT`/`MARKET`; both parse.
public enum BackpackOrderType: String, Sendable, Hashable, CaseIterable {
    case limit = "Limit"
    case market = "Market"

    /// Either spelling, or nil.
    public init?(wire: String) {
        switch wire {
        case "Limit", "LIMIT": self = .limit
        case "Market", "MARKET": self = .market
        default: return nil
        }
    }

    /// The WebSocket's upper-case spelling.
    public var streamText: String { self == .limit ? "LIMIT" : "MARKET" }
}

extension BackpackOrderType: Codable {
    /// Reads the venue's shape.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = BackpackOrderType(wire: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown order type \(text)")
        }
        self = value
    }

    /// Writes the venue's shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Time in force.
public enum BackpackTimeInForce: String, Sendable, Hashable, Codable, CaseIterable {
    case goodTillCancelled = "GTC"
    case immediateOrCancel = "IOC"
    case fillOrKill = "FOK"
}

/// An order's state. A value the venue adds later reads as `unknown` rather than failing the
/// whole frame, so a fill is never lost to a new status word.
public enum BackpackOrderStatus: Sendable, Hashable {
    case new
    case partiallyFilled
    case filled
    case cancelled
    case expired
    case triggerPending
    case triggerFailed
    case unknown(String)

    /// The value for its wire text.
    public init(wire: String) {
        switch wire {
        case "New": self = .new
        case "PartiallyFilled": self = .partiallyFilled
        case "Filled": self = .filled
        case "Cancelled": self = .cancelled
        case "Expired": self = .expired
        case "TriggerPending": self = .triggerPending
        case "TriggerFailed": self = .triggerFailed
        default: self = .unknown(wire)
        }
    }

    /// The wire text.
    public var wire: String {
        switch self {
        case .new: "New"
        case .partiallyFilled: "PartiallyFilled"
        case .filled: "Filled"
        case .cancelled: "Cancelled"
        case .expired: "Expired"
        case .triggerPending: "TriggerPending"
        case .triggerFailed: "TriggerFailed"
        case .unknown(let text): text
        }
    }

    /// True once the order can change no more (it has left the book).
    public var isFinal: Bool {
        switch self {
        case .filled, .cancelled, .expired, .triggerFailed: true
        default: false
        }
    }
}

extension BackpackOrderStatus: Codable {
    /// Reads the venue's shape.
    public init(from decoder: any Decoder) throws {
        self.init(wire: try decoder.singleValueContainer().decode(String.self))
    }

    /// Writes the venue's shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wire)
    }
}
