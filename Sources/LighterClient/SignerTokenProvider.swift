import Foundation
import LighterSigner

/// Mints auth tokens with the native signer from the API key's private key, so that the
/// client can rotate them itself (no Python, no Go library).
public struct SignerTokenProvider: AuthTokenProvider {
    let privateKey: LighterPrivateKey
    let account: Int64
    let apiKeyIndex: UInt8
    /// Seconds from minting to the token's deadline; the venue accepts at most 8 hours.
    let lifetimeSeconds: Int64

    /// Mints tokens for `account` and key `apiKeyIndex` (0-254), each valid `lifetimeSeconds` (60 s
    /// to 8 h) from when it is minted; throws `AuthTokenError` outside those ranges.
    public init(privateKey: LighterPrivateKey, account: Int64, apiKeyIndex: Int, lifetimeSeconds: Int64 = 7 * 3600) throws {
        guard (0...254).contains(apiKeyIndex) else { throw AuthTokenError("the API key index must be 0 to 254") }
        guard (60...8 * 3600).contains(lifetimeSeconds) else {
            throw AuthTokenError("a token lifetime must be 60 s to 8 h (the venue refuses deadlines further out)")
        }
        self.privateKey = privateKey
        self.account = account
        self.apiKeyIndex = UInt8(apiKeyIndex)
        self.lifetimeSeconds = lifetimeSeconds
    }

    /// Always true: every call mints a new token.
    public var canRefresh: Bool { true }

    /// A new token whose deadline is now plus the lifetime.
    public func freshToken() async throws -> String {
        AuthTokenSigner.make(deadline: Int64(Date().timeIntervalSince1970) + lifetimeSeconds, account: account,
                             apiKeyIndex: apiKeyIndex, privateKey: privateKey)
    }
}
