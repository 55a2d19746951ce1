/// Why a chunk of a file could not be read.
public struct FileReadError: Error, CustomStringConvertible {
    /// The file's name and the system's reason.
    public var description: String

    /// An error saying `description`.
    public init(description: String) { self.description = description }
}
