import BackpackProtocol
import Foundation
import StreamKit

/// What a Backpack REST call can fail with, typed by the recovery each one needs: the venue's
/// error bodies (`{"code":…,"message":…}`) are read by code and message, never by the HTTP
/// status alone.
public enum BackpackRESTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A post-only order would have crossed the book (400 `INVALID_ORDER`): reprice, do not
    /// send it as a taker.
    case postOnlyWouldTake(message: String)
    /// Not enough collateral for the order (`INSUFFICIENT_FUNDS`).
    case insufficientFunds(message: String)
    /// The venue refused the signature or the key (`INVALID_SIGNATURE`, or
    /// `INVALID_CLIENT_REQUEST` naming the signature or a key header): a wrong key or a signing
    /// bug, never retried.
    case invalidSignature(message: String)
    /// The request reached the venue outside its window (`Request has expired`, `Invalid
    /// timestamp`): the clock was resynced from `/api/v1/time` and the request retried; this is
    /// what remains when that did not help.
    case requestExpired(message: String)
    /// HTTP 429 (`TOO_MANY_REQUESTS`) still after the retries; `retryAfter` is the pause it
    /// asks for before the next try.
    case rateLimited(retryAfter: Duration)
    /// The thing asked for does not exist (404, `RESOURCE_NOT_FOUND`, `Order not found`).
    case notFound(message: String)
    /// Any other error body the venue sent.
    case venue(status: Int, code: String, message: String)
    /// An error status without an error body (the venue answers bad parameters in plain text).
    case http(status: Int, body: String)
    /// No answer: the connection failed or timed out. The request may or may not have arrived.
    case transport(String)
    /// A 2xx answer that is not the shape asked for.
    case undecodable(path: String, reason: String)
    /// A signed endpoint was called without an API key.
    case noKey

    /// Reads an error answer. `retryAfter` is what a 429 asks for when the venue does not say
    /// (it sends no `Retry-After`); a `Retry-After` in seconds wins.
    public static func from(status: Int, body: [UInt8], retryAfterHeader: String? = nil,
                            defaultRetryAfter: Duration = .seconds(1)) -> BackpackRESTError {
        let apiError = try? JSONDecoder().decode(BackpackAPIError.self, from: Data(body))
        if status == 429 || apiError?.code == "TOO_MANY_REQUESTS" {
            let seconds = retryAfterHeader.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return .rateLimited(retryAfter: seconds.map { .seconds(min(max($0, 0), 600)) } ?? defaultRetryAfter)
        }
        guard let apiError else {
            let text = clean(String(decoding: body.prefix(600), as: UTF8.self))
            return status == 404 ? .notFound(message: text) : .http(status: status, body: text)
        }
        let message = clean(apiError.message)
        let lower = apiError.message.lowercased()
        if apiError.isPostOnlyRejection { return .postOnlyWouldTake(message: message) }
        switch apiError.code {
        case "INSUFFICIENT_FUNDS": return .insufficientFunds(message: message)
        case "INVALID_SIGNATURE", "UNAUTHORIZED": return .invalidSignature(message: message)
        case "RESOURCE_NOT_FOUND": return .notFound(message: message)
        default: break
        }
        if apiError.isClockProblem { return .requestExpired(message: message) }
        if apiError.code == "INVALID_CLIENT_REQUEST" {
            if lower.contains("signature") || lower.contains("x-api-key") { return .invalidSignature(message: message) }
            if lower.contains("not found") { return .notFound(message: message) }
        }
        return .venue(status: status, code: clean(apiError.code), message: message)
    }

    /// Network text made safe to print and bounded.
    private static func clean(_ text: String) -> String {
        LogFormatting.cut(TextSanitizer.escapingControls(text), limit: 300)
    }

    /// What went wrong, in a line (network text escaped and cut).
    public var description: String {
        switch self {
        case .postOnlyWouldTake(let message): "post-only order would take (INVALID_ORDER: \(message))"
        case .insufficientFunds(let message): "insufficient funds (\(message))"
        case .invalidSignature(let message): "signature or key refused (\(message)): check BACKPACK_SECRET_KEY and BACKPACK_PUBLIC_KEY"
        case .requestExpired(let message): "request outside its window although the clock was resynced (\(message))"
        case .rateLimited(let pause): "rate limited (429): retry in \(pause)"
        case .notFound(let message): "not found (\(message))"
        case .venue(let status, let code, let message): "HTTP \(status) \(code): \(message)"
        case .http(let status, let body): "HTTP \(status)\(body.isEmpty ? "" : ": \(body)")"
        case .transport(let reason): "no answer: \(reason)"
        case .undecodable(let path, let reason): "\(path): unexpected answer: \(reason)"
        case .noKey: "this request needs an API key (BACKPACK_SECRET_KEY)"
        }
    }
}
