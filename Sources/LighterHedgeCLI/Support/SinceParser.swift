import ArgumentParser
import Foundation

/// `--since`: a duration back from now (`90m`, `6h`, `2d`, `30s`) or a UTC time
/// (`2026-11-29T08:00:00Z`), as milliseconds since the epoch.
enum SinceParser {
    static func milliseconds(_ text: String, nowMs: Int64) throws -> Int64 {
        let units: [Character: Int64] = ["s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]
        if let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()), count > 0,
           count <= 3650 * 86_400_000 / unit {
            return nowMs - count * unit
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) {
            return Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        }
        throw ValidationError("--since takes a duration back (90m, 6h, 2d) or a UTC time (2026-11-29T08:00:00Z), got '\(text.prefix(40))'")
    }
}
