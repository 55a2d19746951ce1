import Foundation
import LighterProtocol
import LighterSigner

/// An API key slot: (account, key index).
public struct APIKeyID: Hashable, Sendable {
    /// The account.
    public var account: Int64
    /// The key slot (0-254).
    public var apiKeyIndex: Int
    /// The slot `apiKeyIndex` of `account`.
    public init(account: Int64, apiKeyIndex: Int) { self.account = account; self.apiKeyIndex = apiKeyIndex }
}
