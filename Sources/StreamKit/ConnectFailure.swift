import LighterProtocol

/// Why a connection could not be made, told apart the way a person fixes it.
public enum ConnectFailure: Sendable, Hashable, CustomStringConvertible {
    /// The host name does not resolve.
    case dns(String)
    /// Nothing listens there, or a firewall says no.
    case refused(String)
    /// TLS handshake or certificate trouble.
    case tls(String)
    /// The server answered the upgrade with an HTTP error (403/400 from some regions).
    case upgradeRejected(String)
    /// The connection or the upgrade took too long.
    case timeout(String)
    /// Anything else; the text says what.
    case other(String)

    /// The failure's kind without its detail, as `doctor` names it.
    public var category: ConnectFailureKind {
        switch self {
        case .dns: .dns
        case .refused: .refused
        case .tls: .tls
        case .upgradeRejected: .upgradeRejected
        case .timeout: .timeout
        case .other: .other
        }
    }

    /// The shared name (`dns`, `upgrade-rejected`, ...) that `doctor` reads back from the log.
    public var kind: String { category.name }

    /// The error's own text, as classified.
    public var detail: String {
        switch self {
        case .dns(let d), .refused(let d), .tls(let d), .upgradeRejected(let d), .timeout(let d), .other(let d): d
        }
    }

    /// `kind: detail`, e.g. `dns: …`.
    public var description: String { "\(kind): \(detail)" }

    /// Classifies a thrown error by its type and text (NIO's error types are not all public,
    /// and `localizedDescription` says nothing: the text is what carries the cause).
    public static func classify(_ error: any Error) -> ConnectFailure {
        switch error as? WebSocketConnection.UpgradeError {
        case .declined?: return .upgradeRejected(String(describing: error))
        case .noAnswer?: return .timeout(String(describing: error))
        case nil: break
        }
        let text = String(describing: error)
        let lower = text.lowercased()
        if lower.contains("unknownhost") || lower.contains("dns") || lower.contains("name or service not known")
            || lower.contains("nodename nor servname") {
            return .dns(text)
        }
        if lower.contains("refused") { return .refused(text) }
        if lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate") || lower.contains("handshake") {
            return .tls(text)
        }
        if lower.contains("timeout") || lower.contains("timed out") { return .timeout(text) }
        if lower.contains("upgrade") { return .upgradeRejected(text) }
        return .other(text)
    }
}
