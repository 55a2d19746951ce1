/// Backpack's signing string:
/// `instruction=<instr>&<sorted params>&timestamp=<X-Timestamp>&window=<X-Window>`.
///
/// Parameters are the JSON body's top-level keys or the query's, sorted by byte order and
/// written `k=v` with values exactly as sent (strings unquoted, integers in decimal, booleans
/// lower-case, no percent-encoding). A batch (`POST /api/v1/orders`) signs one
/// `instruction=orderExecute&<sorted keys>` chunk per order, in array order, then timestamp and
/// window once. The WebSocket subscribe signs `instruction=subscribe&timestamp=…&window=…`.
public enum BackpackSigning {
    /// The window a request gets when it sends no `X-Window` (and still signs).
    public static let defaultWindowMs: Int64 = 5_000
    /// The largest window the venue accepts.
    public static let maxWindowMs: Int64 = 60_000

    /// The string to sign for one request.
    public static func signingString(instruction: String, params: [(name: String, value: String)],
                                     timestampMs: Int64, windowMs: Int64) -> String {
        var text = chunk(instruction: instruction, params: params)
        appendTail(to: &text, timestampMs: timestampMs, windowMs: windowMs)
        return text
    }

    /// `signingString` over typed parameters.
    public static func signingString(instruction: String, params: [BackpackParam], timestampMs: Int64,
                                     windowMs: Int64) -> String {
        signingString(instruction: instruction, params: params.map { ($0.name, $0.value.signingText) },
                      timestampMs: timestampMs, windowMs: windowMs)
    }

    /// The string to sign for a batch: one chunk per item, in the items' order.
    public static func batchSigningString(instruction: String, items: [[(name: String, value: String)]],
                                          timestampMs: Int64, windowMs: Int64) -> String {
        var text = items.map { chunk(instruction: instruction, params: $0) }.joined(separator: "&")
        if items.isEmpty { text = "instruction=\(instruction)" }
        appendTail(to: &text, timestampMs: timestampMs, windowMs: windowMs)
        return text
    }

    /// `batchSigningString` over typed parameters.
    public static func batchSigningString(instruction: String, items: [[BackpackParam]], timestampMs: Int64,
                                          windowMs: Int64) -> String {
        batchSigningString(instruction: instruction, items: items.map { $0.map { ($0.name, $0.value.signingText) } },
                           timestampMs: timestampMs, windowMs: windowMs)
    }

    private static func chunk(instruction: String, params: [(name: String, value: String)]) -> String {
        var text = "instruction=" + instruction
        for (name, value) in params.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            text += "&" + name + "=" + value
        }
        return text
    }

    private static func appendTail(to text: inout String, timestampMs: Int64, windowMs: Int64) {
        text += "&timestamp=\(timestampMs)&window=\(windowMs)"
    }
}

/// The instruction of each signed endpoint.
public enum BackpackInstruction {
    /// The `orderExecute` instruction.
    public static let orderExecute = "orderExecute"
    /// The `orderCancel` instruction.
    public static let orderCancel = "orderCancel"
    /// The `orderQuery` instruction.
    public static let orderQuery = "orderQuery"
    /// The `orderQueryAll` instruction.
    public static let orderQueryAll = "orderQueryAll"
    /// The `orderCancelAll` instruction.
    public static let orderCancelAll = "orderCancelAll"
    /// The `fillHistoryQueryAll` instruction.
    public static let fillHistoryQueryAll = "fillHistoryQueryAll"
    /// The `orderHistoryQueryAll` instruction.
    public static let orderHistoryQueryAll = "orderHistoryQueryAll"
    /// The `positionQuery` instruction.
    public static let positionQuery = "positionQuery"
    /// The `balanceQuery` instruction.
    public static let balanceQuery = "balanceQuery"
    /// The `collateralQuery` instruction.
    public static let collateralQuery = "collateralQuery"
    /// The `accountQuery` instruction.
    public static let accountQuery = "accountQuery"
    /// The `subscribe` instruction.
    public static let subscribe = "subscribe"

    /// The instruction a signed REST call must carry, by method and path; nil for public paths.
    public static func of(method: String, path: String) -> String? {
        switch (method, path) {
        case ("POST", "/api/v1/order"), ("POST", "/api/v1/orders"): orderExecute
        case ("DELETE", "/api/v1/order"): orderCancel
        case ("GET", "/api/v1/order"): orderQuery
        case ("GET", "/api/v1/orders"): orderQueryAll
        case ("DELETE", "/api/v1/orders"): orderCancelAll
        case ("GET", "/wapi/v1/history/fills"): fillHistoryQueryAll
        case ("GET", "/wapi/v1/history/orders"): orderHistoryQueryAll
        case ("GET", "/api/v1/position"): positionQuery
        case ("GET", "/api/v1/capital"): balanceQuery
        case ("GET", "/api/v1/capital/collateral"): collateralQuery
        case ("GET", "/api/v1/account"): accountQuery
        default: nil
        }
    }
}
