extension Duration {
    /// Whole milliseconds, rounded toward zero: how the clients compare durations with
    /// millisecond timestamps.
    package var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
