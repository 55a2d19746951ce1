import Foundation

/// JSON for the cold REST bodies, in the venue's form: keys sorted (as every live capture
/// shows), slashes unescaped, decimals as trimmed strings.
public enum BackpackREST {
    /// Encoder user-info key: write orders the way `/wapi/v1/history/orders` does.
    public static let historyShape = CodingUserInfoKey(rawValue: "backpack.historyShape")!

    /// Encodes `value` as the venue writes it.
    public static func encode(_ value: some Encodable, history: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if history { encoder.userInfo[historyShape] = true }
        // Every type encoded here is plain data; failing would be a programming error.
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes a body; an error body (`{"code":…,"message":…}`) throws `BackpackAPIError`.
    public static func decode<T: Decodable>(_ type: T.Type, from body: some DataProtocol) throws -> T {
        let data = Data(body)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            if let apiError = try? JSONDecoder().decode(BackpackAPIError.self, from: data) { throw apiError }
            throw error
        }
    }

    /// `GET /api/v1/time`: a bare integer of milliseconds sent as text.
    public static func serverTime(_ body: some DataProtocol) -> Int64? {
        Int64(String(decoding: Data(body), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
