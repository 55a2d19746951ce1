import BackpackClient
import BackpackProtocol
import Testing

/// Keys from a key file or BACKPACK_SECRET_KEY, checked against BACKPACK_PUBLIC_KEY; no message
/// ever holds the secret.
struct CredentialsTests {
    let key = BackpackSigner.generate()

    @Test func fromTheEnvironmentAndFromAFile() throws {
        let fromEnv = try BackpackCredentials.signer(keyFile: nil, settings: ["BACKPACK_SECRET_KEY": key.secretBase64])
        #expect(fromEnv?.publicKeyBase64 == key.publicKeyBase64)
        let fromFile = try BackpackCredentials.signer(keyFile: ("k", key.secretBase64 + "\n"), settings: [:])
        #expect(fromFile?.publicKeyBase64 == key.publicKeyBase64)
        #expect(try BackpackCredentials.signer(keyFile: nil, settings: [:]) == nil)
    }

    @Test func aPublicKeyThatDoesNotMatchIsRefused() {
        let other = BackpackSigner.generate()
        #expect(throws: BackpackCredentials.Problem.self) {
            try BackpackCredentials.signer(keyFile: nil, settings: ["BACKPACK_SECRET_KEY": key.secretBase64,
                                                                    "BACKPACK_PUBLIC_KEY": other.publicKeyBase64])
        }
        #expect((try? BackpackCredentials.signer(keyFile: nil, settings: ["BACKPACK_SECRET_KEY": key.secretBase64,
                                                                          "BACKPACK_PUBLIC_KEY": key.publicKeyBase64])) != nil)
    }

    @Test func aBadSecretIsRefusedWithoutEchoingIt() {
        let secret = "not-a-key-" + String(repeating: "Q", count: 40)
        do {
            _ = try BackpackCredentials.signer(keyFile: nil, settings: ["BACKPACK_SECRET_KEY": secret],
                                               origins: ["BACKPACK_SECRET_KEY": ".env:4"])
            Issue.record("a bad secret was taken")
        } catch {
            #expect(error.description.contains(".env:4"))
            #expect(!error.description.contains(secret))
        }
    }
}
