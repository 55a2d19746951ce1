import NIOCore
import NIOWebSocket

/// The sending side of an open WebSocket: text messages and the close, as a client writes them
/// (masked, RFC 6455 §5.3). Safe to use from any task; a write after the socket closed throws.
package struct SocketWriter: Sendable {
    let channel: any Channel

    /// A writer on an upgraded channel.
    init(channel: any Channel) { self.channel = channel }

    /// Sends one text message, as a single frame.
    package func write(text: String) async throws {
        var buffer = channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: buffer)
        try await channel.writeAndFlush(frame)
    }

    /// Sends a close frame with `code` and closes the connection: the session is done with it,
    /// and waiting for the server's close answer would only hold the next connection up.
    package func close(_ code: WebSocketErrorCode, reason: String? = nil) async throws {
        var buffer = channel.allocator.buffer(capacity: 2 + (reason?.utf8.count ?? 0))
        buffer.write(webSocketErrorCode: code)
        if let reason { buffer.writeString(reason) }
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: buffer)
        try? await channel.writeAndFlush(frame)
        try await channel.close()
    }
}
