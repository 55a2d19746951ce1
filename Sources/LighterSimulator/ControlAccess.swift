import LighterProtocol

/// Who may use the simulator's control API (`/control/faults`, `/control/stats`): anyone who can
/// reach a loopback bind, a bearer of the token, or no one.
public enum ControlAccess: Sendable, Hashable {
    /// Served without a token: only this machine can reach a loopback bind.
    case open
    /// Served to requests carrying `Authorization: Bearer <token>`; 401 otherwise.
    case token(String)
    /// Not served: the bind is reachable from other machines and no token was given.
    case off

    /// The rule: a token, when given, is always required; without one the control API is
    /// open on a loopback bind and off on any other (`0.0.0.0`, `::`, a LAN address).
    public static func decide(host: String, token: String?) -> ControlAccess {
        if let token, !token.isEmpty { return .token(token) }
        return HostAddress.isLoopback(host) ? .open : .off
    }

    /// One line for the simulator's start banner; never shows the token.
    public var summary: String {
        switch self {
        case .open: "open (loopback bind, no token needed)"
        case .token: "requires Authorization: Bearer <--control-token>"
        case .off: "off (the bind is not loopback and no --control-token was given)"
        }
    }

    /// Whether a request with this `Authorization` header value may use the control API.
    public func allows(authorization: String?) -> Bool {
        switch self {
        case .open: return true
        case .off: return false
        case .token(let token):
            guard let authorization, authorization.hasPrefix("Bearer ") else { return false }
            return Self.constantTimeEqual(Array(authorization.utf8.dropFirst(7)), Array(token.utf8))
        }
    }

    /// Compares every byte whatever the first difference, so response time does not reveal
    /// how much of a guess was right.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
