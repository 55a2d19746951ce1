import ArgumentParser
import BackpackProtocol
import Foundation
import LighterClient
import LighterProtocol
import LighterSigner

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make and inspect API keys: Lighter's (the native signer) and Backpack's (ED25519).",
        subcommands: [Generate.self, Public.self])

    struct Generate: AsyncParsableCommand {
        // Named here: a name derived from the type costs every run a type-name lookup (~1 ms),
        // doctor's too, since the parser names every command before it picks one.
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Generate an API key pair: the private key goes to a file (mode 600), the public key to the screen.",
            discussion: """
            Lighter: register the public key with the venue (ChangePubKey) before using the private key. \
            Backpack (--venue backpack): the file holds the base64 secret (BACKPACK_SECRET_KEY); add the \
            public key (BACKPACK_PUBLIC_KEY) to the account's API keys on the venue.
            """)

        @Option(help: "The venue: lighter or backpack.")
        var venue: Venue = .lighter

        @Option(help: "Where to write the private key.")
        var out: String

        @Flag(help: "Replace an existing file.")
        var force = false

        func run() async throws {
            if venue == .backpack {
                let key = BackpackSigner.generate()
                try PrivateKeyFile.store(Array((key.secretBase64 + "\n").utf8), at: out, replacing: force)
                print("secret key written to \(out) (mode 600): give it as --key-file, or as BACKPACK_SECRET_KEY")
                print("public key: \(key.publicKeyBase64)")
                return
            }
            let key = LighterPrivateKey.generate()
            let text = "0x" + ByteEncoding.hex(key.bytesLE) + "\n"
            try PrivateKeyFile.store(Array(text.utf8), at: out, replacing: force)
            print("private key written to \(out) (mode 600)")
            print("public key: \(key.publicKey.hex)")
        }
    }

    struct Public: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "public", abstract: "Print the public key of the configured private key.")
        @Option(help: "The venue: lighter or backpack.")
        var venue: Venue = .lighter
        @OptionGroup var key: KeyOptions
        @Option(help: "A .env file to read API_KEY_PRIVATE_KEY (or BACKPACK_SECRET_KEY) from.")
        var envFile: String?

        func run() async throws {
            let settings = try EnvironmentSettings.load(dotEnvPath: envFile, required: envFile != nil)
            if venue == .backpack {
                guard let signer = try BackpackWatch.signer(keyFile: key.keyFile, settings: settings) else {
                    throw ValidationError("no Backpack key: give --key-file or set BACKPACK_SECRET_KEY")
                }
                try StandardStreams.product(signer.publicKeyBase64)
                return
            }
            guard let privateKey = try key.loadKey(settings: settings) else {
                throw ValidationError("no private key: give --key-file or set API_KEY_PRIVATE_KEY")
            }
            try StandardStreams.product(privateKey.publicKey.hex)
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a fresh auth token (deadline:account:api_key:signature) signed with the API key.",
        discussion: """
        For `--auth-token-command` of other tools, or curl. The venue accepts deadlines at most 8 hours \
        ahead. The token is a bearer credential: do not paste it into logs or issues.
        """)

    @Option(help: "Account index. (default: LIGHTER_ACCOUNT_INDEX)")
    var account: Int64?
    @Option(help: "API key index. (default: LIGHTER_API_KEY_INDEX or 0)")
    var apiKeyIndex: Int?
    @Option(help: "Seconds until the token's deadline (60 to 28800).")
    var lifetime: Int64 = 7 * 3600
    @Option(help: "A .env file.")
    var envFile: String?
    @OptionGroup var key: KeyOptions

    func run() async throws {
        let settings = try EnvironmentSettings.load(dotEnvPath: envFile, required: envFile != nil)
        guard let privateKey = try key.loadKey(settings: settings) else {
            throw ValidationError("no private key: give --key-file or set API_KEY_PRIVATE_KEY")
        }
        guard let account = try settings.accountIndex(flag: account) else {
            throw ValidationError("no account: give --account or set LIGHTER_ACCOUNT_INDEX")
        }
        let keyIndex = try settings.apiKeyIndex(flag: apiKeyIndex)
        let provider: SignerTokenProvider
        do { provider = try SignerTokenProvider(privateKey: privateKey, account: account, apiKeyIndex: keyIndex, lifetimeSeconds: lifetime) } catch {
            throw ValidationError("\(error)")
        }
        try StandardStreams.product(try await provider.freshToken())
    }
}
