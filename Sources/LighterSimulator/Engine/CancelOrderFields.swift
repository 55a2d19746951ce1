import Foundation
import LighterProtocol

/// tx type 15. `Index` is a client order index below 2^48, an exchange order index above.
struct CancelOrderFields: Decodable {
    var marketIndex: Int64
    var index: Int64

    enum CodingKeys: String, CodingKey { case marketIndex = "MarketIndex", index = "Index" }
}
