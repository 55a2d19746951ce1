/// Why no token could be had, in words that never contain a token or a key.
public struct AuthTokenError: Error, Sendable, CustomStringConvertible {
    /// The reason.
    public var description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
