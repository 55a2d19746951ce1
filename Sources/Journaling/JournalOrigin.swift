/// The first mark of a journal: fills are reported from `originMs` on (venue time), never one
/// from before it.
public struct JournalOrigin: Sendable, Hashable, Codable {
    /// How the origin was chosen.
    public enum Basis: String, Sendable, Hashable, Codable {
        /// Just after the newest order or trade the venue listed for the account.
        case venue
        /// The local clock: the venue could not be asked (no token, REST down).
        case clock
        /// Set further back on purpose (`--since`).
        case since
    }
    /// `origin`: tells an origin mark from a fill, whose line has no `kind`.
    public var kind = "origin"
    /// The account's index (0 on a venue that has none: see `accountKey`).
    public var account: Int64
    /// The market's id (0 on a venue that names markets: see `symbol`).
    public var market: Int
    /// The market's name, on a venue that names markets (`ETH_USDC_PERP`).
    public var symbol: String?
    /// The account's public API key, on a venue whose accounts are known by their keys.
    public var accountKey: String?
    /// Venue milliseconds: an order or trade at or after this time is news.
    public var originMs: Int64
    /// Local clock when the journal was created.
    public var createdMs: Int64
    /// How `originMs` was chosen.
    public var basis: Basis

    /// An origin; `symbol` and `accountKey` only on venues that name markets and accounts.
    public init(account: Int64, market: Int, originMs: Int64, createdMs: Int64, basis: Basis,
                symbol: String? = nil, accountKey: String? = nil) {
        self.account = account; self.market = market; self.originMs = originMs
        self.createdMs = createdMs; self.basis = basis; self.symbol = symbol; self.accountKey = accountKey
    }
}
