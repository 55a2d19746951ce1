import Synchronization

/// A misbehaviour the Backpack simulator can put on, named as on the command line
/// (`--fault depth-gap=20`). This enum is the one place that names each fault, its number's
/// default and meaning, and its help line.
public enum BackpackFault: String, CaseIterable, Sendable, Hashable {
    case dropConnection = "drop-connection"
    case depthGap = "depth-gap"
    case orderUpdatesStop = "order-updates-stop"
    case delayFrames = "delay-frames"
    case postOnlyReject = "post-only-reject"
    case partialFillsOnly = "partial-fills-only"
    case rateLimitStorm = "rate-limit-storm"
    case cancelAccepted = "cancel-accepted"
    case clockSkew = "clock-skew"

    /// The number used when none is given; 0 for faults that take none.
    public var defaultParameter: Int {
        switch self {
        case .dropConnection: 2
        case .depthGap: 20
        case .orderUpdatesStop: 5
        case .delayFrames: 500
        case .cancelAccepted: 1000
        case .clockSkew: 10_000
        case .postOnlyReject, .partialFillsOnly, .rateLimitStorm: 0
        }
    }

    /// What the number means; nil when the fault takes none.
    public var parameterMeaning: String? {
        switch self {
        case .dropConnection: "seconds each connection lives before the server cuts it (no close frame)"
        case .depthGap: "one depth update in this many is never sent (U no longer follows u + 1)"
        case .orderUpdatesStop: "seconds after a private subscribe before its order updates stop"
        case .delayFrames: "milliseconds every frame is held back"
        case .cancelAccepted: "milliseconds a cancel answered 202 takes to happen"
        case .clockSkew: "milliseconds the server's clock runs ahead"
        case .postOnlyReject, .partialFillsOnly, .rateLimitStorm: nil
        }
    }

    /// What the fault does, in one line.
    public var summary: String {
        switch self {
        case .dropConnection: "the server cuts every WebSocket after some seconds"
        case .depthGap: "depth updates go missing, breaking the U/u chain"
        case .orderUpdatesStop: "account.orderUpdate frames stop while the socket stays up (public streams go on)"
        case .delayFrames: "every frame reaches the client late"
        case .postOnlyReject: "every post-only order is refused as if it would take (INVALID_ORDER)"
        case .partialFillsOnly: "orders fill partly (at most 60%), never completely (an order of one lot fills its lot)"
        case .rateLimitStorm: "every REST call is answered 429 TOO_MANY_REQUESTS"
        case .cancelAccepted: "cancels answer 202 (accepted, not yet executed) and happen later"
        case .clockSkew: "the server's clock runs ahead, so signed requests look expired"
        }
    }

    /// Parses `name` or `name=number`.
    public static func parse(_ text: String) -> Result<(BackpackFault, Int), BackpackFaultError> {
        let name = text.prefix { $0 != "=" }
        guard let fault = BackpackFault(rawValue: String(name)) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            return .failure(BackpackFaultError(message: "unknown fault '\(text)'; known: \(known)"))
        }
        guard name.endIndex < text.endIndex else { return .success((fault, fault.defaultParameter)) }
        let number = text[text.index(after: name.endIndex)...]
        guard let meaning = fault.parameterMeaning else {
            return .failure(BackpackFaultError(message: "fault '\(name)' takes no number"))
        }
        guard let value = Int(number), (1...86_400_000).contains(value) else {
            return .failure(BackpackFaultError(message: "fault '\(name)' needs a whole number from 1 (\(meaning)), got '\(number)'"))
        }
        return .success((fault, value))
    }
}

/// A fault name or number that does not parse.
public struct BackpackFaultError: Error, Sendable, CustomStringConvertible {
    /// The human-readable reason.
    public var message: String
    /// A one-line description.
    public var description: String { message }
}

/// The faults in force: set at start from flags and at run time through `/control/faults`,
/// read from any task.
public final class BackpackFaultSwitchboard: Sendable {
    private let state: Mutex<[BackpackFault: Int]>

    /// A switchboard with `initial` faults on.
    public init(_ initial: [BackpackFault: Int] = [:]) { state = Mutex(initial) }

    /// Turns `fault` on with its number (the default when nil).
    public func set(_ fault: BackpackFault, parameter: Int? = nil) {
        state.withLock { $0[fault] = parameter ?? fault.defaultParameter }
    }

    /// Turns `fault` off.
    public func clear(_ fault: BackpackFault) { state.withLock { _ = $0.removeValue(forKey: fault) } }

    /// The fault's number while it is on; nil while it is off.
    public func parameter(_ fault: BackpackFault) -> Int? { state.withLock { $0[fault] } }

    /// True while `fault` is on.
    public func isActive(_ fault: BackpackFault) -> Bool { parameter(fault) != nil }

    /// Every fault on, with its number.
    public var active: [BackpackFault: Int] { state.withLock { $0 } }
}
