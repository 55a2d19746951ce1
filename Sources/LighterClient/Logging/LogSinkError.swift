/// Why a log file could not be opened.
public struct LogSinkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file that could not be opened.
    public var path: String
    /// The system's error number.
    public var errno: Int32
    /// `cannot open log file path (errno N)`.
    public var description: String { "cannot open log file \(path) (errno \(errno))" }
}
