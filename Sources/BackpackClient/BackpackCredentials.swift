import BackpackProtocol

/// Where the API key comes from, under the reference bot's names: a key file (the base64
/// secret, as `keys generate --venue backpack` writes it), else `BACKPACK_SECRET_KEY` from the
/// environment or a `.env` file. `BACKPACK_PUBLIC_KEY`, when set, must be the secret's own
/// public key. Errors name where a value came from, never the value.
public enum BackpackCredentials {
    /// Why no signer could be made.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong, naming where the value came from, never the value.
        public var description: String
    }

    /// The signer, or nil when no secret is configured.
    /// - Parameters:
    ///   - keyFile: the key file's path and text, when one was given.
    ///   - settings: `BACKPACK_SECRET_KEY` and `BACKPACK_PUBLIC_KEY` by name.
    ///   - origins: where each setting came from (`.env:3`, `environment`), for messages.
    public static func signer(keyFile: (path: String, text: String)?, settings: [String: String],
                              origins: [String: String] = [:]) throws(Problem) -> BackpackSigner? {
        let signer: BackpackSigner
        if let keyFile {
            do { signer = try BackpackSigner(secretBase64: keyFile.text) } catch {
                throw Problem(description: "the key file \(keyFile.path) does not hold a Backpack secret key (base64 of a 32-byte ED25519 seed): \(error)")
            }
        } else if let secret = settings["BACKPACK_SECRET_KEY"], !secret.isEmpty {
            do { signer = try BackpackSigner(secretBase64: secret) } catch {
                throw Problem(description: "BACKPACK_SECRET_KEY (\(origins["BACKPACK_SECRET_KEY"] ?? "environment")) is not a Backpack secret key (base64 of a 32-byte ED25519 seed): \(error)")
            }
        } else {
            return nil
        }
        if let expected = settings["BACKPACK_PUBLIC_KEY"]?.trimmingWhitespace, !expected.isEmpty,
           expected != signer.publicKeyBase64 {
            throw Problem(description: "BACKPACK_PUBLIC_KEY (\(origins["BACKPACK_PUBLIC_KEY"] ?? "environment")) is not the public key of the secret key in use: the venue would refuse every signature")
        }
        return signer
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
