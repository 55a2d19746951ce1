import LighterProtocol
import LighterSigner

/// Everything a simulator run is told: where it listens, its markets, its clock rates, auth,
/// faults and who may use its control API.
public struct SimulatorConfiguration: Sendable {
    /// The address the server binds: loopback by default; another address also changes who may use
    /// the control API (see `effectiveControlAccess`).
    public var host: String = "127.0.0.1"
    /// The bearer token the control API demands (`--control-token`); nil for none.
    public var controlToken: String?
    /// Who may use the control API; nil decides from `host` and `controlToken`
    /// (`ControlAccess.decide`). Tests set it to serve a non-loopback decision on loopback.
    public var controlAccess: ControlAccess?
    /// 0 picks a free port.
    public var port: Int = 0
    /// The markets listed and traded.
    public var markets: [SimMarket]
    /// Seeds the synthetic books and flows, so that two runs with one seed move alike.
    public var seed: UInt64 = 42
    /// Order-book updates per second per market.
    public var updatesPerSecond: Int = 5
    /// App-level `{"type":"ping"}` period; nil sends none (the 2026 venue relies on clients).
    public var serverPingInterval: Duration? = .seconds(30)
    /// How long after a server ping a client has to answer before a 1008 "no pong" close.
    public var pongTimeout: Duration = .seconds(10)
    /// A connection that sends nothing for this long is closed, like the venue's 2-minute rule.
    public var idleTimeout: Duration = .seconds(120)
    /// How auth tokens and transaction signatures are checked.
    public var authMode: SimulatorAuthMode = .verified
    /// Public keys the venue knows, by account and key index (the account script's own key is
    /// added at start).
    public var apiKeys: [APIKeyID: LighterPublicKey] = [:]
    /// An account the simulator trades by itself from the start, if any.
    public var accountScript: AccountScriptSettings?
    /// The faults in force; shared, so that changes while running take effect at once.
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

    /// Defaults everywhere but the markets (ETH, BTC and SOL unless given) and the faults.
    public init(markets: [SimMarket] = SimMarket.defaults(symbols: ["ETH", "BTC", "SOL"]),
                faults: FaultSwitchboard = FaultSwitchboard()) {
        self.markets = markets
        self.faults = faults
    }
}
