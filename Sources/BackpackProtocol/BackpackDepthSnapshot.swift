import LighterProtocol

/// `GET /api/v1/depth`: the book at `lastUpdateID`, as the venue lists it. Both sides come
/// **ascending** (the best bid is the last bid, the best ask the first ask) with trimmed
/// decimals; `BackpackOrderBook` sorts what it keeps.
public struct BackpackDepthSnapshot: Sendable, Hashable {
    /// Ascending: best first.
    public var asks: [PriceLevel]
    /// Ascending: best last.
    public var bids: [PriceLevel]
    /// The id of the last update the snapshot contains (a string of an integer on the wire).
    public var lastUpdateID: Int64
    /// Microseconds.
    public var timestamp: Int64

    /// Creates a value from its parts.
    public init(asks: [PriceLevel], bids: [PriceLevel], lastUpdateID: Int64, timestamp: Int64) {
        self.asks = asks; self.bids = bids; self.lastUpdateID = lastUpdateID; self.timestamp = timestamp
    }
}

extension BackpackDepthSnapshot: Codable {
    enum CodingKeys: String, CodingKey { case asks, bids, lastUpdateId, timestamp }

    /// Reads the venue's shape.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        asks = try Self.levels(c.decode([[String]].self, forKey: .asks), c, .asks)
        bids = try Self.levels(c.decode([[String]].self, forKey: .bids), c, .bids)
        guard let id = try c.flexibleInt64IfPresent(forKey: .lastUpdateId) else {
            throw DecodingError.valueNotFound(Int64.self, .init(codingPath: [CodingKeys.lastUpdateId], debugDescription: "missing"))
        }
        lastUpdateID = id
        timestamp = try c.decodeIfPresent(Int64.self, forKey: .timestamp) ?? 0
    }

    private static func levels(_ pairs: [[String]], _ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [PriceLevel] {
        try pairs.map { pair in
            guard pair.count >= 2, let price = FixedDecimal(pair[0]), let size = FixedDecimal(pair[1]) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "bad level \(pair)")
            }
            return PriceLevel(price: price, size: size)
        }
    }

    /// The venue's shape: trimmed decimals, `lastUpdateId` as a string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(asks.map { [$0.price.description, $0.size.description] }, forKey: .asks)
        try c.encode(bids.map { [$0.price.description, $0.size.description] }, forKey: .bids)
        try c.encode(String(lastUpdateID), forKey: .lastUpdateId)
        try c.encode(timestamp, forKey: .timestamp)
    }
}
