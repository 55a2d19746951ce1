import Foundation
import LighterClient
import LighterProtocol
import LighterSigner
import Testing

/// Where a run's account, key and market come from: the reference bot's environment names, a
/// `.env` file, the venue's market list, and tokens minted from the key.
@Suite struct SettingsTests {
    @Test func dotEnvReadsTheReferenceBotsFileAndTheEnvironmentWins() throws {
        let text = """
            # the reference bot's .env
            LIGHTER_ACCOUNT_INDEX=12345
            export LIGHTER_API_KEY_INDEX = 3
            API_KEY_PRIVATE_KEY="0xabc def"
            BACKPACK_PUBLIC_KEY='pub key'
            BACKPACK_SECRET_KEY=secret # a comment after a space

            """
        let parsed = try EnvironmentSettings.parseDotEnv(text, path: "bot.env")
        #expect(parsed["LIGHTER_ACCOUNT_INDEX"]?.0 == "12345" && parsed["LIGHTER_ACCOUNT_INDEX"]?.1 == 2)
        #expect(parsed["LIGHTER_API_KEY_INDEX"]?.0 == "3")
        #expect(parsed["API_KEY_PRIVATE_KEY"]?.0 == "0xabc def")
        #expect(parsed["BACKPACK_PUBLIC_KEY"]?.0 == "pub key")
        #expect(parsed["BACKPACK_SECRET_KEY"]?.0 == "secret")

        let settings = EnvironmentSettings(environment: ["LIGHTER_ACCOUNT_INDEX": "777", "HOME": "/root"],
                                           dotEnv: parsed, dotEnvPath: "bot.env")
        #expect(settings["LIGHTER_ACCOUNT_INDEX"] == "777")
        #expect(settings.origins["LIGHTER_ACCOUNT_INDEX"] == "environment")
        #expect(settings["LIGHTER_API_KEY_INDEX"] == "3")
        #expect(settings.origins["LIGHTER_API_KEY_INDEX"] == "bot.env:3")
        // Only the bot's own names are taken from the environment.
        #expect(settings["HOME"] == nil)
    }

    @Test func aBadDotEnvLineIsNamedByNumberNeverByValue() {
        let text = "LIGHTER_ACCOUNT_INDEX=1\n0xdeadbeefsecret\n"
        #expect(throws: EnvironmentSettings.ParseError.self) { try EnvironmentSettings.parseDotEnv(text, path: ".env") }
        do {
            _ = try EnvironmentSettings.parseDotEnv(text, path: ".env")
        } catch {
            #expect(error.description == ".env:2: expected KEY=VALUE")
            #expect(!error.description.contains("deadbeef"))
        }
    }

    @Test func aNamedDotEnvMustExistTheDefaultNeedNot() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-\(UUID().uuidString).env").path
        #expect(throws: EnvironmentSettings.ParseError.self) { try EnvironmentSettings.load(dotEnvPath: missing, required: true) }
        _ = try EnvironmentSettings.load(dotEnvPath: missing, required: false)
    }

    static let markets = [
        MarketInfo(id: 0, symbol: "ETH", marketType: "perp", status: "active", sizeDecimals: 4, priceDecimals: 2),
        MarketInfo(id: 1, symbol: "BTC", marketType: "perp", status: "active", sizeDecimals: 5, priceDecimals: 1),
        MarketInfo(id: 2048, symbol: "ETH/USDC", marketType: "spot", status: "active", sizeDecimals: 4, priceDecimals: 2),
    ]

    @Test func marketsResolveBySymbolOrIdAndSpotIsRefused() throws {
        #expect(try MarketResolver.resolve("eth", in: Self.markets, allowSpot: false).id == 0)
        #expect(try MarketResolver.resolve(" 1 ", in: Self.markets, allowSpot: false).symbol == "BTC")
        for query in ["2048", "ETH/USDC", "4094"] {
            do {
                _ = try MarketResolver.resolve(query, in: Self.markets, allowSpot: false)
                Issue.record("\(query) resolved without --force-spot")
            } catch {
                #expect(error.description.contains("spot market"), "\(query): \(error)")
            }
        }
        #expect(try MarketResolver.resolve("2048", in: Self.markets, allowSpot: true).isSpot)
        // Past the spot range no market can have the index.
        #expect(throws: MarketResolver.Failure.self) { try MarketResolver.resolve("4096", in: Self.markets, allowSpot: false) }
        do {
            _ = try MarketResolver.resolve("DOGE", in: Self.markets, allowSpot: false)
            Issue.record("an unknown symbol resolved")
        } catch {
            #expect(error.description.contains("ETH=0, BTC=1") && !error.description.contains("ETH/USDC"))
        }
    }

    @Test func signerTokensVerifyAndExpireWhenAsked() async throws {
        let key = LighterPrivateKey.generate()
        let provider = try SignerTokenProvider(privateKey: key, account: 42, apiKeyIndex: 5, lifetimeSeconds: 600)
        #expect(provider.canRefresh)
        let token = try await provider.freshToken()
        #expect(AuthTokenSigner.verify(token: token, publicKey: key.publicKey))
        #expect(!AuthTokenSigner.verify(token: token, publicKey: LighterPrivateKey.generate().publicKey))
        let parsed = try #require(AuthTokenSigner.parse(token))
        #expect(parsed.account == 42 && parsed.apiKeyIndex == 5)
        let now = Int64(Date().timeIntervalSince1970)
        #expect((now + 590...now + 601).contains(parsed.deadline))

        #expect(throws: AuthTokenError.self) { try SignerTokenProvider(privateKey: key, account: 42, apiKeyIndex: 255) }
        #expect(throws: AuthTokenError.self) {
            try SignerTokenProvider(privateKey: key, account: 42, apiKeyIndex: 0, lifetimeSeconds: 8 * 3600 + 1)
        }
        #expect(throws: AuthTokenError.self) { try SignerTokenProvider(privateKey: key, account: 42, apiKeyIndex: 0, lifetimeSeconds: 59) }
    }
}
