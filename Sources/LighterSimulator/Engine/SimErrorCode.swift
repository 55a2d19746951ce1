import LighterProtocol

/// The venue's business error codes the engine answers with (lighter-go `types/errors.go`).
package enum SimErrorCode {
    package static let invalidExpiredTime = 21000
    package static let invalidAccountIndex = 21102
    package static let invalidNonce = 21104
    package static let invalidApiKeyIndex = 21110
    /// Malformed tx_info, and values the engine cannot book exactly (21500 is "transaction not found").
    package static let invalidTxInfo = 21501
    package static let unsupportedTxType = 21505
    package static let inactiveCancel = 21600
    package static let invalidMarketIndex = 21602
    package static let invalidMarketType = 21619
    package static let invalidBaseAmount = 21701
    package static let invalidPrice = 21702
    package static let invalidIsAsk = 21703
    package static let invalidOrderType = 21704
    package static let invalidTimeInForce = 21705
    package static let invalidOrderAmount = 21706
    package static let unsupportedOrderType = 21710
    package static let invalidOrderExpiry = 21711
    package static let invalidClientOrderIndex = 21727
    package static let clientOrderIndexExists = 21728
    package static let invalidTriggerPrice = 21729
}

extension ErrorFrame {
    static func sim(_ code: Int, _ message: String) -> ErrorFrame { ErrorFrame(code: code, message: message) }
}
