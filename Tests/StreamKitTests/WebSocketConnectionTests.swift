import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import StreamKit
import Testing

/// The client's own WebSocket over TLS against a small NIO server holding a test authority's
/// certificate (for `localhost` and 127.0.0.1): the server is verified by name and by address,
/// frames go both ways, a server ping is answered, the server's close code and reason arrive,
/// our pings keep a live server and leave a mute one; an untrusted certificate and a name it
/// does not carry are refused as TLS failures.
@Suite(.serialized) struct WebSocketConnectionTests {
    /// What the test reads from the inbox.
    enum Input: SocketInput {
        case opened(SocketWriter)
        case message(String)
        case closed(code: Int?, reason: String?)
        case broke(ConnectFailure)
        case timer

        var isFrame: Bool { if case .message = self { true } else { false } }
        var isTick: Bool { if case .timer = self { true } else { false } }
        static func textMessage(_ bytes: ByteBuffer) -> Input { .message(String(buffer: bytes)) }
        static func binary(_ count: Int) -> Input { .message("binary \(count)") }
        static func ended(code: Int?, reason: String?) -> Input { .closed(code: code, reason: reason) }
        static func failed(_ failure: ConnectFailure) -> Input { .broke(failure) }
        static var tick: Input { .timer }
    }

    static func fixture(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "pem") else {
            throw TestFailure("fixture \(name).pem is missing")
        }
        return url.path
    }

    /// Trusts the test authority alone.
    static func trustingTheTestServer() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .file(try fixture("test-server-cert"))
        return configuration
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// A TLS WebSocket server on `host`, port picked by the system, for the length of `body`.
    static func withServer<T>(host: String = "127.0.0.1", answersPings: Bool = false,
                              _ body: (Int) async throws -> T) async throws -> T {
        let chain = try NIOSSLCertificate.fromPEMFile(try fixture("test-server-cert"))
        let key = try NIOSSLPrivateKey(file: try fixture("test-server-key"), format: .pem)
        let context = try NIOSSLContext(configuration: .makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)))
        let upgrader = NIOWebSocketServerUpgrader(
            shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture([:]) },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ScriptedServer(answersPings: answersPings))
                }
            })
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                }.flatMap {
                    channel.pipeline.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                }
            }
            .bind(host: host, port: 0).get()
        defer { server.close(promise: nil) }
        guard let port = server.localAddress?.port else { throw TestFailure("the server has no port") }
        return try await body(port)
    }

    /// Opens a connection and gives its inbox; the inbox ends after 10 s whatever happens, so a
    /// missing message fails the test instead of hanging it.
    static func open(_ host: String, _ port: Int, trust: TLSConfiguration?,
                     pingInterval: Duration = .seconds(30)) async throws -> (SessionInbox<Input>, any Channel) {
        let inbox = SessionInbox<Input>(capacity: 16)
        let channel = try await WebSocketConnection.open(
            VenueEndpoint(secure: true, host: host, port: port, path: "/stream"), on: MultiThreadedEventLoopGroup.singleton.next(),
            maxMessageSize: 1 << 16, pingInterval: pingInterval, trust: trust, inbox: inbox)
        Task {
            try? await Task.sleep(for: .seconds(10))
            inbox.finish()
        }
        return (inbox, channel)
    }

    /// A connection through the server's greeting: opened, its hello, and its answer to our pong.
    struct Greeted {
        var inbox: SessionInbox<Input>
        var channel: any Channel
        var writer: SocketWriter
    }

    static func greeted(_ host: String = "localhost", _ port: Int, pingInterval: Duration = .seconds(30)) async throws -> Greeted {
        let (inbox, channel) = try await open(host, port, trust: try trustingTheTestServer(), pingInterval: pingInterval)
        guard case .opened(let writer)? = await inbox.next() else {
            channel.close(promise: nil)
            throw TestFailure("not opened")
        }
        #expect(await inbox.next().map(text) == "hello over tls")
        // The server pinged right after its greeting: our pong came back with its payload.
        #expect(await inbox.next().map(text) == "pong p1 received")
        return Greeted(inbox: inbox, channel: channel, writer: writer)
    }

    @Test(arguments: ["localhost", "127.0.0.1"])
    func aSecureSocketVerifiesTheServerAndCarriesFramesBothWays(host: String) async throws {
        try await Self.withServer { port in
            let connection = try await Self.greeted(host, port)
            defer { connection.channel.close(promise: nil) }
            let (inbox, writer) = (connection.inbox, connection.writer)
            try await writer.write(text: "echo me")
            #expect(await inbox.next().map(Self.text) == "echo me")
            try await writer.write(text: "close please")
            guard case .closed(let code, let reason)? = await inbox.next() else { throw TestFailure("no close") }
            #expect(code == 1000)
            #expect(reason == "bye")
        }
    }

    @Test func aMessageInFragmentsWithAPingBetweenArrivesWhole() async throws {
        try await Self.withServer { port in
            let connection = try await Self.greeted("localhost", port)
            defer { connection.channel.close(promise: nil) }
            let (inbox, writer) = (connection.inbox, connection.writer)
            try await writer.write(text: "fragments please")
            #expect(await inbox.next().map(Self.text) == "one two three")
            #expect(await inbox.next().map(Self.text) == "pong p2 received")
        }
    }

    @Test func aMessageOverTheLimitClosesWith1009AndBreaksTheConnection() async throws {
        try await Self.withServer { port in
            let connection = try await Self.greeted("localhost", port)
            defer { connection.channel.close(promise: nil) }
            let (inbox, writer) = (connection.inbox, connection.writer)
            try await writer.write(text: "too big please")
            guard case .broke(let failure)? = await inbox.next() else { throw TestFailure("the message was taken") }
            #expect(failure.detail.contains("65536"), "\(failure)")
        }
    }

    @Test func aServerThatAnswersOurPingsKeepsTheConnection() async throws {
        try await Self.withServer(answersPings: true) { port in
            // A pong has a whole interval to come back: room for a loaded machine.
            let connection = try await Self.greeted("localhost", port, pingInterval: .milliseconds(300))
            defer { connection.channel.close(promise: nil) }
            let (inbox, writer) = (connection.inbox, connection.writer)
            // Five of our pings, each answered.
            try await Task.sleep(for: .milliseconds(1600))
            try await writer.write(text: "still there?")
            #expect(await inbox.next().map(Self.text) == "still there?")
        }
    }

    @Test func aServerThatStopsAnsweringPingsIsLeftAsATimeout() async throws {
        try await Self.withServer(answersPings: false) { port in
            let connection = try await Self.greeted("localhost", port, pingInterval: .milliseconds(50))
            defer { connection.channel.close(promise: nil) }
            let inbox = connection.inbox
            guard case .broke(let failure)? = await inbox.next() else { throw TestFailure("the connection was kept") }
            #expect(failure.kind == "timeout", "\(failure)")
            #expect(failure.detail.contains("no pong"))
        }
    }

    @Test func aCertificateTheSystemDoesNotTrustIsRefusedAsTLS() async throws {
        try await Self.withServer { port in
            let failure = await #expect(throws: (any Error).self) { _ = try await Self.open("localhost", port, trust: nil) }
            #expect(failure.map { ConnectFailure.classify($0).kind } == "tls", "\(String(describing: failure))")
        }
    }

    @Test func aNameTheCertificateDoesNotCarryIsRefusedAsTLS() async throws {
        // The certificate names localhost and 127.0.0.1; the server here listens on 127.0.0.2.
        try await Self.withServer(host: "127.0.0.2") { port in
            let failure = await #expect(throws: (any Error).self) {
                _ = try await Self.open("127.0.0.2", port, trust: try Self.trustingTheTestServer())
            }
            #expect(failure.map { ConnectFailure.classify($0).kind } == "tls", "\(String(describing: failure))")
        }
    }

    static func text(_ input: Input) -> String {
        if case .message(let text) = input { text } else { "\(input)" }
    }

    /// Greets, pings, echoes text; on request sends a message in fragments, one too large, or
    /// closes with 1000 "bye"; answers the client's pings only when told to.
    final class ScriptedServer: ChannelInboundHandler {
        typealias InboundIn = WebSocketFrame
        typealias OutboundOut = WebSocketFrame

        let answersPings: Bool
        init(answersPings: Bool) { self.answersPings = answersPings }

        func handlerAdded(context: ChannelHandlerContext) {
            send(context, .text, ByteBuffer(string: "hello over tls"))
            send(context, .ping, ByteBuffer(string: "p1"))
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            let payload = frame.unmaskedData
            switch frame.opcode {
            case .pong where payload == ByteBuffer(string: "p1"):
                send(context, .text, ByteBuffer(string: "pong p1 received"))
            case .text where payload == ByteBuffer(string: "fragments please"):
                // One message in three frames, a ping between two of them (RFC 6455 §5.4 allows it).
                context.write(wrapOutboundOut(WebSocketFrame(fin: false, opcode: .text, data: ByteBuffer(string: "one "))), promise: nil)
                send(context, .ping, ByteBuffer(string: "p2"))
                context.write(wrapOutboundOut(WebSocketFrame(fin: false, opcode: .continuation, data: ByteBuffer(string: "two "))),
                              promise: nil)
                send(context, .continuation, ByteBuffer(string: "three"))
            case .pong where payload == ByteBuffer(string: "p2"):
                send(context, .text, ByteBuffer(string: "pong p2 received"))
            case .text where payload == ByteBuffer(string: "too big please"):
                send(context, .text, ByteBuffer(repeating: UInt8(ascii: "x"), count: 70_000))
            case .text where payload == ByteBuffer(string: "close please"):
                var reason = ByteBuffer()
                reason.write(webSocketErrorCode: .normalClosure)
                reason.writeString("bye")
                send(context, .connectionClose, reason)
            case .text:
                send(context, .text, payload)
            case .ping where answersPings:
                send(context, .pong, payload)
            case .connectionClose:
                context.close(promise: nil)
            default:
                break
            }
        }

        private func send(_ context: ChannelHandlerContext, _ opcode: WebSocketOpcode, _ data: ByteBuffer) {
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: opcode, data: data)), promise: nil)
        }
    }
}
