import LighterProtocol

struct NonceKey: Hashable {
    var account: Int64
    var apiKeyIndex: Int
}
