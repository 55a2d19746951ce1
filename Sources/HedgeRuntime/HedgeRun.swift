import BackpackClient
import BackpackProtocol
import Foundation
import HedgeEngine
import Journaling
import LighterClient
import LighterProtocol
import Logging

/// One hedge run, wired: Backpack as the maker venue, Lighter as the hedge venue, both
/// followed by their exactly-once stream clients with fill journals beside the ledger, and the
/// engine deciding. `prepare` asks the venues for their markets and opens the files; `run`
/// goes until the engine is done or stopped.
///
/// The journals belong to the ledger: a journal without its ledger (or the other way round)
/// is refused, since the fills it holds would be taken for news, or fills made while the bot
/// was down for nothing.
public final class HedgeRun: Sendable {
    /// The engine, for its status and a stop.
    public let engine: HedgeEngine
    /// The run's ledger, for a report during or after the run.
    public let ledger: HedgeLedger
    /// The Lighter perp market hedged on, as Lighter described it.
    public let lighterMarket: MarketInfo
    /// The Backpack perp market quoted on, as Backpack described it.
    public let backpackMarket: BackpackMarket
    let lighterVenue: LighterHedgeVenue
    let backpackVenue: BackpackMakerVenue
    let lighterClient: LighterStreamClient
    let backpackClient: BackpackStreamClient
    let tick: Duration
    let logger: Logger

    init(engine: HedgeEngine, ledger: HedgeLedger, lighterMarket: MarketInfo, backpackMarket: BackpackMarket,
         lighterVenue: LighterHedgeVenue, backpackVenue: BackpackMakerVenue, lighterClient: LighterStreamClient,
         backpackClient: BackpackStreamClient, tick: Duration, logger: Logger) {
        self.engine = engine; self.ledger = ledger; self.lighterMarket = lighterMarket; self.backpackMarket = backpackMarket
        self.lighterVenue = lighterVenue; self.backpackVenue = backpackVenue; self.lighterClient = lighterClient
        self.backpackClient = backpackClient; self.tick = tick; self.logger = logger
    }

    /// Asks both venues for the ticker's perp markets, opens the ledger and the journals, and
    /// builds the venues and the engine. Nothing is sent yet.
    ///
    /// - Parameters:
    ///   - logger: the stream clients' log (the guide's lines) and the run's own.
    ///   - onAlert: the engine's alerts, as raised.
    ///   - onStep: each event that changed something, with what the engine decided.
    public static func prepare(_ plan: HedgeRunPlan, logger: Logger,
                               onAlert: @escaping @Sendable (EngineAlert) -> Void = { _ in },
                               onStep: (@Sendable (EngineEvent, EngineReaction) -> Void)? = nil) async throws(HedgeRunError) -> HedgeRun {
        var lighterConfiguration = plan.lighter
        var backpackConfiguration = plan.backpack
        backpackConfiguration.symbol = plan.backpackSymbol
        let restBase: String
        do { restBase = try lighterConfiguration.restBase() } catch { throw HedgeRunError("Lighter: \(error)") }
        let rest = LighterREST(baseURL: restBase)
        let markets: [MarketInfo]
        do { markets = try await rest.markets() } catch { throw HedgeRunError("Lighter: cannot list markets at \(restBase): \(error)") }
        guard let lighterMarket = markets.first(where: { $0.symbol.uppercased() == plan.ticker.uppercased() && !$0.isSpot }) else {
            throw HedgeRunError("Lighter at \(restBase) has no perp market \(plan.ticker.uppercased())")
        }
        lighterConfiguration.market = lighterMarket.id
        lighterConfiguration.account = plan.lighterAccount
        lighterConfiguration.apiKeyIndex = plan.lighterAPIKeyIndex
        lighterConfiguration.reportOrders = true

        try checkJournals(plan)
        let backpackJournal: BackpackFillJournal
        let lighterJournal: FillJournal
        do {
            backpackJournal = try BackpackFillJournal(path: plan.backpackJournalPath)
        } catch { throw HedgeRunError("Backpack fill journal: \(error)") }
        do {
            lighterJournal = try FillJournal(path: plan.lighterJournalPath)
        } catch {
            backpackJournal.close()
            throw HedgeRunError("Lighter fill journal: \(error)")
        }
        let backpackClient: BackpackStreamClient
        do {
            backpackClient = try BackpackStreamClient(configuration: backpackConfiguration, signer: plan.backpackKey,
                                                      journal: backpackJournal, logger: logger)
        } catch { throw HedgeRunError("Backpack: \(error)") }
        let backpackMarket: BackpackMarket
        do { backpackMarket = try await backpackClient.rest.market(symbol: plan.backpackSymbol) } catch {
            throw HedgeRunError("Backpack: cannot read market \(plan.backpackSymbol) at \(backpackClient.rest.baseURL): \(error)")
        }
        let tokens: SignerTokenProvider
        do {
            tokens = try SignerTokenProvider(privateKey: plan.lighterKey, account: plan.lighterAccount,
                                             apiKeyIndex: plan.lighterAPIKeyIndex)
        } catch { throw HedgeRunError("Lighter auth token: \(error)") }
        let lighterClient = LighterStreamClient(configuration: lighterConfiguration, tokens: tokens, journal: lighterJournal,
                                                logger: logger)
        // Hedges go out on the stream client's open socket (REST while it is down).
        let trader = LighterTrader(rest: rest, privateKey: plan.lighterKey, account: plan.lighterAccount,
                                   apiKeyIndex: plan.lighterAPIKeyIndex, chainId: plan.chainID, socket: lighterClient)
        let lighterVenue: LighterHedgeVenue
        let backpackVenue: BackpackMakerVenue
        do {
            lighterVenue = try LighterHedgeVenue(market: lighterMarket, trader: trader, replay: lighterJournal.contents.fills,
                                                 positionInterval: plan.positionInterval)
            backpackVenue = try BackpackMakerVenue(market: backpackMarket, rest: backpackClient.rest,
                                                   windowMs: backpackConfiguration.windowMs,
                                                   replay: backpackJournal.contents.fills, positionInterval: plan.positionInterval)
        } catch { throw HedgeRunError(error.description) }
        let ledger: HedgeLedger
        do {
            ledger = try HedgeLedger(path: plan.ledgerPath, maker: VenueMarket(venue: backpackVenue.name, symbol: backpackMarket.symbol),
                                     hedge: VenueMarket(venue: lighterVenue.name, symbol: lighterMarket.symbol),
                                     durability: plan.durability)
        } catch { throw HedgeRunError("\(error)") }
        var configuration = plan.configuration
        // Both adapters read their venue's position when asked to: no quote before they agree.
        configuration.checkPositionsFirst = plan.positionInterval != nil
        if let problem = plan.configuration.problem(maker: backpackVenue.rules, hedge: lighterVenue.rules) {
            throw HedgeRunError(problem)
        }
        let engine: HedgeEngine
        do {
            engine = try HedgeEngine(configuration: configuration, maker: backpackVenue, hedge: lighterVenue, ledger: ledger,
                                     onAlert: onAlert, onStep: onStep)
        } catch { throw HedgeRunError("\(error)") }
        return HedgeRun(engine: engine, ledger: ledger, lighterMarket: lighterMarket, backpackMarket: backpackMarket,
                        lighterVenue: lighterVenue, backpackVenue: backpackVenue, lighterClient: lighterClient,
                        backpackClient: backpackClient, tick: plan.tick, logger: logger)
    }

    /// A journal is kept for one ledger: both exist, or neither.
    static func checkJournals(_ plan: HedgeRunPlan) throws(HedgeRunError) {
        let files = FileManager.default
        let ledgerExists = files.fileExists(atPath: plan.ledgerPath)
        for journal in [plan.lighterJournalPath, plan.backpackJournalPath] where files.fileExists(atPath: journal) != ledgerExists {
            throw ledgerExists
                ? HedgeRunError("the ledger \(plan.ledgerPath) exists but its fill journal \(journal) does not: fills made while the bot was down cannot be found; restore the journal, or start a new ledger")
                : HedgeRunError("the fill journal \(journal) exists without its ledger \(plan.ledgerPath): its fills would be hedged again; restore the ledger, or remove the journal")
        }
    }

    /// Follows both venues and runs the engine until it is done or stopped. A venue client that
    /// fails for good (its journal cannot be written) asks the engine to stop, and the run ends
    /// with that failure once the engine has.
    public func run() async throws(HedgeRunError) {
        let engine = self.engine
        let logger = self.logger
        /// A follower's answer is why its client stopped for good, or nil.
        func follow(_ name: String, _ body: @escaping @Sendable () async throws -> Void) -> Task<String?, Never> {
            Task {
                do { try await body() } catch {
                    guard !Task.isCancelled else { return nil }
                    logger.critical("\(name) client stopped (\(error)): stopping the engine")
                    engine.requestStop()
                    return "\(name): \(error)"
                }
                return nil
            }
        }
        let lighterVenue = self.lighterVenue, lighterClient = self.lighterClient
        let backpackVenue = self.backpackVenue, backpackClient = self.backpackClient
        let followers = [
            follow("Lighter") { try await lighterVenue.follow(lighterClient) },
            follow("Backpack") { try await backpackVenue.follow(backpackClient) },
        ]
        let outcome: Result<Void, HedgeEngineError>
        do { try await engine.run(tick: tick); outcome = .success(()) } catch { outcome = .failure(error) }
        var failures: [String] = []
        for follower in followers {
            follower.cancel()
            if let failed = await follower.value { failures.append(failed) }
        }
        if case .failure(let error) = outcome { throw HedgeRunError("\(error)") }
        if let failed = failures.first { throw HedgeRunError(failed) }
    }

    /// Asks the engine to stop cleanly: cancel the quote, hedge what is naked, finish.
    public func requestStop() { engine.requestStop() }
}
