import BackpackProtocol
import Foundation
import Hummingbird
import HummingbirdWebSocket
import LighterProtocol
import Logging
import NIOCore
import NIOWebSocket

/// Where a running Backpack simulator listens.
public struct BackpackEndpoints: Sendable, Hashable {
    /// The address it listens on.
    public var host: String
    /// The port it is bound to.
    public var port: Int
    /// The venue serves its streams at the root (`wss://ws.backpack.exchange`).
    public var webSocketURL: String { "ws://\(host):\(port)/" }
    /// The REST base URL.
    public var httpURL: String { "http://\(host):\(port)" }
}

/// A local Backpack exchange on 127.0.0.1: the REST API a hedge bot uses (public and signed),
/// the WebSocket streams, and a control API (`/control/…`) for tests and demos.
public struct BackpackServer: Sendable {
    /// The venue the server fronts.
    public let exchange: BackpackExchange
    let configuration: BackpackSimulatorConfiguration
    let logger: Logger

    /// Creates a value from its parts.
    public init(configuration: BackpackSimulatorConfiguration, logger: Logger = Logger(label: "backpack-sim")) {
        self.configuration = configuration
        self.logger = logger
        exchange = BackpackExchange(configuration: configuration, logger: logger)
    }

    /// Serves until the task is cancelled; `onReady` gets the bound address (with port 0, the
    /// one the system picked).
    public func run(onReady: @escaping @Sendable (BackpackEndpoints) async -> Void = { _ in }) async throws {
        let exchange = exchange
        let settings = configuration
        let application = Application(
            router: BackpackRoutes(exchange: exchange, configuration: settings).router(),
            server: .http1WebSocketUpgrade(
                webSocketRouter: streamRouter(),
                configuration: .init(http1: .init(idleTimeout: .seconds(15)),
                                     ws: .init(maxFrameSize: settings.maxFrameSize,
                                               autoPing: .enabled(timePeriod: settings.pingInterval)))),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port),
                                                    serverName: "backpack-sim"),
            onServerRunning: { channel in
                await onReady(BackpackEndpoints(host: settings.host, port: channel.localAddress?.port ?? 0))
            },
            logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await exchange.run() }
            try await application.run()
            group.cancelAll()
        }
    }

    /// The stream at `/`: one session per connection, fed by the exchange and reading the
    /// client's messages until either side ends.
    func streamRouter() -> Router<BackpackWebSocketContext> {
        let router = Router(context: BackpackWebSocketContext.self)
        let exchange = exchange
        let faults = configuration.faults
        let maxFrameSize = configuration.maxFrameSize
        router.ws("/") { inbound, outbound, context in
            let (session, frames) = await exchange.open()
            let tcp = context.requestContext.tcp
            // The writer ends when the session is dropped or a write fails; either way the TCP
            // channel closes and the reading below ends too.
            let writer = Task { await Self.pump(frames, to: outbound, cutting: tcp, faults: faults) }
            // An oversized or broken frame ends this connection only.
            try? await Self.read(inbound, maxFrameSize: maxFrameSize) { await exchange.receive(text: $0, from: session) }
            writer.cancel()
            await exchange.close(session)
        }
        return router
    }

    /// Writes the session's frames, late under the delay-frames fault; `.drop` closes the TCP
    /// channel itself.
    static func pump(_ frames: AsyncStream<BackpackOutbound>, to outbound: WebSocketOutboundWriter, cutting tcp: any Channel,
                     faults: BackpackFaultSwitchboard) async {
        for await item in frames {
            guard case .text(let text, let enqueuedAt) = item else {
                try? await tcp.close()
                return
            }
            if let delay = faults.parameter(.delayFrames) {
                try? await Task.sleep(until: enqueuedAt + .milliseconds(delay), clock: .continuous)
            }
            guard (try? await outbound.write(.text(text))) != nil else { return }
        }
    }

    /// Hands each client text to `receive`; a binary message counts as text that does not parse.
    static func read(_ inbound: WebSocketInboundStream, maxFrameSize: Int,
                     _ receive: (String) async -> Void) async throws {
        for try await message in inbound.messages(maxSize: maxFrameSize) {
            if case .text(let text) = message { await receive(text) } else { await receive("") }
        }
    }
}
