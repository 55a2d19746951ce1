/// Where auth tokens come from: the native signer (`SignerTokenProvider`), a fixed token
/// (`StaticTokenProvider`) or a command that prints one (`CommandTokenProvider`).
public protocol AuthTokenProvider: Sendable {
    /// A token valid now. Errors must never contain the token or a key.
    func freshToken() async throws -> String
    /// Whether asking again can give a newer token.
    var canRefresh: Bool { get }
}
