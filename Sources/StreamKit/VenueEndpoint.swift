import LighterProtocol

/// A venue URL taken apart: scheme (secure or not), host, port and path. User info
/// (`user@host`) is refused: a venue URL never carries credentials, and a host hidden behind
/// one is a trap.
public struct VenueEndpoint: Sendable, Hashable {
    /// `wss`/`https` rather than `ws`/`http`.
    public var secure: Bool
    /// Without brackets for IPv6.
    public var host: String
    /// Nil when the URL names none (the scheme's default).
    public var port: Int?
    /// `/` when the URL has none.
    public var path: String

    /// Why a URL was refused.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong with the URL.
        public var description: String
    }

    /// An endpoint from its parts, as a parse would give them (`path` `/` for none).
    public init(secure: Bool, host: String, port: Int?, path: String = "/") {
        self.secure = secure
        self.host = host
        self.port = port
        self.path = path
    }

    /// Parses `url` strictly: `scheme://host[:port][/path][?query]`, the scheme `schemes.secure`
    /// or `schemes.plain` (`wss`/`ws`, `https`/`http`, any case), nothing else. User info
    /// (`ws://127.0.0.1@evil.example/` goes to evil.example) and a `#fragment` are refused; an
    /// IPv6 host must be bracketed; a port is 1-65535 in plain digits; a host is letters, digits,
    /// `-`, `.` and `_`. `role` names the URL in the reason (`stream URL`, `REST URL`).
    public init(parsing url: String, schemes: (secure: String, plain: String), role: String = "URL") throws(ParseError) {
        func refuse(_ reason: String) -> ParseError { ParseError(description: reason) }
        let expected = "\(schemes.secure):// or \(schemes.plain)://"
        guard let separator = url.firstRange(of: "://") else {
            throw refuse("the \(role) must start with \(expected), got '\(url)'")
        }
        switch url[..<separator.lowerBound].lowercased() {
        case schemes.secure: secure = true
        case schemes.plain: secure = false
        default: throw refuse("the \(role) must start with \(expected), got '\(url)'")
        }
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let tail = rest.dropFirst(authority.count)
        guard !tail.contains("#") else { throw refuse("the \(role) '\(url)' has a #fragment; remove it") }
        path = tail.hasPrefix("/") ? String(tail) : "/" + tail
        guard !authority.contains("@") else {
            throw refuse("refusing the \(role) '\(url)': user info before '@' is not supported (the host would be what follows it); give the host alone")
        }
        var hostPart = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]"),
                  HostAddress.ipv6(authority[authority.index(after: authority.startIndex)..<close]) != nil else {
                throw refuse("bad IPv6 host in the \(role) '\(url)'")
            }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw refuse("bad port in the \(role) '\(url)'") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]
            let after = authority[authority.index(after: colon)...]
            guard !after.contains(":") else {
                throw refuse("bad host in the \(role) '\(url)': an IPv6 host goes in brackets, like [::1]")
            }
            portText = after
        }
        if let portText {
            guard (1...5).contains(portText.utf8.count), portText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let value = Int(portText), (1...65535).contains(value) else {
                throw refuse("bad port in the \(role) '\(url)': a port is 1 to 65535")
            }
            port = value
        } else {
            port = nil
        }
        guard !hostPart.isEmpty else { throw refuse("no host in the \(role) '\(url)'") }
        let nameBytes = hostPart.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 122) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
        }
        guard nameBytes else { throw refuse("bad host '\(hostPart)' in the \(role) '\(url)': letters, digits, '-', '.' only") }
        host = hostPart.lowercased()
    }

    /// True for this machine's loopback, decided on the parsed address (127.0.0.0/8, `::1` in
    /// any spelling, `localhost`), never on a text prefix: traffic that never leaves the machine.
    public var isLoopback: Bool { HostAddress.isLoopback(host) }

    /// `host[:port]`, bracketed for IPv6: the part of a key or a file name that names the venue.
    public var hostAndPort: String {
        (host.contains(":") ? "[\(host)]" : host) + (port.map { ":\($0)" } ?? "")
    }

    /// The HTTP base on the same host and port: `https://host[:port]` or `http://…`.
    public var httpBase: String {
        (secure ? "https://" : "http://") + hostAndPort
    }
}
