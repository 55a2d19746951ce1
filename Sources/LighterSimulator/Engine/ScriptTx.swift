import Foundation
import LighterProtocol

/// A transaction the account script wants submitted, in `sendTx` form.
package struct ScriptTx: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable {
        /// IOC crossing the touch with a small size: fills completely.
        case fullFillIOC = "ioc-full"
        /// IOC larger than the touch level, limit at the touch: partial fill, rest canceled.
        case partialIOC = "ioc-partial"
        /// GTT limit inside the spread: rests, later filled by synthetic flow.
        case restingGTT = "gtt-resting"
        case marketOrder = "market"
        /// Cancels the previous cycle's GTT if it is still open.
        case cancel
    }

    package var kind: Kind
    package var txType: Int
    package var txInfoJSON: String
    package var clientOrderIndex: Int64
}
