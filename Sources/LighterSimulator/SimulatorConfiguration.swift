import LighterProtocol
import LighterSigner

/// How the simulator checks auth tokens and transaction signatures.
public enum SimulatorAuthMode: String, Sendable, CaseIterable {
    /// As the venue: tokens and transactions must be signed by a registered API key.
    case verified
    /// Format, 8-hour window and account binding are checked, signatures are not. Only for
    /// clients that cannot sign; named so that nobody mistakes it for the venue.
    case unverifiedSignatures = "unverified-signatures"
}

/// An account whose orders the simulator places by itself, so that fills happen with no client.
public struct AccountScriptSettings: Sendable, Hashable {
    public var account: Int64
    public var apiKeyIndex: Int
    public var market: Int
    /// Milliseconds between scripted orders.
    public var intervalMs: Int64

    /// The script trades through its own key slot (1 by default), so that a client using key 0
    /// on the same account keeps its key and its nonces.
    public init(account: Int64, apiKeyIndex: Int = 1, market: Int = 0, intervalMs: Int64 = 1500) {
        self.account = account; self.apiKeyIndex = apiKeyIndex; self.market = market; self.intervalMs = intervalMs
    }
}

/// Everything a simulator run is told: where it listens, its markets, its clock rates, auth,
/// faults and who may use its control API.
public struct SimulatorConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// The bearer token the control API demands (`--control-token`); nil for none.
    public var controlToken: String?
    /// Who may use the control API; nil decides from `host` and `controlToken`
    /// (`ControlAccess.decide`). Tests set it to serve a non-loopback decision on loopback.
    public var controlAccess: ControlAccess?
    /// 0 picks a free port.
    public var port: Int = 0
    public var markets: [SimMarket]
    public var seed: UInt64 = 42
    /// Order-book updates per second per market.
    public var updatesPerSecond: Int = 5
    /// App-level `{"type":"ping"}` period; nil sends none (the 2026 venue relies on clients).
    public var serverPingInterval: Duration? = .seconds(30)
    /// How long after a server ping a client has to answer before a 1008 "no pong" close.
    public var pongTimeout: Duration = .seconds(10)
    /// A connection that sends nothing for this long is closed, like the venue's 2-minute rule.
    public var idleTimeout: Duration = .seconds(120)
    public var authMode: SimulatorAuthMode = .verified
    /// Public keys the venue knows, by account and key index (the account script's own key is
    /// added at start).
    public var apiKeys: [APIKeyID: LighterPublicKey] = [:]
    public var accountScript: AccountScriptSettings?
    public var faults: FaultSwitchboard
    /// Send every order of the account and market in each account update, not just the one
    /// that changed (the venue is not documented either way; clients must cope with both).
    public var fullSetAccountUpdates = false
    /// Largest client frame accepted; larger ones close the connection.
    public var maxFrameSize: Int = 1 << 20
    /// Which account channels need an auth token where the venue is not documented.
    public var authRules = ChannelAuthRules()
    /// The USDC every account starts with; realized PnL moves it from there.
    public var startingCollateral: FixedDecimal = 100_000
    /// How often `market_stats` and `user_stats` subscribers get a fresh frame (they also get
    /// one at once when the account fills).
    public var statsInterval: Duration = .seconds(1)
    /// Called with each text frame just before it is written to a client's socket: for
    /// benchmarks that time a client from the moment a frame leaves.
    package var frameWritten: (@Sendable (String) -> Void)?

    /// `controlAccess`, or the decision for `host` and `controlToken`.
    public var effectiveControlAccess: ControlAccess {
        controlAccess ?? ControlAccess.decide(host: host, token: controlToken)
    }

    public init(markets: [SimMarket] = SimMarket.defaults(symbols: ["ETH", "BTC", "SOL"]),
                faults: FaultSwitchboard = FaultSwitchboard()) {
        self.markets = markets
        self.faults = faults
    }
}
