#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The wall clock, in one place: milliseconds since the Unix epoch (venue times are in the same
/// unit, so the two can be compared). Read straight from the system (no `Date`): the recorder
/// stamps every frame with it.
public enum WallClock {
    /// Now, in milliseconds since the Unix epoch, rounded down: not monotonic (the system clock may be set).
    public static func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
