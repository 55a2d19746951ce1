/// A REST error body, `{"code":"INVALID_ORDER","message":"…"}`: `code` is one of the venue's
/// `ApiErrorCode` words. A recovery path is chosen by `code` and `message`, never by the HTTP
/// status alone.
public struct BackpackAPIError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The error code word (or number, on the stream).
    public var code: String
    /// The human-readable reason.
    public var message: String

    /// Creates a value from its parts.
    public init(code: String, message: String) { self.code = code; self.message = message }

    /// A one-line description.
    public var description: String { "\(code): \(message)" }

    /// A post-only order that would have crossed (HTTP 400).
    public static let postOnlyWouldTake = BackpackAPIError(code: "INVALID_ORDER", message: "Order would immediately match and take")
    /// An order the collateral does not cover.
    public static let insufficientFunds = BackpackAPIError(code: "INSUFFICIENT_FUNDS", message: "Insufficient funds")
    /// A signature that does not verify.
    public static let invalidSignature = BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Invalid signature")
    /// A request that arrived after its window.
    public static let requestExpired = BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Request has expired")
    /// A missing or ill-formed `X-Signature`.
    public static let invalidSignatureHeader = BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Invalid X-Signature header")
    /// A quantity finer than the step.
    public static let quantityDecimalTooLong = BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Quantity decimal too long")
    /// A price finer than the tick.
    public static let priceDecimalTooLong = BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Price decimal too long")
    /// A symbol the venue does not list.
    public static let invalidMarketSymbol = BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Invalid market symbol")
    /// A price outside the band around the last price.
    public static let priceTooFar = BackpackAPIError(code: "INVALID_PRICE", message: "Price is too far from the last active price")
    /// The body text is a guess of the reference's (UNCONFIRMED); the code and HTTP 429 are documented.
    public static let tooManyRequests = BackpackAPIError(code: "TOO_MANY_REQUESTS", message: "Too many requests")
    /// A resource (an order not on the book) that does not exist.
    public static let notFound = BackpackAPIError(code: "RESOURCE_NOT_FOUND", message: "Not Found")
    /// A cancel of an order that is not on the book. UNCONFIRMED: one client's comment quotes
    /// this body, another expects `RESOURCE_NOT_FOUND`; clients must accept both.
    public static let orderNotFound = BackpackAPIError(code: "INVALID_CLIENT_REQUEST", message: "Order not found")

    /// True for the rejection of a post-only order that would have taken liquidity.
    public var isPostOnlyRejection: Bool {
        code == "INVALID_ORDER" && message.contains("immediately match")
    }

    /// True when the cause is the client's clock (expired window or a bad timestamp): resync
    /// from `GET /api/v1/time` and retry.
    public var isClockProblem: Bool {
        code == "INVALID_CLIENT_REQUEST" && (message.contains("expired") || message.contains("timestamp"))
    }
}
