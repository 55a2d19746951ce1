import ArgumentParser
import Foundation
import LighterClient
import LighterSigner

/// Where the API key's private key comes from: `--key-file`, then API_KEY_PRIVATE_KEY in the
/// environment, then a .env file. The key is never printed; errors name the source, not the value.
struct KeyOptions: ParsableArguments {
    @Option(help: "A file holding the API private key: Lighter's in hex (0x optional), Backpack's as its base64 secret. (default: API_KEY_PRIVATE_KEY, or BACKPACK_SECRET_KEY, from the environment or .env)")
    var keyFile: String?

    func loadKey(settings: EnvironmentSettings) throws -> LighterPrivateKey? {
        try Self.loadKey(file: keyFile, settings: settings)
    }

    static func loadKey(file keyFile: String?, settings: EnvironmentSettings) throws -> LighterPrivateKey? {
        if let keyFile {
            let text: String
            do { text = try String(contentsOfFile: keyFile, encoding: .utf8) } catch {
                throw ValidationError("cannot read the key file \(keyFile)")
            }
            do { return try LighterPrivateKey(hex: text.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
                throw ValidationError("the key file \(keyFile) does not hold a 40-byte hex private key (\(error))")
            }
        }
        guard let hex = settings["API_KEY_PRIVATE_KEY"] else { return nil }
        do { return try LighterPrivateKey(hex: hex.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
            throw ValidationError("API_KEY_PRIVATE_KEY (\(settings.origins["API_KEY_PRIVATE_KEY"] ?? "environment")) is not a 40-byte hex private key (\(error))")
        }
    }
}

/// A secret given as a flag sits in the process list, which every user of the machine can read.
enum CommandLineSecrets {
    static func warnAboutAuthTokenFlag() {
        StandardStreams.err("warning: --auth-token on the command line can be read by other users of this machine (ps); "
            + "prefer LIGHTER_AUTH_TOKEN in the environment or .env, --key-file, or --auth-token-command\n")
    }
}
