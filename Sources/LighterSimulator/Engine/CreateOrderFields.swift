import Foundation
import LighterProtocol

/// tx type 14.
struct CreateOrderFields: Decodable {
    var marketIndex: Int64
    var clientOrderIndex: Int64
    var baseAmount: Int64
    var price: Int64
    var isAsk: Int64
    var orderType: Int64
    var timeInForce: Int64
    var reduceOnly: Int64
    var triggerPrice: Int64
    var orderExpiry: Int64

    enum CodingKeys: String, CodingKey {
        case marketIndex = "MarketIndex", clientOrderIndex = "ClientOrderIndex", baseAmount = "BaseAmount"
        case price = "Price", isAsk = "IsAsk", orderType = "Type", timeInForce = "TimeInForce"
        case reduceOnly = "ReduceOnly", triggerPrice = "TriggerPrice", orderExpiry = "OrderExpiry"
    }
}
