import Foundation

/// The wall clock, in one place: milliseconds since the Unix epoch (venue times are in the same
/// unit, so the two can be compared).
public enum WallClock {
    /// Now, in milliseconds since the Unix epoch, rounded down: not monotonic (the system clock may be set).
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
