import BackpackClient
import BackpackProtocol
import HedgeEngine
import LighterClient
import LighterSigner

/// Everything a hedge run needs to start: both venues' endpoints and keys, the market, the
/// engine's settings and where the ledger lives. Values only: `HedgeRun.prepare` asks the venues
/// for the rest.
public struct HedgeRunPlan: Sendable {
    /// The base asset (`ETH`): Lighter's perp market of that symbol, Backpack's `ETH_USDC_PERP`.
    public var ticker: String
    /// The Lighter stream (`wss://…/stream`); the REST base is derived from it unless given.
    public var lighter: StreamClientConfiguration
    /// The Lighter account's index.
    public var lighterAccount: Int64
    /// The index of the API key that signs for the account.
    public var lighterAPIKeyIndex: Int
    /// That API key's private key: it signs the auth tokens and the orders.
    public var lighterKey: LighterPrivateKey
    /// Lighter's chain id (304 mainnet).
    public var chainID: UInt32 = 304
    /// The Backpack stream; its `symbol` is set from `ticker`.
    public var backpack: BackpackClientConfiguration
    /// The Backpack API key.
    public var backpackKey: BackpackSigner
    /// The engine's settings.
    public var configuration: HedgeConfiguration
    /// The SQLite ledger; the venues' fill journals sit beside it.
    public var ledgerPath: String
    /// How durable each ledger commit is.
    public var durability: LedgerDurability = .full
    /// How often the engine looks at ages and budgets.
    public var tick: Duration = .milliseconds(100)
    /// How often each venue's position is read to check the ledger against; nil for never.
    public var positionInterval: Duration? = .seconds(30)

    /// A plan for `ticker` with the venues' default settings.
    public init(ticker: String, lighter: StreamClientConfiguration, lighterAccount: Int64, lighterAPIKeyIndex: Int,
                lighterKey: LighterPrivateKey, backpack: BackpackClientConfiguration, backpackKey: BackpackSigner,
                configuration: HedgeConfiguration, ledgerPath: String) {
        self.ticker = ticker
        self.lighter = lighter
        self.lighterAccount = lighterAccount
        self.lighterAPIKeyIndex = lighterAPIKeyIndex
        self.lighterKey = lighterKey
        self.backpack = backpack
        self.backpackKey = backpackKey
        self.configuration = configuration
        self.ledgerPath = ledgerPath
    }

    /// Backpack's perp market for the ticker.
    public var backpackSymbol: String { "\(ticker.uppercased())_USDC_PERP" }

    /// Where the Lighter client journals its fills: beside the ledger, for this ledger only.
    public var lighterJournalPath: String { ledgerPath + ".lighter-fills.jsonl" }

    /// Where the Backpack client journals its fills.
    public var backpackJournalPath: String { ledgerPath + ".backpack-fills.jsonl" }
}
