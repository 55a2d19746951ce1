import LighterProtocol

/// Lighter tx types the engine knows by number.
package enum SimTxType {
    package static let createOrder = 14
    package static let cancelOrder = 15
    package static let cancelAllOrders = 16
    package static let modifyOrder = 17
}
