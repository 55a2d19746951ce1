/// An error frame: `{"error":{"code":30005,"message":"..."}}`, with or without `type`.
public struct ErrorFrame: Sendable, Hashable, Error {
    /// The venue's code (`VenueErrorCode`), when the frame carries one.
    public var code: Int?
    /// The venue's message.
    public var message: String
    /// The request id echoed by `jsonapi/sendtx` rejections.
    public var id: String?
    /// Every field as documented on its property.
    public init(code: Int?, message: String, id: String? = nil) {
        self.code = code; self.message = message; self.id = id
    }
    /// The venue's answer with a code from its table.
    public init(_ code: VenueErrorCode, _ message: String) {
        self.init(code: code.rawValue, message: message)
    }
}
