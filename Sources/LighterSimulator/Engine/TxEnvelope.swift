import Foundation
import LighterProtocol

/// The fields every signed L2 tx shares (Go `encoding/json` of the tx struct: PascalCase).
struct TxEnvelope: Decodable {
    var accountIndex: Int64
    var apiKeyIndex: Int64
    var expiredAt: Int64
    var nonce: Int64
    var attributes: [String: Int64]?

    enum CodingKeys: String, CodingKey {
        case accountIndex = "AccountIndex", apiKeyIndex = "ApiKeyIndex", expiredAt = "ExpiredAt", nonce = "Nonce"
        case attributes = "L2TxAttributes"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accountIndex = try container.decode(Int64.self, forKey: .accountIndex)
        apiKeyIndex = try container.decode(Int64.self, forKey: .apiKeyIndex)
        expiredAt = try container.decode(Int64.self, forKey: .expiredAt)
        nonce = try container.decode(Int64.self, forKey: .nonce)
        // Missing (older signers), null and {} all mean "no attributes".
        attributes = try container.decodeIfPresent([String: Int64].self, forKey: .attributes)
    }

    var skipNonce: Bool { attributes?[skipNonceAttributeKey] == 1 }
}
