import Foundation
import Journaling
import LighterProtocol

/// Wall-clock helpers for log lines. Times are UTC: a log read next to the venue's (UTC)
/// timestamps or by a user in another zone needs no conversion.
public enum LogClock {
    /// Milliseconds since the Unix epoch.
    @Sendable public static func nowMilliseconds() -> Int64 {
        WallClock.nowMilliseconds()
    }

    /// `2025-12-22 14:03:07,123`: Python logging's `asctime` (there in local time, here UTC).
    public static func pythonTimestamp(milliseconds: Int64) -> String {
        let t = Parts(milliseconds: milliseconds)
        return "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2)) \(pad(t.hour, 2)):\(pad(t.minute, 2)):"
            + "\(pad(t.second, 2)),\(pad(t.millisecond, 3))"
    }

    /// `2025-12-22T14:03:07.123Z`.
    public static func iso8601(milliseconds: Int64) -> String {
        let t = Parts(milliseconds: milliseconds)
        return "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2))T\(pad(t.hour, 2)):\(pad(t.minute, 2)):"
            + "\(pad(t.second, 2)).\(pad(t.millisecond, 3))Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String { CivilTime.pad(value, width) }

    /// Calendar fields of a UTC instant, computed directly (no formatter, no locale, no lock).
    struct Parts {
        var year, month, day, hour, minute, second, millisecond: Int

        init(milliseconds ms: Int64) {
            let (days, msOfDay) = CivilTime.floorDivide(Int(ms), 86_400_000)
            millisecond = msOfDay % 1000
            second = msOfDay / 1000 % 60
            minute = msOfDay / 60_000 % 60
            hour = msOfDay / 3_600_000
            (year, month, day) = CivilTime.date(days: days)
        }
    }
}
