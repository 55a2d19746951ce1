import Foundation
import LighterProtocol

/// Settings from the process environment and an optional `.env` file, under the reference
/// bot's names (LIGHTER_ACCOUNT_INDEX, LIGHTER_API_KEY_INDEX, API_KEY_PRIVATE_KEY,
/// BACKPACK_PUBLIC_KEY, BACKPACK_SECRET_KEY, ...).
/// The process environment wins over the file; flags win over both.
package struct EnvironmentSettings: Sendable {
    package private(set) var values: [String: String]
    /// Where each value came from, for messages (`.env:3`, `environment`).
    package private(set) var origins: [String: String]

    package init(environment: [String: String] = ProcessInfo.processInfo.environment, dotEnv: [String: (String, Int)] = [:],
                dotEnvPath: String = ".env") {
        values = [:]
        origins = [:]
        for (key, (value, line)) in dotEnv {
            values[key] = value
            origins[key] = "\(dotEnvPath):\(line)"
        }
        for (key, value) in environment where key.hasPrefix("LIGHTER_") || key.hasPrefix("BACKPACK_") || key == "API_KEY_PRIVATE_KEY" {
            values[key] = value
            origins[key] = "environment"
        }
    }

    package subscript(key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    package struct ParseError: Error, Sendable, CustomStringConvertible {
        package var description: String
    }

    /// Reads `KEY=VALUE` lines: `#` comments, blank lines, `export KEY=…`, single or double
    /// quotes. A line that is none of these is an error naming its line number (never its value).
    package static func parseDotEnv(_ text: String, path: String) throws(ParseError) -> [String: (String, Int)] {
        var result: [String: (String, Int)] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw ParseError(description: "\(path):\(index + 1): expected KEY=VALUE")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ParseError(description: "\(path):\(index + 1): bad key")
            }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            } else if let hash = value.range(of: " #") {
                value = String(value[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces)
            }
            result[key] = (value, index + 1)
        }
        return result
    }

    /// Loads `path` when it exists (a missing default `.env` is fine; a missing named one is not).
    package static func load(dotEnvPath: String?, required: Bool) throws -> EnvironmentSettings {
        let path = dotEnvPath ?? ".env"
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ParseError(description: "\(path): no such file") }
            return EnvironmentSettings()
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ParseError(description: "\(path): cannot read (\(error.localizedDescription))")
        }
        return EnvironmentSettings(dotEnv: try parseDotEnv(text, path: path), dotEnvPath: path)
    }
}
