import Synchronization

/// A failure the simulator can inject, named as on the command line (`--fault never-fill`).
/// Some take a number (`--fault drop-connection=2`): its meaning is in `parameterMeaning`.
public enum Fault: String, CaseIterable, Sendable, Hashable {
    case rejectAuth = "reject-auth"
    case noAccountConfirm = "no-account-confirm"
    case accountSilenceAfter = "account-silence-after"
    case neverFill = "never-fill"
    case partialFillsOnly = "partial-fills-only"
    case dropConnection = "drop-connection"
    case skipBookUpdate = "skip-book-update"
    case malformedJSON = "malformed-json"
    case unknownFrame = "unknown-frame"
    case noServerPing = "no-server-ping"
    case ignoreClientPing = "ignore-client-ping"
    case delayFrames = "delay-frames"
    case refuseUpgrade = "refuse-upgrade"
    case wrongMarketKeys = "wrong-market-keys"
    case badNonce = "bad-nonce"
    case rateLimitTx = "rate-limit-tx"

    /// The number used when none is given.
    public var defaultParameter: Int {
        switch self {
        case .accountSilenceAfter: 5
        case .dropConnection: 2
        case .skipBookUpdate: 20
        case .malformedJSON, .unknownFrame: 3
        case .delayFrames: 500
        case .badNonce, .rateLimitTx: 3
        default: 0
        }
    }

    /// What the number means, for `--help` and errors; nil when the fault takes none.
    public var parameterMeaning: String? {
        switch self {
        case .accountSilenceAfter: "seconds after connecting before account frames stop"
        case .dropConnection: "seconds each connection lives before the server drops it"
        case .skipBookUpdate: "one order-book update in this many is never sent (a nonce gap)"
        case .malformedJSON: "seconds between malformed frames"
        case .unknownFrame: "seconds between frames of an unknown type"
        case .delayFrames: "milliseconds every frame is held back"
        case .badNonce, .rateLimitTx: "one transaction in this many is refused"
        default: nil
        }
    }

    /// What the fault does, in one line.
    public var summary: String {
        switch self {
        case .rejectAuth: "every auth token is refused with an invalid-auth error frame"
        case .noAccountConfirm: "account subscriptions are never confirmed (no subscribed/account_orders)"
        case .accountSilenceAfter: "every account channel goes silent some seconds after connecting (book and REST go on)"
        case .neverFill: "orders never fill: IOC orders cancel, resting orders stay open"
        case .partialFillsOnly: "orders fill partly, never completely"
        case .dropConnection: "the server drops every connection after some seconds"
        case .skipBookUpdate: "the server skips order-book updates, breaking the nonce chain"
        case .malformedJSON: "the server sends frames that are not valid JSON"
        case .unknownFrame: "the server sends frames of a type clients do not know"
        case .noServerPing: "the server never sends app-level pings"
        case .ignoreClientPing: "the server does not answer client pings"
        case .delayFrames: "every frame reaches the client late"
        case .refuseUpgrade: "WebSocket upgrades are refused with HTTP 400 (as from a restricted region)"
        case .wrongMarketKeys: "account order frames key orders under the wrong market id"
        case .badNonce: "transactions are refused now and then with the invalid-nonce error (21104), as when another client used the key"
        case .rateLimitTx: "transactions are refused now and then with the rate-limit error (23000)"
        }
    }

    /// Parses `name` or `name=number`.
    public static func parse(_ text: String) -> Result<(Fault, Int), FaultParseError> {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard let name = parts.first, let fault = Fault(rawValue: name) else {
            return .failure(FaultParseError(message: "unknown fault '\(text)'; known: \(Fault.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        guard parts.count == 2 else { return .success((fault, fault.defaultParameter)) }
        guard fault.parameterMeaning != nil else {
            return .failure(FaultParseError(message: "fault '\(name)' takes no number"))
        }
        guard let value = Int(parts[1]), value > 0, value <= 86_400_000 else {
            return .failure(FaultParseError(message: "fault '\(name)' needs a positive whole number (\(fault.parameterMeaning ?? "")), got '\(parts[1])'"))
        }
        return .success((fault, value))
    }
}
