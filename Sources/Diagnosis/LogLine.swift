/// One line with where it came from, for `LogDiagnoser.feed(lines:)`.
public struct LogLine: Sendable, Hashable {
    public var file: String
    public var lineNumber: Int
    public var bytes: [UInt8]

    public init(file: String, lineNumber: Int, bytes: [UInt8]) {
        self.file = file; self.lineNumber = lineNumber; self.bytes = bytes
    }
}
