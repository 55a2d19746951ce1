import LighterProtocol

/// A transaction the engine accepted, and everything it caused.
package struct TxAccepted: Sendable, Hashable {
    package var txHash: String
    package var events: [ExchangeEvent]
    package init(txHash: String, events: [ExchangeEvent]) { self.txHash = txHash; self.events = events }
}
