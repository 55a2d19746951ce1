/// One log line shown as evidence. The text is cut to a readable length, control characters
/// are replaced and secrets are redacted.
public struct Evidence: Codable, Sendable, Hashable {
    /// The file's name as the caller gave it (`feed(…file:)`), not necessarily a path.
    public var file: String
    /// The line's number in its file, from 1.
    public var line: Int
    /// The line as it may be printed: redacted, without control characters, cut with ` …`.
    public var text: String

    /// A line as evidence; `text` is taken as given (the reader makes it safe to print).
    public init(file: String, line: Int, text: String) {
        self.file = file; self.line = line; self.text = text
    }
}
