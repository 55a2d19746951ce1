/// Why a connection could not be made, told apart the way a person fixes it. The client
/// writes these names in its log and `doctor` reads them back, so both share this list.
public enum ConnectFailureKind: Int, CaseIterable, Sendable, Hashable {
    /// The host name does not resolve.
    case dns
    /// Nothing listens there, or a firewall says no.
    case refused
    /// TLS handshake or certificate trouble.
    case tls
    /// The server answered the upgrade with an HTTP error (400/403 from some regions).
    case upgradeRejected
    case timeout
    case other

    /// The name in log lines and JSON: `dns`, `refused`, `tls`, `upgrade-rejected`, `timeout`, `other`.
    public var name: String {
        switch self {
        case .dns: "dns"
        case .refused: "refused"
        case .tls: "tls"
        case .upgradeRejected: "upgrade-rejected"
        case .timeout: "timeout"
        case .other: "other"
        }
    }
}
