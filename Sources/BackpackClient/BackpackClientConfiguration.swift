import StreamKit

/// Everything the Backpack client needs to know; defaults follow the venue's rules
/// (backpack-protocol.md §5, §6).
public struct BackpackClientConfiguration: Sendable {
    /// The venue's one stream URL for every market, public and private.
    public static let mainnetURL = "wss://ws.backpack.exchange"
    /// The venue's REST base.
    public static let mainnetRESTURL = "https://api.backpack.exchange"

    /// The stream URL.
    public var url: String
    /// REST base (`https://host`); the stream's host when it is loopback (the simulator serves
    /// both on one port), else the venue's.
    public var restURL: String?
    /// The market followed: `ETH_USDC_PERP`.
    public var symbol: String
    /// Allow plain ws:// and http:// to a host that is not loopback.
    public var insecure = false
    /// `X-Window` of signed requests and of the private subscribe (the venue allows at most 60 s).
    public var windowMs: Int64 = 5_000
    /// The WebSocket ping period (the server pings every 60 s and wants a pong within 120 s;
    /// the layer answers those by itself).
    public var pingInterval: Duration = .seconds(30)
    /// With nothing received for this long the socket is taken for dead and replaced.
    public var silenceTimeout: Duration = .seconds(60)
    /// A public stream with no data this long after subscribing is reported unconfirmed (the
    /// venue answers an unknown symbol with silence).
    public var confirmTimeout: Duration = .seconds(10)
    /// The first reconnect delay; it doubles up to `backoffMax`, with jitter.
    public var backoffInitial: Duration = .milliseconds(250)
    /// The longest reconnect delay.
    public var backoffMax: Duration = .seconds(30)
    /// A session that lived this long counts as healthy: the backoff starts over.
    public var healthySession: Duration = .seconds(10)
    /// Period of the INFO health line; nil for none.
    public var healthInterval: Duration? = .seconds(60)
    /// Levels asked for in a depth snapshot (the venue's largest `limit`).
    public var depthLimit = 1000
    /// Depth updates kept while a snapshot is on its way; more means the snapshot is refetched.
    public var depthBufferLimit = 10_000
    /// Fills asked for in one page of `/wapi/v1/history/fills` (the venue allows 1-1000).
    public var reconcilePageLimit = 1000
    /// Pages read in one reconciliation at most; the next one goes on from where it stopped.
    public var reconcileMaxPages = 50
    /// When REST is asked for what the streams may have missed, and how its finds are judged.
    public var reconcile = ReconcileSchedule()
    /// When the client says it is blind (no fill source alive), and whether it stops then.
    public var blindness = BlindnessPolicy()
    /// For a new journal only: report fills from this venue time (ms) on, instead of from the
    /// account's newest fill.
    public var since: Int64?
    /// For a new journal: how long the venue has to say where the account's fills end before the
    /// venue's clock marks the start instead (the stream waits for this).
    public var originLookupTimeout: Duration = .seconds(3)
    /// The largest frame accepted.
    public var maxFrameSize = 16 << 20
    /// Our own request rate, kept below the venue's 2000 a minute per account.
    public var rateLimit = RateLimitPolicy()

    /// Follows `symbol` on `url`.
    public init(url: String = BackpackClientConfiguration.mainnetURL, symbol: String) {
        self.url = url
        self.symbol = symbol
    }

    /// Why a configuration cannot be used.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// What is wrong with it.
        public var description: String
    }

    /// The stream URL, checked: scheme, host and port.
    public func endpoint() throws(Problem) -> VenueEndpoint {
        let endpoint: VenueEndpoint
        do { endpoint = try VenueEndpoint(parsing: url, schemes: ("wss", "ws"), role: "stream URL") } catch {
            throw Problem(description: error.description)
        }
        if !endpoint.secure && !insecure && !endpoint.isLoopback {
            throw Problem(description: "refusing plain ws:// to \(endpoint.host): use wss://, or --insecure if you mean it")
        }
        return endpoint
    }

    /// The REST base: `restURL`, else the venue's for the venue's stream, else the stream's own
    /// host and port (the simulator serves both on one).
    public func restBase() throws(Problem) -> String {
        guard let restURL else {
            let stream = try endpoint()
            return stream.host == "ws.backpack.exchange" ? Self.mainnetRESTURL : stream.httpBase
        }
        let rest: VenueEndpoint
        do { rest = try VenueEndpoint(parsing: restURL, schemes: ("https", "http"), role: "REST URL") } catch {
            throw Problem(description: error.description)
        }
        if !rest.secure && !insecure && !rest.isLoopback {
            throw Problem(description: "refusing plain http:// to \(rest.host): use https://, or --insecure if you mean it")
        }
        return rest.httpBase
    }
}

/// How fast we send REST requests: a token bucket well under the venue's limit, and the
/// retries a 429 or a clock error earns.
public struct RateLimitPolicy: Sendable, Hashable {
    /// Requests a minute on average (the venue allows 2000 per account).
    public var requestsPerMinute = 1_200
    /// Requests that may go at once after a quiet spell.
    public var burst = 20
    /// Attempts of one request that meets 429 (the first included).
    public var attempts = 4
    /// The first pause after a 429; it doubles each time, up to `maximumPause`.
    public var initialPause: Duration = .milliseconds(500)
    /// The longest pause between attempts.
    public var maximumPause: Duration = .seconds(20)

    /// The defaults.
    public init() {}
}
