import StreamKit
import LighterProtocol

/// Everything the stream client needs to know; defaults follow the venue's rules.
public struct StreamClientConfiguration: Sendable {
    /// The venue's mainnet stream, the default `url`.
    public static let mainnetURL = "wss://mainnet.zklighter.elliot.ai/stream"

    /// The stream's URL: `wss://`, or `ws://` to a loopback host (see `endpoint()`).
    public var url: String
    /// REST base (`https://host`); derived from `url` when nil.
    public var restURL: String?
    /// The market index whose book (and the account's orders in it) is followed.
    public var market: Int
    /// The account whose orders and fills are followed; nil follows only the book.
    public var account: Int64?
    /// The API key the auth tokens are minted for (0-254).
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
    /// The first reconnect's delay step; it doubles per failed attempt (with jitter) ...
    public var backoffInitial: Duration = .milliseconds(250)
    /// ... up to this.
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
    /// When REST is asked for what the streams may have missed, and how its finds are judged.
    public var reconcile = ReconcileSchedule()
    /// When the client says it is blind (no fill source alive), and whether it stops then.
    public var blindness = BlindnessPolicy()
    /// Report each of the market's orders as frames and REST lists show them (`StreamEvent.order`,
    /// after the order's fills): what an order-placing caller needs to learn its orders' fate.
    public var reportOrders = false
    /// A token that expires sooner than this counts as a failed fetch.
    public var tokenMinimumRemaining: Duration = .seconds(5)
    /// For a new journal only: report fills from this venue time (ms) on, instead of from now.
    public var since: Int64?
    /// The largest message taken from the venue, in bytes; a larger one ends the connection.
    public var maxFrameSize = 16 << 20

    /// A configuration for `market` (and `account`, if given) on `url`, every other setting at its default.
    public init(url: String = StreamClientConfiguration.mainnetURL, market: Int, account: Int64? = nil) {
        self.url = url
        self.market = market
        self.account = account
    }

    /// Why a configuration cannot be used.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// What is wrong, in one line.
        public var description: String
    }

    /// Scheme, host, port and path (with any query) of `url`, checked: `wss://`, or `ws://`
    /// only to a loopback host (see `isLoopback`) unless `insecure`.
    public func endpoint() throws(Problem) -> VenueEndpoint {
        let parsed = try Self.parse(url, role: "stream URL", schemes: ("wss", "ws"))
        if !parsed.secure && !insecure && !parsed.isLoopback {
            throw Problem(description: "refusing plain ws:// to \(parsed.host) ('\(url)' is not a loopback address): use wss://, or --insecure if you mean it")
        }
        return parsed
    }

    /// Whether `host` is this machine's loopback, decided on the parsed address (127.0.0.0/8,
    /// `::1` in any spelling, `localhost`), never on a text prefix.
    public static func isLoopback(_ host: String) -> Bool {
        HostAddress.isLoopback(host)
    }

    /// The REST base URL: `restURL` (held to the stream's rule: `https://`, or `http://` only to
    /// a loopback host unless `insecure`), else the stream URL's scheme and host.
    public func restBase() throws(Problem) -> String {
        if let restURL {
            let parsed = try Self.parse(restURL, role: "REST URL", schemes: ("https", "http"))
            guard !parsed.path.contains("?") else {
                throw Problem(description: "the REST URL '\(restURL)' has a query; give the base alone, like https://host[:port]")
            }
            if !parsed.secure && !insecure && !parsed.isLoopback {
                throw Problem(description: "refusing plain http:// REST to \(parsed.host) ('\(restURL)' is not a loopback address): use https://, or --insecure if you mean it")
            }
            let path = parsed.path.hasSuffix("/") ? String(parsed.path.dropLast()) : parsed.path
            return parsed.httpBase + path
        }
        return try endpoint().httpBase
    }

    /// `url` read by the venues' one URL parser, its refusal as this configuration's problem.
    private static func parse(_ url: String, role: String, schemes: (secure: String, plain: String)) throws(Problem) -> VenueEndpoint {
        do { return try VenueEndpoint(parsing: url, schemes: schemes, role: role) } catch {
            throw Problem(description: error.description)
        }
    }
}
