import LighterProtocol

/// Everything the stream client needs to know; defaults follow the venue's rules.
public struct StreamClientConfiguration: Sendable {
    public static let mainnetURL = "wss://mainnet.zklighter.elliot.ai/stream"

    public var url: String
    /// REST base (`https://host`); derived from `url` when nil.
    public var restURL: String?
    public var market: Int
    /// The account whose orders and fills are followed; nil follows only the book.
    public var account: Int64?
    public var apiKeyIndex: Int = 0
    /// Also subscribe `account_all_trades/{account}`: a second fill source.
    public var subscribeAccountTrades = true
    /// Allow plain ws:// to a host that is not loopback.
    public var insecure = false
    /// App-level `{"type":"ping"}` period (also the WebSocket ping period); the venue wants a
    /// frame at least every 2 minutes.
    public var pingInterval: Duration = .seconds(30)
    /// With nothing received for this long the socket is taken for dead and replaced.
    public var silenceTimeout: Duration = .seconds(60)
    /// How long a subscription may stay unanswered before it is reported unconfirmed.
    public var confirmTimeout: Duration = .seconds(10)
    public var backoffInitial: Duration = .milliseconds(250)
    public var backoffMax: Duration = .seconds(30)
    /// A session that lived this long counts as healthy: the backoff starts over.
    public var healthySession: Duration = .seconds(10)
    /// The lifetime assumed for a minted token when its deadline cannot be read.
    public var tokenLifetime: Duration = .seconds(7 * 3600)
    /// Private channels are re-subscribed with a fresh token this long before it expires.
    public var tokenRefreshMargin: Duration = .seconds(3600)
    /// After a failed refresh, how long until the next try (the held token is kept meanwhile).
    public var tokenRetryInterval: Duration = .seconds(30)
    /// Period of the INFO health line; nil for none.
    public var healthInterval: Duration? = .seconds(60)
    /// Orders asked for in one page of accountInactiveOrders (the venue allows 1-100).
    public var reconcileLimit = 100
    /// Reconciliation pages at most this many pages back (100 orders each) in one go.
    public var reconcileMaxPages = 1000
    /// REST reconciliation runs this often while the account has open orders, recent activity
    /// or no confirmed account channel, so that a channel that goes silent loses nothing.
    public var reconcileActiveInterval: Duration = .seconds(5)
    /// ... and this often otherwise.
    public var reconcileIdleInterval: Duration = .seconds(60)
    /// How far before the last reconciled moment a reconciliation pages back: covers a venue
    /// clock that differs from ours and orders that finish out of order.
    public var reconcileOverlap: Duration = .seconds(60)
    /// A fill found only through REST counts as an account-stream gap when it is older than
    /// this (a younger one may simply not have reached the socket yet).
    public var streamGrace: Duration = .seconds(2)
    /// With no fill source alive this long, the client is blind: it says so, and repeats it
    /// every `blindRepeat` while it lasts.
    public var blindAfter: Duration = .seconds(10)
    public var blindRepeat: Duration = .seconds(10)
    /// Report each of the market's orders as frames and REST lists show them (`StreamEvent.order`,
    /// after the order's fills): what an order-placing caller needs to learn its orders' fate.
    public var reportOrders = false
    /// Stop the run (throwing `StreamClientFailure.blind`) as soon as the client is blind.
    public var exitOnBlind = false
    /// A token that expires sooner than this counts as a failed fetch.
    public var tokenMinimumRemaining: Duration = .seconds(5)
    /// For a new journal only: report fills from this venue time (ms) on, instead of from now.
    public var since: Int64?
    public var maxFrameSize = 16 << 20

    public init(url: String = StreamClientConfiguration.mainnetURL, market: Int, account: Int64? = nil) {
        self.url = url
        self.market = market
        self.account = account
    }

    /// Why a configuration cannot be used.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Scheme, host and port of `url`, checked.
    public func endpoint() throws(Problem) -> (secure: Bool, host: String, port: Int?, path: String) {
        let secure: Bool
        let rest: Substring
        if url.hasPrefix("wss://") { secure = true; rest = url.dropFirst(6) }
        else if url.hasPrefix("ws://") { secure = false; rest = url.dropFirst(5) }
        else { throw Problem(description: "the stream URL must start with wss:// or ws://, got '\(url)'") }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let path = String(rest.dropFirst(authority.count))
        var host = String(authority)
        var port: Int?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw Problem(description: "bad IPv6 host in '\(url)'") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") { port = Int(after.dropFirst()) }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let value = Int(host[host.index(after: colon)...]), (1...65535).contains(value) else {
                throw Problem(description: "bad port in '\(url)'")
            }
            port = value
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw Problem(description: "no host in '\(url)'") }
        if !secure && !insecure && !Self.isLoopback(host) {
            throw Problem(description: "refusing plain ws:// to \(host): use wss://, or --insecure if you mean it")
        }
        return (secure, host, port, path.isEmpty ? "/" : path)
    }

    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The REST base URL: `restURL`, else the stream URL's scheme and host.
    public func restBase() throws(Problem) -> String {
        if let restURL { return restURL.hasSuffix("/") ? String(restURL.dropLast()) : restURL }
        let (secure, host, port, _) = try endpoint()
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return (secure ? "https://" : "http://") + shownHost + (port.map { ":\($0)" } ?? "")
    }
}
