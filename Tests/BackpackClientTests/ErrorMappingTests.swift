import BackpackClient
import Testing

/// The venue's error answers (the bodies of `samples/backpack/rest_*error*`) become the typed
/// errors each recovery path needs.
struct ErrorMappingTests {
    private func map(_ status: Int, _ body: String, retryAfter: String? = nil) -> BackpackRESTError {
        BackpackRESTError.from(status: status, body: Array(body.utf8), retryAfterHeader: retryAfter,
                               defaultRetryAfter: .milliseconds(750))
    }

    @Test func postOnlyWouldTake() {
        let error = map(400, #"{"code":"INVALID_ORDER","message":"Order would immediately match and take"}"#)
        #expect(error == .postOnlyWouldTake(message: "Order would immediately match and take"))
        // Another INVALID_ORDER is not a post-only rejection: repricing would not help it.
        #expect(map(400, #"{"code":"INVALID_ORDER","message":"Invalid order"}"#)
            == .venue(status: 400, code: "INVALID_ORDER", message: "Invalid order"))
    }

    @Test func insufficientFunds() {
        #expect(map(400, #"{"code":"INSUFFICIENT_FUNDS","message":"Insufficient funds"}"#)
            == .insufficientFunds(message: "Insufficient funds"))
    }

    @Test func invalidSignatureAndKeyHeaders() {
        #expect(map(400, #"{"code":"INVALID_CLIENT_REQUEST","message":"Invalid signature"}"#)
            == .invalidSignature(message: "Invalid signature"))
        #expect(map(400, #"{"code":"INVALID_CLIENT_REQUEST","message":"Invalid X-Signature header"}"#)
            == .invalidSignature(message: "Invalid X-Signature header"))
        #expect(map(401, #"{"code":"INVALID_SIGNATURE","message":"bad"}"#) == .invalidSignature(message: "bad"))
    }

    @Test func clockProblems() {
        #expect(map(400, #"{"code":"INVALID_CLIENT_REQUEST","message":"Request has expired"}"#)
            == .requestExpired(message: "Request has expired"))
        #expect(map(400, #"{"code":"INVALID_CLIENT_REQUEST","message":"Invalid timestamp"}"#)
            == .requestExpired(message: "Invalid timestamp"))
    }

    @Test func rateLimitedWithThePauseItNeeds() {
        // No Retry-After (the venue sends none): the caller's pause.
        #expect(map(429, #"{"code":"TOO_MANY_REQUESTS","message":"Too many requests"}"#) == .rateLimited(retryAfter: .milliseconds(750)))
        #expect(map(429, "", retryAfter: "3") == .rateLimited(retryAfter: .seconds(3)))
        // The code alone says it, whatever the status.
        #expect(map(400, #"{"code":"TOO_MANY_REQUESTS","message":"x"}"#) == .rateLimited(retryAfter: .milliseconds(750)))
        // A hostile Retry-After is bounded.
        #expect(map(429, "", retryAfter: "99999999") == .rateLimited(retryAfter: .seconds(600)))
    }

    @Test func notFoundInEachSpelling() {
        #expect(map(404, #"{"code":"RESOURCE_NOT_FOUND","message":"Not Found"}"#) == .notFound(message: "Not Found"))
        #expect(map(400, #"{"code":"INVALID_CLIENT_REQUEST","message":"Order not found"}"#) == .notFound(message: "Order not found"))
        #expect(map(404, "not found") == .notFound(message: "not found"))
    }

    @Test func otherBodiesKeepTheirCodeAndPlainTextIsKept() {
        #expect(map(400, #"{"code":"INVALID_PRICE","message":"Price is too far from the last active price"}"#)
            == .venue(status: 400, code: "INVALID_PRICE", message: "Price is too far from the last active price"))
        #expect(map(400, #"{"code":"INVALID_CLIENT_REQUEST","message":"Invalid market symbol"}"#)
            == .venue(status: 400, code: "INVALID_CLIENT_REQUEST", message: "Invalid market symbol"))
        let text = "failed to parse parameter `limit`: failed to parse \"DepthLimit\": Expect a valid enumeration value."
        #expect(map(400, text) == .http(status: 400, body: text))
    }

    @Test func networkTextIsEscapedAndBounded() {
        let error = map(400, "{\"code\":\"INVALID_ORDER\",\"message\":\"x\\u001b[2Jy\"}")
        #expect(error == .venue(status: 400, code: "INVALID_ORDER", message: "x\\x1b[2Jy"))
        guard case .http(_, let body) = map(500, String(repeating: "a", count: 5000)) else {
            Issue.record("a plain-text 500 is an HTTP error")
            return
        }
        #expect(body.count < 400)
    }
}
