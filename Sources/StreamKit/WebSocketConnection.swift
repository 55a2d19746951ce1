import LighterProtocol
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization

/// A client WebSocket made with NIO's pieces: TCP (and TLS with the host's name), the HTTP
/// upgrade (`WebSocketUpgrader`), then `WebSocketFrameHandler` reading the frames and feeding a
/// session's inbox from the socket's reads. The
/// upgraded channel stays on the event loop given, the one the session runs on.
package enum WebSocketConnection {
    /// Why the upgrade did not happen.
    package enum UpgradeError: Error, CustomStringConvertible {
        /// The server answered the upgrade request with something other than 101.
        case declined
        /// The server took the connection but did not answer the upgrade request in time.
        case noAnswer(seconds: Int64)

        /// For the log.
        package var description: String {
            switch self {
            case .declined: "the server refused the WebSocket upgrade"
            case .noAnswer(let seconds): "no answer to the WebSocket upgrade within \(seconds) s (timeout)"
            }
        }
    }

    /// The TLS context for every `wss://` connection: made once, since it reads the system's
    /// trust roots.
    static let tlsContext: Result<NIOSSLContext, any Error> = Result {
        try NIOSSLContext(configuration: TLSConfiguration.makeClientConfiguration())
    }

    /// Connects and upgrades; returns the open channel, whose handler has posted `opened` to
    /// `inbox` and posts everything after it. Throws when the connection or the upgrade fails.
    /// `wss://` verifies the server's certificate and name against the system's trust roots, or
    /// against `trust`'s when given (a test's own authority). `inline`, when given, takes the
    /// text messages it can on the spot while the session waits (see `WebSocketFrameHandler`).
    package static func open<Input: SocketInput>(
        _ endpoint: VenueEndpoint, on loop: any EventLoop, maxMessageSize: Int, pingInterval: Duration,
        connectTimeout: Duration = .seconds(10), trust: TLSConfiguration? = nil, inbox: SessionInbox<Input>,
        inline: (@Sendable (ByteBuffer) -> Bool)? = nil
    ) async throws -> any Channel {
        let tls = endpoint.secure ? try trust.map { try NIOSSLContext(configuration: $0) } ?? tlsContext.get() : nil
        // SNI carries a name only; an address literal goes without it.
        let sniName = HostAddress.ipv4(Substring(endpoint.host)) == nil && HostAddress.ipv6(Substring(endpoint.host)) == nil
            ? endpoint.host : nil
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.hostAndPort)
        headers.add(name: "User-Agent", value: "lighter-hedge/0.1")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: endpoint.path, headers: headers)
        let timeout = timeAmount(connectTimeout)
        let timedOut = Flag()
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            // One read a wake-up: while the session's inbox is full, a read brings at most one
            // buffer (64 KiB) past its bound.
            .channelOption(.maxMessagesPerRead, value: 1)
        let upgraded = try await bootstrap.connect(host: endpoint.host, port: endpoint.port ?? (endpoint.secure ? 443 : 80)) { channel in
            channel.eventLoop.makeCompletedFuture {
                if let tls {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: sniName))
                }
                let upgrader = WebSocketUpgrader { channel in
                    try channel.pipeline.syncOperations.addHandler(
                        WebSocketFrameHandler(inbox: inbox, inline: inline, maxMessageSize: maxMessageSize, pingInterval: pingInterval))
                }
                var configuration = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: .init(
                    upgradeRequestHead: head, upgraders: [upgrader],
                    notUpgradingCompletionHandler: { $0.eventLoop.makeSucceededFuture(false) }))
                // The server's first frames may share a read with its 101 answer.
                configuration.leftOverBytesStrategy = .forwardBytes
                let outcome = try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: configuration)
                let deadline = channel.eventLoop.scheduleTask(in: timeout) {
                    timedOut.value.store(true, ordering: .relaxed)
                    channel.close(promise: nil)
                }
                return outcome.always { _ in deadline.cancel() }.map { (channel, $0) }
            }
        }
        let (channel, accepted): (any Channel, Bool)
        do {
            (channel, accepted) = try await upgraded.get()
        } catch {
            if timedOut.value.load(ordering: .relaxed) { throw UpgradeError.noAnswer(seconds: connectTimeout.components.seconds) }
            throw error
        }
        guard accepted else {
            try? await channel.close()
            throw UpgradeError.declined
        }
        return channel
    }

    /// `duration` as NIO counts time, at least a millisecond.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(max(1_000_000, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }

    /// Set when the upgrade's deadline closed the connection.
    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }
}
