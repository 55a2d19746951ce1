import Foundation
import Hummingbird
import HummingbirdWebSocket
import LighterProtocol
import Logging
import NIOCore
import NIOWebSocket

/// Where a running simulator listens.
public struct SimulatorEndpoints: Sendable, Hashable {
    /// The bound host.
    public var host: String
    /// The bound port (the system's pick when the configuration asked for 0).
    public var port: Int
    /// The stream endpoint, `ws://host:port/stream`.
    public var webSocketURL: String { "ws://\(host):\(port)/stream" }
    /// The REST and control base URL, `http://host:port`.
    public var httpURL: String { "http://\(host):\(port)" }
}
