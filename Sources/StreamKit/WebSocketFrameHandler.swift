import NIOCore
import NIOWebSocket

/// The open WebSocket's inbound side, on the connection's event loop. It reads the frames from
/// the socket's bytes itself (`WebSocketFrameReader`) and hands each whole message on from the
/// read: into the session's inbox (no thread hop), or, while the session waits with nothing
/// queued, to its `inline` handler at once (no task switch either). Pings are answered, the
/// server is pinged and must answer before the next ping, the server's close is echoed, and
/// the socket stops reading while the inbox is full. Exactly one of `ended` or `failed` is
/// posted, when the connection goes.
final class WebSocketFrameHandler<Input: SocketInput>: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let inbox: SessionInbox<Input>
    private let reader: WebSocketFrameReader
    /// The start of a frame whose rest has not come yet.
    private var partial: ByteBuffer?
    /// The session's synchronous path for the frames it can take on the spot; false leaves the
    /// frame to the inbox.
    private let inline: (@Sendable (ByteBuffer) -> Bool)?
    private var assembler: MessageAssembler
    private let pingInterval: TimeAmount
    private var pingTimer: RepeatedTask?
    /// The payload of our last ping, until the server answers it.
    private var awaitedPong: ByteBuffer?
    /// The server's close frame, once it came.
    private var serverClose: (code: Int?, reason: String?)?
    private var closeSent = false
    /// Why the connection broke, when it did not end by a close.
    private var failure: ConnectFailure?
    private var reported = false
    /// A read the inbox's bound held back; made once the session has taken some frames.
    private var readHeld = false

    init(inbox: SessionInbox<Input>, inline: (@Sendable (ByteBuffer) -> Bool)?, maxMessageSize: Int, pingInterval: Duration) {
        self.inbox = inbox
        self.inline = inline
        self.assembler = MessageAssembler(maxSize: maxMessageSize)
        self.reader = WebSocketFrameReader(maxFrameSize: maxMessageSize)
        self.pingInterval = WebSocketConnection.timeAmount(pingInterval)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        inbox.post(.opened(SocketWriter(channel: context.channel)))
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        pingTimer = context.eventLoop.scheduleRepeatedTask(initialDelay: pingInterval, delay: pingInterval) { _ in
            bound.value.handler.ping(bound.value.context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = WebSocketFrameReader.joining(&partial, unwrapInboundIn(data))
        do {
            while !closeSent, let frame = try reader.read(from: &bytes) { take(frame, context) }
        } catch {
            return fail(context, .other(error.description), code: error.code)
        }
        if bytes.readableBytes > 0, !closeSent { partial = bytes }
    }

    private func take(_ frame: WebSocketFrameReader.Frame, _ context: ChannelHandlerContext) {
        switch frame.opcode {
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.payload)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .pong:
            if let awaitedPong, frame.payload == awaitedPong { self.awaitedPong = nil }
        case .connectionClose:
            var data = frame.payload
            let code = data.readInteger(as: UInt16.self).map(Int.init)
            let reason = data.readableBytes > 0 ? data.readString(length: data.readableBytes) : nil
            serverClose = (code, reason)
            // The code is echoed unless it is one an endpoint must never send (1005, 1006, 1015).
            let echo = code.flatMap { (1000..<5000).contains($0) && ![1005, 1006, 1015].contains($0) ? $0 : nil }
            sendClose(context, echo.map { WebSocketErrorCode(codeNumber: $0) } ?? .normalClosure)
            context.close(promise: nil)
        default:
            do {
                switch try assembler.add(frame.opcode, frame.payload, fin: frame.fin) {
                case .text(let bytes)?:
                    if let inline, inbox.sessionIsWaiting, inline(bytes) { return }
                    inbox.post(.textMessage(bytes))
                case .binary(let bytes)?: inbox.post(.binary(bytes.readableBytes))
                case nil: break
                }
            } catch {
                fail(context, .other(error.description), code: error.isTooLarge ? .messageTooLarge : .protocolError)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // After the server's close, the TCP or TLS teardown has nothing to tell.
        if serverClose == nil, failure == nil { failure = ConnectFailure.classify(error) }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        pingTimer?.cancel()
        pingTimer = nil
        if !reported {
            reported = true
            if let failure {
                inbox.post(.failed(failure))
            } else {
                inbox.post(.ended(code: serverClose?.code, reason: serverClose?.reason))
            }
        }
        context.fireChannelInactive()
    }

    func read(context: ChannelHandlerContext) {
        guard inbox.isFull else { return context.read() }
        guard !readHeld else { return }
        readHeld = true
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let loop = context.eventLoop
        inbox.onRoom {
            loop.execute {
                bound.value.handler.readHeld = false
                bound.value.context.read()
            }
        }
    }

    /// Pings the server; a ping still unanswered from last time means it is gone.
    private func ping(_ context: ChannelHandlerContext) {
        guard !closeSent else { return }
        if awaitedPong != nil {
            return fail(context, .timeout("no pong within \(pingInterval.nanoseconds / 1_000_000) ms of a ping"), code: .goingAway)
        }
        var payload = context.channel.allocator.buffer(capacity: 8)
        payload.writeInteger(UInt64.random(in: .min ... .max))
        awaitedPong = payload
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, maskKey: .random(), data: payload)),
                              promise: nil)
    }

    private func fail(_ context: ChannelHandlerContext, _ failure: ConnectFailure, code: WebSocketErrorCode) {
        if self.failure == nil { self.failure = failure }
        sendClose(context, code)
        context.close(promise: nil)
    }

    private func sendClose(_ context: ChannelHandlerContext, _ code: WebSocketErrorCode) {
        guard !closeSent else { return }
        closeSent = true
        var data = context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: code)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data)),
                              promise: nil)
    }
}
