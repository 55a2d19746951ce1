import LighterProtocol
import LighterSigner

/// An account whose orders the simulator places by itself, so that fills happen with no client.
public struct AccountScriptSettings: Sendable, Hashable {
    /// The account the script trades for.
    public var account: Int64
    /// The key slot the script signs with.
    public var apiKeyIndex: Int
    /// The market it trades.
    public var market: Int
    /// Milliseconds between scripted orders.
    public var intervalMs: Int64

    /// The script trades through its own key slot (1 by default), so that a client using key 0
    /// on the same account keeps its key and its nonces.
    public init(account: Int64, apiKeyIndex: Int = 1, market: Int = 0, intervalMs: Int64 = 1500) {
        self.account = account; self.apiKeyIndex = apiKeyIndex; self.market = market; self.intervalMs = intervalMs
    }
}
