import Foundation
import LighterProtocol
import LighterSigner
import Logging

/// What a connection's writer task receives.
enum Outbound: Sendable {
    case text(String, enqueuedAt: ContinuousClock.Instant)
    /// Close with a WebSocket close frame.
    case close(code: UInt16, reason: String)
    /// Drop the TCP connection with no close frame.
    case drop
}
