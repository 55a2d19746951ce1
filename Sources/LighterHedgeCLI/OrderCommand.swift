import ArgumentParser
import Foundation
import Journaling
import LighterClient
import LighterProtocol
import LighterSigner

struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Sign a create-order transaction and send it (REST sendTx), or print it with --dry-run.",
        discussion: """
        Prices and sizes are scaled by the market's decimals exactly (no rounding: a value with more \
        digits than the market allows is an error). With --dry-run the output is the tx_info JSON the \
        official signer would produce, with its tx_hash, and nothing is sent. Without it the order is \
        sent to the venue (the market's decimals and the key's nonce are asked of it): acceptance means \
        the order is in the sequencer; its fills show in `lighter-hedge watch`.

        Examples:
          lighter-hedge order --dry-run --account 12345 --api-key-index 3 --market 0 --side buy \\
            --size 0.1 --price 3000.50 --type limit --time-in-force ioc --nonce 7 --key-file key.hex
          lighter-hedge order --url ws://127.0.0.1:8787/stream --account 7 --market 0 --side sell \\
            --size 0.05 --price 2990 --key-file key.hex
        """)

    @Flag(help: "Print the signed tx_info instead of sending it.")
    var dryRun = false
    @Option(help: "Stream URL of the venue; the REST base is derived from it. (default: LIGHTER_WS_URL or mainnet)")
    var url: String?
    @Option(help: "REST base URL; derived from --url when absent.") var restURL: String?
    @Flag(help: "Allow plain http:// to a host that is not loopback.") var insecure = false
    @Option(help: "Account index.") var account: Int64
    @Option(help: "API key index.") var apiKeyIndex: Int = 0
    @Option(help: "Market id.") var market: Int
    @Option(help: "buy or sell.") var side: String
    @Option(help: "Base amount, a decimal (0.1).") var size: String
    @Option(help: "Limit price (for a market order: the worst acceptable price).") var price: String
    @Option(help: "limit or market.") var type: String = "limit"
    @Option(help: "ioc, gtt or post-only.") var timeInForce: String = "ioc"
    @Option(help: "Your order id (0 = none).") var clientOrderIndex: Int64 = 0
    @Option(help: "The key's next nonce (see GET /api/v1/nextNonce); asked of the venue when sending.") var nonce: Int64?
    @Option(help: "Size decimals of the market (--dry-run; when sending, the venue's).") var sizeDecimals: Int = 4
    @Option(help: "Price decimals of the market (--dry-run; when sending, the venue's).") var priceDecimals: Int = 2
    @Option(help: "For gtt and post-only: expiry in milliseconds since the epoch (default: 28 days from now).") var orderExpiry: Int64?
    @Option(help: "Chain id: 304 mainnet, 300 testnet.") var chainId: UInt32 = 304
    @Flag(help: "Reduce only.") var reduceOnly = false
    @OptionGroup var key: KeyOptions
    @Option(help: "A .env file.") var envFile: String?

    func validate() throws {
        guard !dryRun || nonce != nil else { throw ValidationError("--dry-run needs --nonce (nothing is asked of the venue)") }
        guard ["buy", "sell"].contains(side) else { throw ValidationError("--side is buy or sell") }
        guard ["limit", "market"].contains(type) else { throw ValidationError("--type is limit or market") }
        guard ["ioc", "gtt", "post-only"].contains(timeInForce) else { throw ValidationError("--time-in-force is ioc, gtt or post-only") }
        guard type == "limit" || timeInForce == "ioc" else { throw ValidationError("a market order must be ioc") }
        guard (0...254).contains(apiKeyIndex), Int16(exactly: market) != nil, (nonce ?? 0) >= 0 else {
            throw ValidationError("--api-key-index 0-254, --market a market id and --nonce >= 0")
        }
    }

    func run() async throws {
        let settings = try EnvironmentSettings.load(dotEnvPath: envFile, required: envFile != nil)
        guard let privateKey = try key.loadKey(settings: settings) else {
            throw ValidationError("no private key: give --key-file or set API_KEY_PRIVATE_KEY")
        }
        guard let sizeValue = FixedDecimal(size), sizeValue > .zero, let baseAmount = sizeValue.scaledInteger(decimals: sizeDecimals) else {
            throw ValidationError("--size \(size) is not a positive amount with at most \(sizeDecimals) decimals")
        }
        guard let priceValue = FixedDecimal(price), priceValue > .zero, let scaledPrice = priceValue.scaledInteger(decimals: priceDecimals),
              let wirePrice = UInt32(exactly: scaledPrice) else {
            throw ValidationError("--price \(price) is not a positive price with at most \(priceDecimals) decimals that fits the wire format")
        }
        guard dryRun else { return try await send(privateKey: privateKey, settings: settings) }
        let nonce = self.nonce ?? 0
        let nowMs = WallClock.nowMilliseconds()
        let tif: UInt8 = timeInForce == "ioc" ? 0 : (timeInForce == "gtt" ? 1 : 2)
        let expiry = tif == 0 ? 0 : (orderExpiry ?? nowMs + 28 * 86_400_000)
        let tx = CreateOrderTx(accountIndex: account, apiKeyIndex: UInt8(apiKeyIndex), marketIndex: Int16(market),
                               clientOrderIndex: clientOrderIndex, baseAmount: baseAmount, price: wirePrice,
                               isAsk: side == "sell" ? 1 : 0, type: type == "market" ? 1 : 0, timeInForce: tif,
                               reduceOnly: reduceOnly ? 1 : 0, triggerPrice: 0, orderExpiry: expiry,
                               expiredAt: nowMs + 599_000, nonce: nonce)
        // What the official signer would refuse, this one refuses too.
        if let problem = tx.signerRuleViolation { throw ValidationError("not signed: \(problem)") }
        let signed = TransactionSigner(privateKey: privateKey, chainId: chainId).sign(tx)
        try StandardStreams.product("{\"tx_type\":\(signed.txType),\"tx_hash\":\"\(signed.txHash)\",\"tx_info\":\(signed.txInfo)}")
    }

    /// Sends through the trader: the market's decimals and the nonce come from the venue.
    private func send(privateKey: LighterPrivateKey, settings: EnvironmentSettings) async throws {
        var configuration = StreamClientConfiguration(url: url ?? settings["LIGHTER_WS_URL"] ?? StreamClientConfiguration.mainnetURL,
                                                      market: market)
        configuration.restURL = restURL
        configuration.insecure = insecure
        let rest: LighterREST
        do { rest = LighterREST(baseURL: try configuration.restBase(), client: LighterREST.failFastClient) } catch {
            throw ValidationError("\(error)")
        }
        let markets: [MarketInfo]
        do { markets = try await rest.markets() } catch {
            throw RuntimeFailure("cannot list markets from \(rest.baseURL): \(error)")
        }
        guard let info = markets.first(where: { $0.id == market }) else { throw ValidationError("no market \(market) at \(rest.baseURL)") }
        guard let sizeValue = FixedDecimal(size), let priceValue = FixedDecimal(price) else {
            throw ValidationError("--size and --price are decimals (0.1, 3000.50)")
        }
        let expiry = orderExpiry
        let tif: OrderRequest.TimeInForce = switch timeInForce {
        case "gtt": .goodTillTime(expiryMs: expiry)
        case "post-only": .postOnly(expiryMs: expiry)
        default: .immediateOrCancel
        }
        let trader = LighterTrader(rest: LighterREST(baseURL: rest.baseURL), privateKey: privateKey, account: account,
                                   apiKeyIndex: apiKeyIndex, chainId: chainId)
        let request = OrderRequest(market: info, isAsk: side == "sell", size: sizeValue, price: priceValue,
                                   kind: type == "market" ? .market : .limit, timeInForce: tif, reduceOnly: reduceOnly,
                                   clientOrderIndex: clientOrderIndex == 0 ? nil : clientOrderIndex)
        do {
            let placed = try await trader.place(request)
            try StandardStreams.product("{\"accepted\":true,\"tx_hash\":\"\(placed.txHash)\",\"client_order_index\":\(placed.clientOrderIndex),\"nonce\":\(placed.nonce)}")
        } catch {
            throw RuntimeFailure("\(error)")
        }
    }
}
