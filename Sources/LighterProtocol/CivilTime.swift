/// UTC calendar arithmetic without Foundation's calendar, formatter or locale (H. Hinnant's
/// days-from-civil and civil-from-days): fast enough for every log line, the same everywhere.
public enum CivilTime {
    /// Days since 1970-01-01 of a proleptic Gregorian date.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number (days since 1970-01-01).
    public static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `2025-12-22 14:03` for minutes since 1970.
    public static func label(minute: Int) -> String {
        let (days, minuteOfDay) = floorDivide(minute, 1440)
        let (year, month, day) = date(days: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(minuteOfDay / 60, 2)):\(pad(minuteOfDay % 60, 2))"
    }

    /// Quotient and remainder rounded toward negative infinity (times before 1970 stay right).
    /// Inlinable: callers in other modules get it specialized for their integer type.
    @inlinable
    public static func floorDivide<T: BinaryInteger>(_ a: T, _ b: T) -> (T, T) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// Zero-padded decimal. Inlinable, as `floorDivide`; digits and sign are one byte each.
    @inlinable
    public static func pad(_ value: some BinaryInteger, _ width: Int) -> String {
        let digits = String(value)
        let count = digits.utf8.count
        return count >= width ? digits : String(repeating: "0", count: width - count) + digits
    }
}
