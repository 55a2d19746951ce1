import LighterProtocol

/// The naive UTC timestamps of Backpack's history endpoints (`2026-01-01T00:00:05.871`, no
/// zone, milliseconds or microseconds), to and from Unix milliseconds.
public enum BackpackTime {
    /// Milliseconds since 1970 of `YYYY-MM-DDTHH:MM:SS[.fraction]`; nil when the text is not that.
    public static func milliseconds(naiveUTC text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = bytes[index] &- 48
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var millis = 0
        if bytes.count > 19 {
            guard bytes[19] == UInt8(ascii: "."), (21...29).contains(bytes.count), let fraction = number(20..<bytes.count) else { return nil }
            let digits = bytes.count - 20
            millis = digits >= 3 ? fraction / Self.pow10(digits - 3) : fraction * Self.pow10(3 - digits)
        }
        let days = CivilTime.days(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return seconds * 1000 + Int64(millis)
    }

    /// `2026-01-01T00:00:05.871` for milliseconds since 1970.
    public static func naiveUTC(milliseconds: Int64) -> String {
        let (seconds, millis) = CivilTime.floorDivide(milliseconds, 1000)
        let (days, secondOfDay) = CivilTime.floorDivide(seconds, 86_400)
        let (year, month, day) = CivilTime.date(days: Int(days))
        func pad(_ value: some BinaryInteger, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(millis, 3))"
    }

    private static func pow10(_ exponent: Int) -> Int {
        var value = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
