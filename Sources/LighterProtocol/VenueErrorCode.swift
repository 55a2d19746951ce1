/// The venue's error codes in one table: what the simulator answers and what the client
/// recognises and acts on (a nonce to resync, a request to slow down, an order to give up).
public struct VenueErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    // Streams (30xxx) and auth (20xxx).
    public static let invalidJSON = VenueErrorCode(30000)
    public static let invalidType = VenueErrorCode(30001)
    public static let notSubscribed = VenueErrorCode(30002)
    public static let alreadySubscribed = VenueErrorCode(30003)
    public static let invalidChannel = VenueErrorCode(30005)
    public static let authRequired = VenueErrorCode(20001)
    public static let invalidAuth = VenueErrorCode(20013)
    // Rate limits.
    public static let tooManyRequests = VenueErrorCode(23000)
    // Transactions (21xxx).
    public static let invalidExpiredTime = VenueErrorCode(21000)
    public static let invalidAccountIndex = VenueErrorCode(21102)
    public static let invalidNonce = VenueErrorCode(21104)
    public static let apiKeyNotFound = VenueErrorCode(21109)
    public static let invalidAPIKeyIndex = VenueErrorCode(21110)
    public static let invalidSignature = VenueErrorCode(21120)
    public static let invalidTxInfo = VenueErrorCode(21501)
    public static let unsupportedTxType = VenueErrorCode(21505)
    public static let tooManyPendingTxs = VenueErrorCode(21506)
    public static let tooManyTxsInBatch = VenueErrorCode(21514)
    public static let inactiveCancel = VenueErrorCode(21600)
    public static let invalidMarketIndex = VenueErrorCode(21602)
    public static let invalidBaseAmount = VenueErrorCode(21701)
    public static let invalidPrice = VenueErrorCode(21702)
    public static let belowMinimum = VenueErrorCode(21706)
    public static let invalidClientOrderIndex = VenueErrorCode(21727)
    public static let clientOrderIndexExists = VenueErrorCode(21728)
    public static let notEnoughMargin = VenueErrorCode(21739)

    static let meanings: [Int: String] = [
        30000: "invalid JSON", 30001: "invalid message type", 30002: "not subscribed", 30003: "already subscribed",
        30005: "invalid channel", 20001: "auth required", 20013: "invalid auth", 23000: "too many requests",
        21000: "invalid expiry", 21102: "invalid account index", 21104: "invalid nonce", 21109: "API key not found",
        21110: "invalid API key index", 21120: "invalid signature", 21501: "invalid tx info",
        21505: "unsupported transaction type", 21506: "too many pending transactions",
        21514: "too many transactions in a batch", 21600: "order not active", 21602: "invalid market",
        21701: "invalid base amount", 21702: "invalid price", 21706: "below the market's minimum",
        21727: "invalid client order index", 21728: "client order index already used", 21739: "not enough margin",
    ]

    /// A few words on what the code means; `code N` for one not in the table.
    public var meaning: String { Self.meanings[rawValue] ?? "code \(rawValue)" }
    public var description: String { "\(rawValue) (\(meaning))" }

    /// The key's nonce is not what the venue expects: fetch it again, then retry.
    public var isNonceProblem: Bool { self == .invalidNonce }
    /// Asking again later may succeed.
    public var isRetryable: Bool { [.tooManyRequests, .tooManyPendingTxs, .invalidNonce].contains(self) }
}
