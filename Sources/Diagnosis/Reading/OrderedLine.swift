/// A line left to the ordered rules, with what the quick pass learnt of it.
struct OrderedLine {
    var bytes: LineBytes
    var header: LogHeader
    /// Where the message's text starts, after emoji and a `[LIGHTER WS]` tag.
    var textStart: Int
    /// The line carries the `[LIGHTER WS]` tag.
    var tagged: Bool
}
