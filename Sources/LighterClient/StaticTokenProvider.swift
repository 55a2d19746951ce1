import Foundation
import LighterProtocol

/// A token given once (`--auth-token`, `LIGHTER_AUTH_TOKEN`).
public struct StaticTokenProvider: AuthTokenProvider {
    let token: String
    /// Takes `token` (whitespace trimmed); throws `AuthTokenError` unless it has the token's form.
    /// Its deadline is not checked here: the venue refuses an expired one.
    public init(token: String) throws {
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        do { _ = try AuthToken(parsing: trimmed) } catch {
            // The problem names the part, never the value.
            throw AuthTokenError("the auth token is not deadline:account:api_key:signature (\(error))")
        }
        self.token = trimmed
    }
    /// The token given.
    public func freshToken() async throws -> String { token }
    /// Always false: the token cannot be renewed.
    public var canRefresh: Bool { false }
}
