/// A test harness step that did not happen in time (a frame, a close, a server start), said in words.
public struct HarnessError: Error, CustomStringConvertible {
    /// What was waited for and what came instead.
    public var description: String
    /// The error `text` describes.
    public init(_ text: String) { description = text }
}
