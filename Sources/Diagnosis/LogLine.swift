/// One line with where it came from, for `LogDiagnoser.feed(lines:)`.
public struct LogLine: Sendable, Hashable {
    /// The file's name, as evidence will show it.
    public var file: String
    /// The line's number in its file, from 1.
    public var lineNumber: Int
    /// The line's bytes, with or without its line ending.
    public var bytes: [UInt8]

    /// A line as given.
    public init(file: String, lineNumber: Int, bytes: [UInt8]) {
        self.file = file; self.lineNumber = lineNumber; self.bytes = bytes
    }
}
