import Foundation
import LighterProtocol

/// Where the account script trades.
public struct BackpackScriptSettings: Sendable, Hashable {
    /// The market, as `ETH_USDC_PERP`.
    public var symbol: String
    /// Milliseconds between its steps.
    public var intervalMs: Int64
    /// The API key (base64 public key) of the account it trades as, so that a client holding
    /// that key sees its fills; nil: an account of its own (`BackpackExchange.scriptAccount`).
    public var account: String?

    /// Creates a value from its parts.
    public init(symbol: String = "ETH_USDC_PERP", intervalMs: Int64 = 1_500, account: String? = nil) {
        self.symbol = symbol
        self.intervalMs = intervalMs
        self.account = account
    }
}

/// How a Backpack simulator runs.
public struct BackpackSimulatorConfiguration: Sendable {
    /// The address to listen on.
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 0
    /// The markets, in listing order.
    public var markets: [BackpackSimMarket]
    /// Seed of the random walks.
    public var seed: UInt64 = 42
    /// Book steps per market per second (each usually publishes a depth update).
    public var updatesPerSecond = 5
    /// WebSocket Ping period; a connection that has not answered the previous ping when the
    /// next is due is closed (the venue: a ping every 60 s, closed after 120 s without a pong).
    public var pingInterval: Duration = .seconds(60)
    /// Requests per account per minute before 429 (the venue's 2000 per subaccount).
    public var requestsPerMinute = 2_000
    /// USDC a new account starts with.
    public var startingCollateral: FixedDecimal = 100_000
    /// The self-trading account, if any.
    public var accountScript: BackpackScriptSettings?
    /// The faults in force.
    public var faults: BackpackFaultSwitchboard
    /// The server's clock in Unix milliseconds: the signing window, `/api/v1/time` and every
    /// timestamp come from it. Tests that replay fixed vectors set it.
    public var clock: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
    /// Largest client frame accepted.
    public var maxFrameSize = 1 << 20

    /// Creates a value from its parts.
    public init(markets: [BackpackSimMarket] = BackpackSimMarket.defaults(),
                faults: BackpackFaultSwitchboard = BackpackFaultSwitchboard()) {
        self.markets = markets
        self.faults = faults
    }
}
