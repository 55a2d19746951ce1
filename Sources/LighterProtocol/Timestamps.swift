/// Normalises the venue's timestamps, whose unit changed over time.
public enum Timestamps {
    /// Lighter moved order timestamps from seconds to milliseconds; values below 10^11 are seconds.
    public static func milliseconds(_ value: Int64) -> Int64 {
        value < 100_000_000_000 ? value &* 1000 : value
    }
}
