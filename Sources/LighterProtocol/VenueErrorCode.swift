/// The venue's error codes in one table: what the simulator answers and what the client
/// recognises and acts on (a nonce to resync, a request to slow down, an order to give up).
public struct VenueErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric code as the venue sends it.
    public let rawValue: Int
    /// The code `rawValue`, known or not.
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// The code `rawValue`, known or not.
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    // Streams (30xxx) and auth (20xxx).
    /// A client frame that is not JSON.
    public static let invalidJSON = VenueErrorCode(30000)
    /// A client frame of unknown type or with missing fields.
    public static let invalidType = VenueErrorCode(30001)
    /// Unsubscribing from a channel not subscribed to.
    public static let notSubscribed = VenueErrorCode(30002)
    /// Subscribing twice to the same channel.
    public static let alreadySubscribed = VenueErrorCode(30003)
    /// A channel name the venue does not know.
    public static let invalidChannel = VenueErrorCode(30005)
    /// A request parameter missing or out of range (`invalid param : …`); a private channel
    /// subscribed to without its auth field is one.
    public static let invalidParam = VenueErrorCode(20001)
    /// An auth token that is malformed, outside its validity window, for another account, or badly signed.
    public static let invalidAuth = VenueErrorCode(20013)
    // Rate limits.
    /// The rate limit was hit: slow down, then retry.
    public static let tooManyRequests = VenueErrorCode(23000)
    // Transactions (21xxx).
    /// A transaction's `ExpiredAt` is past or too far ahead.
    public static let invalidExpiredTime = VenueErrorCode(21000)
    /// The account index is out of range or unknown.
    public static let invalidAccountIndex = VenueErrorCode(21102)
    /// The nonce is not the key's next one: fetch it again, then retry.
    public static let invalidNonce = VenueErrorCode(21104)
    /// No API key with that index is registered for the account.
    public static let apiKeyNotFound = VenueErrorCode(21109)
    /// The API key index is out of range.
    public static let invalidAPIKeyIndex = VenueErrorCode(21110)
    /// The transaction's signature does not verify against the key.
    public static let invalidSignature = VenueErrorCode(21120)
    /// `tx_info` is not a valid transaction of its type.
    public static let invalidTxInfo = VenueErrorCode(21501)
    /// The venue does not take this transaction type here.
    public static let unsupportedTxType = VenueErrorCode(21505)
    /// Too many transactions of the key wait to execute: retry later.
    public static let tooManyPendingTxs = VenueErrorCode(21506)
    /// A batch holds more transactions than allowed.
    public static let tooManyTxsInBatch = VenueErrorCode(21514)
    /// The order to cancel is not active (already filled, canceled or unknown).
    public static let inactiveCancel = VenueErrorCode(21600)
    /// The market does not exist.
    public static let invalidMarketIndex = VenueErrorCode(21602)
    /// A spot market where a perp is wanted, or the reverse.
    public static let invalidMarketType = VenueErrorCode(21619)
    /// The size is out of range.
    public static let invalidBaseAmount = VenueErrorCode(21701)
    /// The price is out of range.
    public static let invalidPrice = VenueErrorCode(21702)
    /// `IsAsk` is neither 0 nor 1.
    public static let invalidIsAsk = VenueErrorCode(21703)
    /// The order type is not one the venue knows.
    public static let invalidOrderType = VenueErrorCode(21704)
    /// The time in force is not one the venue knows, or not allowed with the order type.
    public static let invalidTimeInForce = VenueErrorCode(21705)
    /// The order is smaller than the market's minimum.
    public static let belowMinimum = VenueErrorCode(21706)
    /// An order type the venue knows but does not take here (triggers, TWAP).
    public static let unsupportedOrderType = VenueErrorCode(21710)
    /// The order's expiry is missing where it is needed, or out of range.
    public static let invalidOrderExpiry = VenueErrorCode(21711)
    /// The client order index is out of range.
    public static let invalidClientOrderIndex = VenueErrorCode(21727)
    /// The client order index is already used by a live order of the account.
    public static let clientOrderIndexExists = VenueErrorCode(21728)
    /// A trigger price where none belongs, or none where one is needed.
    public static let invalidTriggerPrice = VenueErrorCode(21729)
    /// The account lacks the margin for the order.
    public static let notEnoughMargin = VenueErrorCode(21739)

    static let meanings: [Int: String] = [
        30000: "invalid JSON", 30001: "invalid message type", 30002: "not subscribed", 30003: "already subscribed",
        30005: "invalid channel", 20001: "auth required", 20013: "invalid auth", 23000: "too many requests",
        21000: "invalid expiry", 21102: "invalid account index", 21104: "invalid nonce", 21109: "API key not found",
        21110: "invalid API key index", 21120: "invalid signature", 21501: "invalid tx info",
        21505: "unsupported transaction type", 21506: "too many pending transactions",
        21514: "too many transactions in a batch", 21600: "order not active", 21602: "invalid market",
        21619: "invalid market type", 21701: "invalid base amount", 21702: "invalid price", 21703: "invalid side",
        21704: "invalid order type", 21705: "invalid time in force", 21706: "below the market's minimum",
        21710: "unsupported order type", 21711: "invalid order expiry", 21729: "invalid trigger price",
        21727: "invalid client order index", 21728: "client order index already used", 21739: "not enough margin",
    ]

    /// A few words on what the code means; `code N` for one not in the table.
    public var meaning: String { Self.meanings[rawValue] ?? "code \(rawValue)" }
    /// `code (meaning)`, e.g. `21104 (invalid nonce)`.
    public var description: String { "\(rawValue) (\(meaning))" }

    /// The key's nonce is not what the venue expects: fetch it again, then retry.
    public var isNonceProblem: Bool { self == .invalidNonce }
    /// Asking again later may succeed.
    public var isRetryable: Bool { [.tooManyRequests, .tooManyPendingTxs, .invalidNonce].contains(self) }
}
