import ArgumentParser
import LighterClient

/// The account and API key index from a flag, else the environment or `.env`; a setting that
/// is there but unreadable is an error naming where it came from, never silently skipped.
extension EnvironmentSettings {
    func accountIndex(flag: Int64?) throws -> Int64? {
        if let flag {
            guard flag >= 0 else { throw ValidationError("--account must not be negative") }
            return flag
        }
        return try self["LIGHTER_ACCOUNT_INDEX"].map { text in
            guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
                throw ValidationError("LIGHTER_ACCOUNT_INDEX (\(origins["LIGHTER_ACCOUNT_INDEX"] ?? "environment")) is not an account index")
            }
            return value
        }
    }

    func apiKeyIndex(flag: Int?) throws -> Int {
        if let flag {
            guard (0...254).contains(flag) else { throw ValidationError("--api-key-index must be 0 to 254") }
            return flag
        }
        return try self["LIGHTER_API_KEY_INDEX"].map { text in
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), (0...254).contains(value) else {
                throw ValidationError("LIGHTER_API_KEY_INDEX (\(origins["LIGHTER_API_KEY_INDEX"] ?? "environment")) is not 0-254")
            }
            return value
        } ?? 0
    }
}
