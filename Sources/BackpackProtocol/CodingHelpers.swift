import LighterProtocol

/// Readers for the places where Backpack writes one field in more than one way.
extension KeyedDecodingContainer {
    /// An integer sent as a number or as a numeric string (`lastUpdateId`, `fundingInterval`,
    /// a fill's `clientId`); nil when absent or null.
    func flexibleInt64IfPresent(forKey key: Key) throws -> Int64? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let number = try? decode(Int64.self, forKey: key) { return number }
        let text = try decode(String.self, forKey: key)
        guard let number = Int64(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not an integer: \(text)")
        }
        return number
    }

    /// A time sent as integer milliseconds, or as the naive UTC text of the history endpoints
    /// (`2026-01-01T00:00:05.871`); nil when absent or null.
    func timeMsIfPresent(forKey key: Key) throws -> Int64? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let number = try? decode(Int64.self, forKey: key) { return number }
        let text = try decode(String.self, forKey: key)
        guard let ms = BackpackTime.milliseconds(naiveUTC: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a time: \(text)")
        }
        return ms
    }

    /// A decimal string with digits beyond the eighth cut (derived values only).
    func truncatedDecimalIfPresent(forKey key: Key) throws -> FixedDecimal? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        let text = try decode(String.self, forKey: key)
        guard let value = BackpackDecimal.truncating(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a decimal: \(text)")
        }
        return value
    }

    func truncatedDecimal(forKey key: Key) throws -> FixedDecimal {
        guard let value = try truncatedDecimalIfPresent(forKey: key) else {
            throw DecodingError.valueNotFound(FixedDecimal.self, .init(codingPath: codingPath + [key], debugDescription: "missing"))
        }
        return value
    }
}

extension KeyedDecodingContainer {
    /// An id sent as a string or a number, as text; nil when absent or null.
    func flexibleTextIfPresent(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let number = try? decode(Int64.self, forKey: key) { return String(number) }
        return try decode(String.self, forKey: key)
    }
}
