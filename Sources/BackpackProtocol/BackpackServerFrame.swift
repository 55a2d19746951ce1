/// A stream error frame: `{"id":null,"error":{"code":4006,"message":"Invalid stream"}}`.
public struct BackpackStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error code (4002, 4006, 4008, …).
    public var code: Int
    /// The human-readable reason.
    public var message: String
    /// The request id, when the server echoes one (the live venue sends `null`).
    public var id: String?

    /// Creates a value from its parts.
    public init(code: Int, message: String, id: String? = nil) { self.code = code; self.message = message; self.id = id }

    /// Not JSON, or an unknown method: the socket stays open.
    public static let parseError = BackpackStreamError(code: 4002, message: "Parse error")
    /// An unknown stream type.
    public static let invalidStream = BackpackStreamError(code: 4006, message: "Invalid stream")
    /// A depth window other than 200, 600 or 1000 ms.
    public static let invalidDepthWindow = BackpackStreamError(code: 4008, message: "Invalid depth window")

    /// A one-line description.
    public var description: String { "\(code) \(message)" }
}

/// One server frame of Backpack's WebSocket.
public enum BackpackServerFrame: Sendable, Hashable {
    case depth(BackpackDepthUpdate)
    case bookTicker(BackpackBookTicker)
    case trade(BackpackTrade)
    case orderUpdate(BackpackOrderUpdate)
    case positionUpdate(BackpackPositionUpdate)
    case error(BackpackStreamError)
    /// A stream this code does not model (`markPrice`, `ticker`, `account.balanceUpdate`, …),
    /// with its event word when it has one.
    case other(stream: String, event: String?)
}
