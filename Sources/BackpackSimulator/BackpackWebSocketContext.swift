import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of the stream's WebSocket upgrade. It holds on to the TCP channel, the
/// one handle that can cut a connection the way a network fails: without a close frame.
struct BackpackWebSocketContext: RequestContext, WebSocketRequestContext {
    let tcp: any Channel
    var coreContext: CoreRequestContextStorage
    let webSocket = WebSocketHandlerReference<Self>()

    init(source: ApplicationRequestContextSource) {
        tcp = source.channel
        coreContext = CoreRequestContextStorage(source: source)
    }
}
