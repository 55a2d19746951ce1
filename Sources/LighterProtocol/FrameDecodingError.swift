/// A frame that could not be decoded at all (not JSON, truncated, wrong shapes).
public struct FrameDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, in words.
    public var reason: String
    /// Byte offset where decoding stopped.
    public var offset: Int
    /// An error at byte `offset` of the frame.
    public init(reason: String, offset: Int) { self.reason = reason; self.offset = offset }
    /// `reason at byte offset`.
    public var description: String { "\(reason) at byte \(offset)" }
}
