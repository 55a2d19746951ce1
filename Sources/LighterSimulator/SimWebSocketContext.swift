import Foundation
import Hummingbird
import HummingbirdWebSocket
import LighterProtocol
import Logging
import NIOCore
import NIOWebSocket

/// The request context of WebSocket upgrades; it keeps the channel so that the
/// drop-connection fault can cut TCP without a close frame, as a real network does.
struct SimWebSocketContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let channel: any Channel

    init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}
