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

    /// Parses `url` whose scheme must be `schemes.secure` or `schemes.plain` (`wss`/`ws`,
    /// `https`/`http`).
    public init(parsing url: String, schemes: (secure: String, plain: String)) throws(ParseError) {
        let rest: Substring
        if url.hasPrefix(schemes.secure + "://") {
            secure = true
            rest = url.dropFirst(schemes.secure.count + 3)
        } else if url.hasPrefix(schemes.plain + "://") {
            secure = false
            rest = url.dropFirst(schemes.plain.count + 3)
        } else {
            throw ParseError(description: "the URL must start with \(schemes.secure):// or \(schemes.plain)://, got '\(url)'")
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let tail = rest.dropFirst(authority.count)
        path = tail.hasPrefix("/") ? String(tail) : "/" + tail
        guard !authority.contains("@") else { throw ParseError(description: "user info is not allowed in '\(url)'") }
        var hostPart = authority
        var portText: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw ParseError(description: "bad IPv6 host in '\(url)'") }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw ParseError(description: "bad IPv6 host in '\(url)'")
            }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portText = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { throw ParseError(description: "bad port in '\(url)'") }
            port = value
        } else {
            port = nil
        }
        guard !hostPart.isEmpty else { throw ParseError(description: "no host in '\(url)'") }
        host = hostPart.lowercased()
    }

    /// True for `localhost`, `::1` and 127.0.0.0/8: traffic that never leaves the machine.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || (host.hasPrefix("127.") && host.split(separator: ".").count == 4
            && host.split(separator: ".").allSatisfy { UInt8($0) != nil })
    }

    /// `host[:port]`, bracketed for IPv6: the part of a key or a file name that names the venue.
    public var hostAndPort: String {
        (host.contains(":") ? "[\(host)]" : host) + (port.map { ":\($0)" } ?? "")
    }

    /// The HTTP base on the same host and port: `https://host[:port]` or `http://…`.
    public var httpBase: String {
        (secure ? "https://" : "http://") + hostAndPort
    }
}
