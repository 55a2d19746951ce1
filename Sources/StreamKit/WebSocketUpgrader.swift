import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// The client's side of the WebSocket upgrade (RFC 6455 §4): a fresh key in the request, the
/// server's `Sec-WebSocket-Accept` checked against it, then the pipeline made ours: NIO's frame
/// encoder for what we send and `installed` for what arrives (it reads the frames itself).
struct WebSocketUpgrader: NIOTypedHTTPClientProtocolUpgrader {
    let supportedProtocol = "websocket"
    let requiredUpgradeHeaders: [String] = []
    /// Sixteen random bytes, base64: what the server must answer to.
    let requestKey: String
    /// Adds the handler that reads the upgraded connection.
    let installed: @Sendable (any Channel) throws -> Void

    init(installed: @escaping @Sendable (any Channel) throws -> Void) {
        var random = SystemRandomNumberGenerator()
        requestKey = Data((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &random) }).base64EncodedString()
        self.installed = installed
    }

    /// The answer a server that took this key gives.
    static func acceptValue(for key: String) -> String {
        Data(Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
    }

    func addCustom(upgradeRequestHeaders: inout HTTPHeaders) {
        upgradeRequestHeaders.add(name: "Sec-WebSocket-Key", value: requestKey)
        upgradeRequestHeaders.add(name: "Sec-WebSocket-Version", value: "13")
    }

    func shouldAllowUpgrade(upgradeResponse: HTTPResponseHead) -> Bool {
        upgradeResponse.headers["Sec-WebSocket-Accept"] == [Self.acceptValue(for: requestKey)]
    }

    func upgrade(channel: any Channel, upgradeResponse: HTTPResponseHead) -> EventLoopFuture<Bool> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(WebSocketFrameEncoder())
            try installed(channel)
            return true
        }
    }
}
