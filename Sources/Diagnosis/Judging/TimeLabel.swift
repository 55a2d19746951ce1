import LighterProtocol

/// `2026-11-29 20:06:12,950` for milliseconds since 1970.
enum TimeLabel {
    static func of(_ ms: Int) -> String {
        let (minute, rest) = CivilTime.floorDivide(ms, 60_000)
        return CivilTime.label(minute: minute) + ":" + CivilTime.pad(rest / 1000, 2) + "," + CivilTime.pad(rest % 1000, 3)
    }

    /// `10.5 s`, `2 min 5 s`.
    static func duration(_ ms: Int) -> String {
        if ms < 60_000 {
            let tenths = (ms + 50) / 100
            return "\(tenths / 10).\(tenths % 10) s"
        }
        let seconds = (ms + 500) / 1000
        return "\(seconds / 60) min \(seconds % 60) s"
    }
}
