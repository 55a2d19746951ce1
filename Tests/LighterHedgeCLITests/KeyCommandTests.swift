import Foundation
import Testing

/// Keys, tokens and signed orders from the command line: the private key only ever in a new
/// file of mode 600, never on the screen.
@Suite struct KeyCommandTests {
    @Test func generatedKeyIsPrivateAndSignsTokensAndOrders() async throws {
        let cli = try CommandRunner()
        let generated = try await cli.run(["keys", "generate", "--out", "api.key"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let keyPath = cli.path("api.key")
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let privateKey = try String(contentsOfFile: keyPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!privateKey.isEmpty)
        #expect(!generated.stdout.contains(privateKey) && !generated.stderr.contains(privateKey), "the private key was printed")

        // The public key printed at generation is the one the file's key has.
        let publicKey = try await cli.run(["keys", "public", "--key-file", "api.key"])
        #expect(publicKey.status == 0)
        let printed = publicKey.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(printed.hasPrefix("0x") && generated.stdout.contains(printed))

        // Not replaced without --force.
        let again = try await cli.run(["keys", "generate", "--out", "api.key"])
        #expect(again.status == 64)
        #expect(try String(contentsOfFile: keyPath, encoding: .utf8).contains(privateKey))

        let token = try await cli.run(["token", "--key-file", "api.key", "--account", "7", "--api-key-index", "3",
                                       "--lifetime", "600"])
        #expect(token.status == 0, "\(token.stderr)")
        let parts = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":")
        #expect(parts.count == 4)
        if parts.count == 4 {
            #expect(parts[1] == "7" && parts[2] == "3")
            let deadline = Int(parts[0]) ?? 0
            let now = Int(Date().timeIntervalSince1970)
            #expect((now + 500...now + 700).contains(deadline), "deadline \(deadline), now \(now)")
        }

        // The same key from the environment, as the reference bot's users set it.
        let fromEnvironment = try await cli.run(["token", "--account", "7", "--lifetime", "600"],
                                                environment: ["API_KEY_PRIVATE_KEY": privateKey])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        #expect(!fromEnvironment.stdout.contains(privateKey))

        let order = try await cli.run(["order", "--dry-run", "--account", "7", "--api-key-index", "3", "--market", "0",
                                       "--side", "buy", "--size", "0.1", "--price", "3000.50", "--nonce", "7",
                                       "--key-file", "api.key"])
        #expect(order.status == 0, "\(order.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(order.stdout.utf8)) as? [String: Any]
        let info = json?["tx_info"] as? [String: Any]
        #expect(json?["tx_type"] as? Int == 14)
        // Exact scaling by the market's decimals (4 for size, 2 for price).
        #expect(info?["BaseAmount"] as? Int == 1000)
        #expect(info?["Price"] as? Int == 300_050)
        #expect(info?["Nonce"] as? Int == 7)
        #expect(info?["AccountIndex"] as? Int == 7 && info?["ApiKeyIndex"] as? Int == 3)
        #expect((info?["Sig"] as? String)?.isEmpty == false)
        #expect(!order.stdout.contains(privateKey))

        // More digits than the market has are refused, never rounded.
        let tooFine = try await cli.run(["order", "--dry-run", "--account", "7", "--market", "0", "--side", "buy",
                                         "--size", "0.12345", "--price", "3000", "--nonce", "7", "--key-file", "api.key"])
        #expect(tooFine.status == 64)
        #expect(tooFine.stderr.contains("--size 0.12345") && tooFine.stdout.isEmpty, "\(tooFine.stderr)")
    }
}
